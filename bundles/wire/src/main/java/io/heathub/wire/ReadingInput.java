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
import java.util.Optional;
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
 *
 * <p>The one set of checks of every way in: device ids as in {@code site.yaml}, point names, at
 * most {@value #MAX_DIGITS} digits before and after the point of a value as sent (and before the
 * point of the canonical value), a time inside the {@link Window} around the hub's clock, and
 * bounded text. Core applies the same checks to readings given to its {@code ReadingSink} (with
 * the window of its configuration) and marks a driver's reading that fails them SUSPECT
 * ({@link #polledProblem}); {@link CommandJson} checks commands with the same id, point and value
 * rules.
 */
public final class ReadingInput {
    /** Device ids as in {@code site.yaml}. */
    public static final Pattern DEVICE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    /** Point names: dot-separated words, e.g. {@code temp.supply}, {@code alarm.stuckCounter}. */
    public static final Pattern POINT = Pattern.compile("[A-Za-z][A-Za-z0-9_]*(\\.[A-Za-z0-9_]+){0,7}");
    private static final Set<String> FIELDS = Set.of("device", "point", "value", "unit", "time", "quality", "reason");
    /**
     * Integer digits a value may have, and fraction digits a value given in text may have: every
     * wire writes plain decimals, and a value like {@code 1e10000} must not become 10 001 of them.
     */
    public static final int MAX_DIGITS = 20;
    /**
     * Fraction digits of a canonical value: the non-terminating J and GJ factors give 34
     * significant digits ({@link SourceUnit}), which a reading of a small value carries after the point.
     */
    private static final int MAX_CANONICAL_SCALE = 40;

    /**
     * @param maxBytes    largest JSON body
     * @param maxReadings most readings in one body or list
     * @param maxText     longest {@code reason} (ids and points have their own syntax)
     */
    public record Limits(int maxBytes, int maxReadings, int maxText) {
        /** 1 MiB, 10 000 readings, 512 characters. */
        public static final Limits DEFAULT = new Limits(1 << 20, 10_000, 512);
    }

    /**
     * How far a reading's time may lie from the hub's clock: forecasts are time-stamped ahead
     * (48–72 h), backfills behind; beyond this it is a wrong clock or a hostile value.
     *
     * @param maxLead how far ahead of the hub's clock
     * @param maxLag  how far behind it
     */
    public record Window(Duration maxLead, Duration maxLag) {
        /** 7 days ahead, 400 days behind (the journal's default retention). */
        public static final Window DEFAULT = new Window(Duration.ofDays(7), Duration.ofDays(400));

        public Window {
            if (maxLead.isNegative() || maxLag.isNegative()) {
                throw new IllegalArgumentException("a reading time window cannot be negative: lead " + maxLead
                        + ", lag " + maxLag);
            }
        }
    }

    private final JsonFactory factory = new JsonFactory();
    private final Limits limits;
    private final Window window;
    private final Clock clock;

    /** With the {@link Window#DEFAULT} time window. */
    public ReadingInput(Limits limits, Clock clock) {
        this(limits, Window.DEFAULT, clock);
    }

    public ReadingInput(Limits limits, Window window, Clock clock) {
        this.limits = limits;
        this.window = window;
        this.clock = clock;
    }

    /** The time window this door applies. */
    public Window window() {
        return window;
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
                        r.time(), r.quality(), r.reason(), index, now, false));
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
                fields.put(name, ReadingJson.decimalValue(p));
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
        return check(device, point, value, unit, time, quality, reason, index, now, true);
    }

    private Reading check(String device, String point, BigDecimal value, SourceUnit unit, Instant time,
                          Quality quality, String reason, int index, Instant now, boolean sent)
            throws WireFormatException {
        String where = "reading [" + index + "] (" + shorten(device) + " " + shorten(point) + ")";
        Optional<String> problem = deviceProblem(device).or(() -> pointProblem(point));
        if (problem.isEmpty() && sent) {
            problem = sourceValueProblem(value); // a Reading is canonical already: checked below only
        }
        BigDecimal canonical = problem.isPresent() ? value : unit.toCanonical(value);
        problem = problem.or(() -> canonicalValueProblem(canonical)).or(() -> timeProblem(time, now));
        if (problem.isEmpty() && reason != null && reason.length() > limits.maxText()) {
            problem = Optional.of("reason: " + reason.length() + " characters, at most " + limits.maxText());
        }
        if (problem.isPresent()) {
            throw new WireFormatException(where + ": " + problem.get());
        }
        return new Reading(device, point, canonical, unit.canonical(), time, quality, reason);
    }

    /**
     * Checks canonical readings as they are (a feature's, or parsed already): device, point,
     * value, time and reason as for {@link #readObjects}, converting nothing.
     *
     * @throws WireFormatException naming the first reading that fails, and why
     */
    public void check(List<Reading> readings) throws WireFormatException {
        if (readings.size() > limits.maxReadings()) {
            throw new WireFormatException(readings.size() + " readings are over the limit of " + limits.maxReadings());
        }
        for (int i = 0; i < readings.size(); i++) {
            Reading r = readings.get(i);
            Optional<String> problem = deviceProblem(r.device()).or(() -> polledProblem(r));
            if (problem.isEmpty() && r.reason().length() > limits.maxText()) {
                problem = Optional.of("reason: " + r.reason().length() + " characters, at most " + limits.maxText());
            }
            if (problem.isPresent()) {
                throw new WireFormatException("reading [" + i + "] (" + shorten(r.device()) + " " + shorten(r.point())
                        + "): " + problem.get());
            }
        }
    }

    /**
     * What is wrong with a reading the hub made itself (a driver's poll, line statistics), or
     * empty: its point name, its value's size and its time against the hub's clock. Its device is
     * the site's (or {@code bus:<id>}) and is not checked. The bus worker marks such a reading
     * SUSPECT with this reason rather than dropping it.
     */
    public Optional<String> polledProblem(Reading reading) {
        return pointProblem(reading.point()).or(() -> canonicalValueProblem(reading.value()))
                .or(() -> timeProblem(reading.time(), clock.instant()));
    }

    /** Why {@code device} is not a device id as in {@code site.yaml}, or empty. */
    public static Optional<String> deviceProblem(String device) {
        return DEVICE.matcher(device).matches() ? Optional.empty() : Optional.of("device: \"" + shorten(device)
                + "\" is not a device id (1-64 of letters, digits, '.', '_', '-', starting with a letter or digit,"
                + " as in site.yaml)");
    }

    /** Why {@code point} is not a point name, or empty. */
    public static Optional<String> pointProblem(String point) {
        return point.length() <= 64 && POINT.matcher(point).matches() ? Optional.empty() : Optional.of("point: \""
                + shorten(point) + "\" is not a point name (up to 64 characters: dot-separated words of letters,"
                + " digits, '_', e.g. temp.supply)");
    }

    /** Why a value as sent (before unit conversion) is too long, or empty: at most 20 digits before and after the point. */
    public static Optional<String> sourceValueProblem(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        if (stripped.precision() - stripped.scale() > MAX_DIGITS || stripped.scale() > MAX_DIGITS) {
            return Optional.of("value: " + shortNumber(value) + " has more than " + MAX_DIGITS
                    + " digits before or after the point");
        }
        return Optional.empty();
    }

    /** Why a canonical value is too large or too long for the wires, or empty. */
    public static Optional<String> canonicalValueProblem(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        if (stripped.precision() - stripped.scale() > MAX_DIGITS) {
            return Optional.of("value: " + shortNumber(value) + " has more than " + MAX_DIGITS
                    + " digits before the point");
        }
        if (stripped.scale() > MAX_CANONICAL_SCALE) {
            return Optional.of("value: " + shortNumber(value) + " has more than " + MAX_CANONICAL_SCALE
                    + " digits after the point");
        }
        return Optional.empty();
    }

    /** Why {@code time} is outside this door's window around {@code now}, or empty. */
    public Optional<String> timeProblem(Instant time, Instant now) {
        if (time.isAfter(now.plus(window.maxLead()))) {
            return Optional.of("time: " + time + " is " + TimeSpans.describe(Duration.between(now, time))
                    + " ahead of the hub's clock (" + now + "; at most " + TimeSpans.describe(window.maxLead())
                    + " ahead: a wrong clock?)");
        }
        if (time.isBefore(now.minus(window.maxLag()))) {
            return Optional.of("time: " + time + " is " + TimeSpans.describe(Duration.between(time, now))
                    + " behind the hub's clock (" + now + "; at most " + TimeSpans.describe(window.maxLag())
                    + " behind: a wrong clock?)");
        }
        return Optional.empty();
    }

    /** A number as the sender wrote it, at most 64 characters (never 10 001 digits of a plain 1e10000). */
    private static String shortNumber(BigDecimal value) {
        return shorten(value.toString());
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

    /** Echoes at most 64 characters of what was sent, so a refusal cannot be made huge (shared by the package's readers). */
    static String shorten(String s) {
        return s == null ? "?" : s.length() <= 64 ? s : s.substring(0, 64) + "… (" + s.length() + " characters)";
    }
}
