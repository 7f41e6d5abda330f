package io.heathub.web;

import io.heathub.api.Reading;
import io.heathub.api.journal.Journal;
import io.heathub.api.journal.JournalEntry;
import io.heathub.api.journal.JournalException;
import io.heathub.api.rest.JsonText;
import io.heathub.api.rest.RestRequest;
import io.heathub.api.rest.RestResponse;
import io.heathub.wire.ReadingJson;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code GET /api/readings?device=&point=[&point=…]&from=&to=&max=}: the history of a device's points
 * read back from the journal in one scan, for the console's charts. Bounded four ways: the points (at
 * most {@link #MAX_SERIES}), the window (at most {@link #MAX_SPAN}), each series (at most
 * {@link #MAX_POINTS} values: the window is cut into that many equal slots and each keeps its first
 * reading) and the work (at most {@link #MAX_SCANNED} journal entries; beyond it the answer says
 * {@code "complete":false}). The scan starts at the entries appended {@link #APPEND_SLACK}
 * before {@code from}: a reading journaled earlier than that (a backfill or a forecast posted days
 * ahead) is not found. Thread-safe.
 */
final class ReadingHistory {
    static final int MAX_POINTS = 10_000;
    static final int MAX_SERIES = 24;
    static final Duration MAX_SPAN = Duration.ofDays(31);
    static final Duration DEFAULT_SPAN = Duration.ofHours(24);
    static final long MAX_SCANNED = 3_000_000;
    static final Duration APPEND_SLACK = Duration.ofHours(1);
    private static final int PAGE = 4096;
    private static final int MAX_ID_LENGTH = 128;
    private static final Set<String> PARAMETERS = Set.of("device", "point", "from", "to", "max");

    private final ReadingJson readingJson = new ReadingJson();
    private final Supplier<Journal> journal;
    private final Clock clock;

    ReadingHistory(Supplier<Journal> journal, Clock clock) {
        this.journal = journal;
        this.clock = clock;
    }

    /** The request checked: 400 with what is wrong, else the series. */
    RestResponse answer(RestRequest request) {
        for (var p : request.query().entrySet()) {
            if (!PARAMETERS.contains(p.getKey())) {
                return bad("unknown parameter '" + p.getKey() + "' (known: device, point, from, to, max)");
            }
            if (p.getValue().size() != 1 && !p.getKey().equals("point")) {
                return bad("parameter '" + p.getKey() + "' given " + p.getValue().size() + " times");
            }
        }
        String device = request.param("device");
        List<String> points = request.query().getOrDefault("point", List.of()).stream().distinct().toList();
        if (points.size() > MAX_SERIES) {
            return bad(points.size() + " points asked; at most " + MAX_SERIES + " in one request");
        }
        String idProblem = idProblem("device", device);
        if (idProblem == null && points.isEmpty()) {
            idProblem = idProblem("point", null);
        }
        for (String point : points) {
            idProblem = idProblem == null ? idProblem("point", point) : idProblem;
        }
        if (idProblem != null) {
            return bad(idProblem);
        }
        Instant to;
        Instant from;
        int max;
        try {
            to = instant("to", request.param("to"), clock.instant());
            from = instant("from", request.param("from"), to.minus(DEFAULT_SPAN));
            max = request.param("max") == null ? MAX_POINTS : Integer.parseInt(request.param("max"));
        } catch (NumberFormatException e) {
            return bad("max must be a whole number from 1 to " + MAX_POINTS + ", was '" + request.param("max") + "'");
        } catch (IllegalArgumentException e) {
            return bad(e.getMessage());
        }
        if (max < 1 || max > MAX_POINTS) {
            return bad("max must be from 1 to " + MAX_POINTS + ", was " + max);
        }
        if (!from.isBefore(to)) {
            return bad("from (" + from + ") must be before to (" + to + ")");
        }
        if (Duration.between(from, to).compareTo(MAX_SPAN) > 0) {
            return bad("from .. to spans " + Duration.between(from, to) + "; at most " + MAX_SPAN.toDays() + " days");
        }
        Journal store = journal.get();
        if (store == null) {
            return RestResponse.error(503, "no journal is running; history is read from it");
        }
        try {
            List<Slots> series = new ArrayList<>();
            for (String point : points) {
                series.add(new Slots(point, from, to, max));
            }
            return series(store, device, from, to, series);
        } catch (JournalException e) {
            return RestResponse.error(503, "the journal could not be read: " + e.getMessage());
        }
    }

    private RestResponse series(Journal store, String device, Instant from, Instant to, List<Slots> series)
            throws JournalException {
        java.util.Map<String, Slots> byPoint = new java.util.HashMap<>();
        series.forEach(slots -> byPoint.put(slots.point, slots));
        long position = store.positionAppendedAt(from.minus(APPEND_SLACK));
        long scanned = 0;
        boolean complete = true;
        while (true) {
            if (scanned >= MAX_SCANNED) {
                complete = position > store.head();
                break;
            }
            List<JournalEntry> page = store.readFrom(position, PAGE);
            if (page.isEmpty()) {
                break;
            }
            for (JournalEntry e : page) {
                Reading r = e.reading();
                Slots slots = r.device().equals(device) ? byPoint.get(r.point()) : null;
                if (slots != null) {
                    slots.offer(r);
                }
            }
            scanned += page.size();
            position = page.get(page.size() - 1).position() + 1;
        }
        boolean scannedAll = complete;
        byte[] body = readingJson.render(gen -> {
            gen.writeStartObject();
            gen.writeStringField("device", device);
            gen.writeStringField("from", from.toString());
            gen.writeStringField("to", to.toString());
            gen.writeBooleanField("complete", scannedAll);
            gen.writeArrayFieldStart("series");
            for (Slots slots : series) {
                gen.writeStartObject();
                gen.writeStringField("point", slots.point);
                gen.writeStringField("unit", slots.unit);
                gen.writeNumberField("matched", slots.matched);
                List<Integer> filled = slots.filled();
                gen.writeArrayFieldStart("times");
                for (int i : filled) {
                    gen.writeNumber(slots.times[i]);
                }
                gen.writeEndArray();
                gen.writeArrayFieldStart("values");
                for (int i : filled) {
                    gen.writeNumber(slots.values[i]);
                }
                gen.writeEndArray();
                gen.writeEndObject();
            }
            gen.writeEndArray();
            gen.writeEndObject();
        });
        return RestResponse.json(200, new JsonText(new String(body, StandardCharsets.UTF_8)));
    }

    /** The window cut into {@code max} equal slots, each keeping the first reading that falls in it. */
    private static final class Slots {
        final String point;
        final Instant from;
        final Instant to;
        final long[] times;
        final BigDecimal[] values;
        final long fromMillis;
        final long slotMillis;
        String unit;
        long matched;

        Slots(String point, Instant from, Instant to, int max) {
            this.point = point;
            this.from = from;
            this.to = to;
            this.fromMillis = from.toEpochMilli();
            long span = to.toEpochMilli() - fromMillis;
            this.slotMillis = Math.max(1, (span + max - 1) / max);
            int slots = (int) Math.min(max, (span + slotMillis - 1) / slotMillis);
            this.times = new long[slots];
            this.values = new BigDecimal[slots];
        }

        /** A reading of this series' device and point: kept when in the window and its slot is still empty. */
        void offer(Reading r) {
            if (r.time().isBefore(from) || !r.time().isBefore(to)) {
                return;
            }
            matched++;
            unit = r.unit().symbol();
            int slot = (int) Math.min(values.length - 1, (r.time().toEpochMilli() - fromMillis) / slotMillis);
            if (values[slot] == null) {
                values[slot] = r.value();
                times[slot] = r.time().toEpochMilli();
            }
        }

        List<Integer> filled() {
            List<Integer> out = new ArrayList<>();
            for (int i = 0; i < values.length; i++) {
                if (values[i] != null) {
                    out.add(i);
                }
            }
            return out;
        }
    }

    private static Instant instant(String name, String text, Instant absent) {
        if (text == null) {
            return absent;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " must be an ISO-8601 instant like 2026-01-01T00:00:00Z, was '"
                    + (text.length() > 40 ? text.substring(0, 40) + "…" : text) + "'");
        }
    }

    private static String idProblem(String name, String value) {
        if (value == null || value.isBlank()) {
            return name + " is required: /api/readings?device=ID&point=NAME[&point=NAME…][&from=ISO&to=ISO&max=N]";
        }
        if (value.length() > MAX_ID_LENGTH || value.chars().anyMatch(Character::isISOControl)) {
            return name + " must be at most " + MAX_ID_LENGTH + " characters without control characters";
        }
        return null;
    }

    private static RestResponse bad(String message) {
        return RestResponse.error(400, message);
    }
}
