package io.heathub.wire;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.heathub.api.Quality;
import io.heathub.api.Reading;
import io.heathub.api.SourceUnit;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Readings coming in from outside a driver (a Camel route, a backend), checked and bounded at the
 * door and converted to canonical units: the form of {@code docs/reading.schema.json} where
 * {@code time} may be left out (= now), {@code quality} (= GOOD) and {@code reason} too, and
 * {@code unit} may be any unit a device reports ({@link SourceUnit}: MWh, GJ, bar, L/h…), whose
 * value is converted exactly where the factor allows. Every refusal names the reading (its index,
 * and device/point when known) and what is wrong. Thread-safe.
 */
public final class ReadingInput {
    /** Device ids as in {@code site.yaml}. */
    public static final Pattern DEVICE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    /** Point names: dot-separated words, e.g. {@code temp.supply}, {@code alarm.stuckCounter}. */
    public static final Pattern POINT = Pattern.compile("[A-Za-z][A-Za-z0-9_]*(\\.[A-Za-z0-9_]+){0,7}");
    private static final Set<String> FIELDS = Set.of("device", "point", "value", "unit", "time", "quality", "reason");
    private static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    /** Forecasts are time-stamped ahead (48–72 h); a month ahead is a wrong clock. */
    private static final Duration MOST_AHEAD = Duration.ofDays(30);
    /** Integer and fraction digits a value may have: keeps every wire's plain decimals short. */
    private static final int MAX_DIGITS = 20;

    /**
     * @param maxBytes    largest JSON body
     * @param maxReadings most readings in one body or list
     * @param maxText     longest {@code reason} (ids and points have their own syntax)
     */
    public record Limits(int maxBytes, int maxReadings, int maxText) {
        /** 1 MiB, 10 000 readings, 512 characters. */
        public static final Limits DEFAULT = new Limits(1 << 20, 10_000, 512);
    }

    private final JsonFactory factory = new JsonFactory();
    private final Limits limits;
    private final Clock clock;

    public ReadingInput(Limits limits, Clock clock) {
        this.limits = limits;
        this.clock = clock;
    }

    /** A JSON array of reading objects (or one object), UTF-8. */
    public List<Reading> readJson(byte[] json) throws WireFormatException {
        if (json.length > limits.maxBytes()) {
            throw new WireFormatException("body of " + json.length + " bytes is over the limit of " + limits.maxBytes());
        }
        Instant now = clock.instant();
        List<Reading> out = new ArrayList<>();
        try (JsonParser p = factory.createParser(json)) {
            JsonToken first = p.nextToken();
            if (first == JsonToken.START_OBJECT) {
                out.add(reading(readObject(p, 0), 0, now));
            } else if (first == JsonToken.START_ARRAY) {
                JsonToken t;
                while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                    if (t != JsonToken.START_OBJECT) {
                        throw new WireFormatException("reading [" + out.size() + "]: expected a JSON object, got " + t);
                    }
                    countOne(out.size());
                    out.add(reading(readObject(p, out.size()), out.size(), now));
                }
            } else {
                throw new WireFormatException("expected a JSON array of readings like [{\"device\":\"plc-1\","
                        + "\"point\":\"temp.supply\",\"value\":71.5,\"unit\":\"°C\"}], got " + first);
            }
            if (p.nextToken() != null) {
                throw new WireFormatException("unexpected content after the readings at character "
                        + p.currentLocation().getCharOffset());
            }
        } catch (JsonProcessingException e) {
            throw new WireFormatException("not valid JSON: " + e.getOriginalMessage() + " at character "
                    + (e.getLocation() == null ? "?" : e.getLocation().getCharOffset()), e);
        } catch (IOException e) {
            throw new WireFormatException("cannot read the readings: " + e.getMessage(), e);
        }
        return out;
    }

    /**
     * Readings given as objects: {@link Reading}s (checked as they are) or maps with the JSON
     * fields ({@code value} a number or numeric text, {@code time} an {@link Instant}, a
     * {@link Date} or ISO-8601 text).
     */
    public List<Reading> readObjects(List<?> items) throws WireFormatException {
        if (items.size() > limits.maxReadings()) {
            throw new WireFormatException(items.size() + " readings are over the limit of " + limits.maxReadings());
        }
        Instant now = clock.instant();
        List<Reading> out = new ArrayList<>(items.size());
        for (Object item : items) {
            int index = out.size();
            if (item instanceof Reading r) {
                out.add(check(r.device(), r.point(), r.value(), SourceUnit.bySymbol(r.unit().symbol()).orElseThrow(),
                        r.time(), r.quality(), r.reason(), index, now));
            } else if (item instanceof Map<?, ?> map) {
                Map<String, Object> fields = new LinkedHashMap<>();
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    fields.put(String.valueOf(e.getKey()), e.getValue());
                }
                out.add(reading(fields, index, now));
            } else {
                throw new WireFormatException("reading [" + index + "]: expected a reading or a map of its fields, got "
                        + (item == null ? "null" : item.getClass().getName()));
            }
        }
        return out;
    }

    private void countOne(int sofar) throws WireFormatException {
        if (sofar >= limits.maxReadings()) {
            throw new WireFormatException("more than " + limits.maxReadings() + " readings in one body");
        }
    }

    private Map<String, Object> readObject(JsonParser p, int index) throws IOException, WireFormatException {
        Map<String, Object> fields = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            if (!FIELDS.contains(name)) {
                throw new WireFormatException("reading [" + index + "]: unknown field \"" + shorten(name) + "\" (allowed: "
                        + String.join(", ", FIELDS.stream().sorted().toList()) + ")");
            }
            if (t.isNumeric()) {
                fields.put(name, p.getDecimalValue());
            } else if (t == JsonToken.VALUE_STRING) {
                fields.put(name, p.getText());
            } else if (t == JsonToken.VALUE_NULL) {
                fields.put(name, null);
            } else {
                throw new WireFormatException("reading [" + index + "]: " + name + ": expected a "
                        + (name.equals("value") ? "number" : "string") + ", got " + t);
            }
        }
        return fields;
    }

    private Reading reading(Map<String, Object> fields, int index, Instant now) throws WireFormatException {
        for (String name : fields.keySet()) {
            if (!FIELDS.contains(name)) {
                throw new WireFormatException("reading [" + index + "]: unknown field \"" + shorten(name) + "\"");
            }
        }
        String device = text(fields, "device", "reading [" + index + "]", true);
        String point = text(fields, "point", "reading [" + index + "]", true);
        String where = "reading [" + index + "] (" + shorten(device) + " " + shorten(point) + ")";
        Object rawValue = fields.get("value");
        BigDecimal value;
        if (rawValue instanceof BigDecimal d) {
            value = d;
        } else if (rawValue instanceof Double || rawValue instanceof Float) {
            double d = ((Number) rawValue).doubleValue();
            if (!Double.isFinite(d)) {
                throw new WireFormatException(where + ": value: " + d + " is not a finite number");
            }
            value = BigDecimal.valueOf(d);
        } else if (rawValue instanceof Number n) {
            value = new BigDecimal(n.toString());
        } else if (rawValue instanceof String s && s.length() <= 2 * MAX_DIGITS + 2) {
            try {
                value = new BigDecimal(s.strip());
            } catch (NumberFormatException e) {
                throw new WireFormatException(where + ": value: \"" + s + "\" is not a number");
            }
        } else {
            throw new WireFormatException(where + ": value: " + (rawValue == null ? "missing" : "expected a number"));
        }
        String unitText = text(fields, "unit", where, true);
        SourceUnit unit = SourceUnit.bySymbol(unitText).orElseThrow(() -> new WireFormatException(where
                + ": unit: unknown unit \"" + shorten(unitText) + "\"; known: " + Arrays.stream(SourceUnit.values())
                .map(SourceUnit::symbol).filter(s -> !s.isEmpty()).collect(Collectors.joining(", ")) + " or \"\""));
        Instant time = time(fields.get("time"), where, now);
        String qualityText = text(fields, "quality", where, false);
        Quality quality;
        try {
            quality = qualityText == null ? Quality.GOOD : Quality.valueOf(qualityText.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new WireFormatException(where + ": quality: \"" + shorten(qualityText)
                    + "\" is none of GOOD, ESTIMATED, SUSPECT, BAD");
        }
        String reason = text(fields, "reason", where, false);
        return check(device, point, value, unit, time, quality, reason, index, now);
    }

    private Reading check(String device, String point, BigDecimal value, SourceUnit unit, Instant time,
                          Quality quality, String reason, int index, Instant now) throws WireFormatException {
        String where = "reading [" + index + "] (" + shorten(device) + " " + shorten(point) + ")";
        if (!DEVICE.matcher(device).matches()) {
            throw new WireFormatException(where + ": device: \"" + shorten(device) + "\" is not a device id (1-64 of"
                    + " letters, digits, '.', '_', '-', starting with a letter or digit, as in site.yaml)");
        }
        if (point.length() > 64 || !POINT.matcher(point).matches()) {
            throw new WireFormatException(where + ": point: \"" + shorten(point) + "\" is not a point name (up to 64"
                    + " characters: dot-separated words of letters, digits, '_', e.g. temp.supply)");
        }
        BigDecimal stripped = value.stripTrailingZeros();
        if (stripped.precision() - stripped.scale() > MAX_DIGITS || stripped.scale() > MAX_DIGITS) {
            throw new WireFormatException(where + ": value: " + value.toString() + " has more than " + MAX_DIGITS
                    + " digits before or after the point");
        }
        if (time.isBefore(EARLIEST) || time.isAfter(now.plus(MOST_AHEAD))) {
            throw new WireFormatException(where + ": time: " + time + " is before " + EARLIEST
                    + " or more than 30 days ahead (a wrong clock?)");
        }
        if (reason != null && reason.length() > limits.maxText()) {
            throw new WireFormatException(where + ": reason: " + reason.length() + " characters, at most "
                    + limits.maxText());
        }
        return new Reading(device, point, unit.toCanonical(value), unit.canonical(), time, quality, reason);
    }

    private static Instant time(Object raw, String where, Instant now) throws WireFormatException {
        if (raw == null) {
            return now;
        }
        if (raw instanceof Instant i) {
            return i;
        }
        if (raw instanceof Date d) {
            return d.toInstant();
        }
        if (raw instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        if (raw instanceof String s && s.length() <= 64) {
            try {
                return OffsetDateTime.parse(s.strip()).toInstant();
            } catch (DateTimeParseException e) {
                throw new WireFormatException(where + ": time: \"" + s + "\" is not an ISO-8601 time such as"
                        + " 2026-11-23T09:30:00Z");
            }
        }
        throw new WireFormatException(where + ": time: expected ISO-8601 text, got " + raw.getClass().getSimpleName());
    }

    private static String text(Map<String, Object> fields, String name, String where, boolean required)
            throws WireFormatException {
        Object raw = fields.get(name);
        if (raw == null) {
            if (required) {
                throw new WireFormatException(where + ": " + name + ": missing");
            }
            return null;
        }
        if (!(raw instanceof String) && !(raw instanceof Enum<?>)) {
            throw new WireFormatException(where + ": " + name + ": expected text, got " + raw.getClass().getSimpleName());
        }
        return raw.toString();
    }

    /** Echoes at most 64 characters of what was sent, so a refusal cannot be made huge. */
    private static String shorten(String s) {
        return s == null ? "?" : s.length() <= 64 ? s : s.substring(0, 64) + "…";
    }
}
