package io.heathub.billing.input;

import io.heathub.api.Points;
import io.heathub.api.Quality;
import io.heathub.api.Reading;
import io.heathub.api.Unit;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Reads {@code readings.csv}: header {@code device,point,time,value,unit,quality}. {@link #read}
 * reads only the points billing uses ({@code heat.energy} in kWh, {@code temp.room} in °C), rows
 * of other points skipped unchecked; {@link #readCounters} reads the counters energy figures name. {@code time} is ISO-8601 with an offset
 * ({@code 2024-11-15T00:00:00Z}); {@code quality} is good, estimated, suspect or bad.
 */
public final class ReadingsCsv {
    public static final List<String> COLUMNS = List.of("device", "point", "time", "value", "unit", "quality");
    private static final Map<String, Unit> UNIT_OF_POINT = Map.of(
            Points.HEAT_ENERGY, Unit.KWH,
            Points.TEMP_ROOM, Unit.CELSIUS);

    private ReadingsCsv() {
    }

    /** The header line that {@link #read} expects, without a line end. */
    public static String header() {
        return String.join(",", COLUMNS);
    }

    /**
     * One reading as a data row that {@link #read} reads back, without a line end: time as an
     * ISO-8601 UTC instant, value as a plain decimal, unit symbol, quality in lower case; RFC 4180
     * quotes where a value needs them. The reading's reason has no column.
     */
    public static String row(Reading r) {
        return quote(r.device()) + ',' + quote(r.point()) + ',' + r.time() + ',' + r.value().toPlainString() + ','
                + quote(r.unit().symbol()) + ',' + r.quality().name().toLowerCase(Locale.ROOT);
    }

    /** RFC 4180: quoted when the value holds a comma, quote or line break, or would lose blanks to trimming. */
    static String quote(String value) {
        boolean plain = value.chars().noneMatch(c -> c == ',' || c == '"' || c == '\n' || c == '\r')
                && value.strip().equals(value);
        return plain ? value : '"' + value.replace("\"", "\"\"") + '"';
    }

    /**
     * The readings of billing points whose device {@code wanted} accepts, in file order; every
     * row of a billing point is checked, wanted or not, and each bad value added to {@code problems}.
     */
    public static List<Reading> read(Path file, String name, Problems problems, Predicate<String> wanted) {
        return read(CsvRows.file(file), name, problems, wanted);
    }

    static List<Reading> read(CsvRows.Source source, String name, Problems problems, Predicate<String> wanted) {
        List<Reading> out = new ArrayList<>();
        stream(source, name, problems, wanted, (device, point) -> false, problems, out::add);
        return out;
    }

    /**
     * One pass over {@code file} handing each reading to {@code sink} as it is read, in file order, nothing
     * kept: the billing points' readings of the devices {@code wanted} accepts, checked as {@link #read}
     * checks them (problems to {@code problems}), and the readings of the other (device, point) pairs
     * {@code others} accepts, checked as {@link #readCounters} checks them (problems to
     * {@code otherProblems}).
     *
     * @since 1.1
     */
    public static void stream(Path file, String name, Problems problems, Predicate<String> wanted,
                              BiPredicate<String, String> others, Problems otherProblems, Consumer<Reading> sink) {
        stream(CsvRows.file(file), name, problems, wanted, others, otherProblems, sink);
    }

    private static void stream(CsvRows.Source source, String name, Problems problems, Predicate<String> wanted,
                               BiPredicate<String, String> others, Problems otherProblems, Consumer<Reading> sink) {
        CsvRows.read(source, name, COLUMNS, problems, row -> {
            String point = row.text("point");
            Unit unit = UNIT_OF_POINT.get(point);
            if (point.isEmpty()) {
                row.problem("point", "missing point");
                return;
            }
            if (unit == null) {
                // not a billing point: read only when asked for, unchecked otherwise
                if (others.test(row.text("device"), point)) {
                    Reading r = checked(row, point, null, otherProblems);
                    if (r != null) {
                        sink.accept(r);
                    }
                }
                return;
            }
            Reading r = checked(row, point, unit, problems);
            if (r != null && wanted.test(r.device())) {
                sink.accept(r);
            }
        });
    }

    /**
     * The readings of the (device, point) pairs {@code wanted} accepts, any point and any canonical
     * unit (energy figures read electricity, water and fuel counters too), in file order; only
     * those rows are checked, each bad value added to {@code problems}.
     */
    public static List<Reading> readCounters(Path file, String name, Problems problems,
                                             BiPredicate<String, String> wanted) {
        return readCounters(CsvRows.file(file), name, problems, wanted);
    }

    static List<Reading> readCounters(CsvRows.Source source, String name, Problems problems,
                                      BiPredicate<String, String> wanted) {
        List<Reading> out = new ArrayList<>();
        CsvRows.read(source, name, COLUMNS, problems, row -> {
            String point = row.text("point");
            if (wanted.test(row.text("device"), point)) {
                Reading r = checked(row, point, null, problems);
                if (r != null) {
                    out.add(r);
                }
            }
        });
        return out;
    }

    /**
     * The row as a reading, or null after adding its problems.
     *
     * @param unit the unit the point must carry; null = any canonical unit symbol
     */
    private static Reading checked(CsvRows.Row row, String point, Unit unit, Problems problems) {
        int before = problems.count();
        String device = row.text("device");
        if (device.isEmpty()) {
            row.problem("device", "missing device id");
        }
        Instant time = null;
        String timeText = row.text("time");
        try {
            time = instant(timeText);
        } catch (DateTimeParseException e) {
            row.problem("time", "expected an ISO-8601 time with offset, e.g. 2024-11-15T00:00:00Z, got \"" + timeText + "\"");
        }
        BigDecimal value = null;
        String valueText = row.text("value");
        try {
            value = new BigDecimal(valueText);
        } catch (NumberFormatException e) {
            row.problem("value", "expected a number, got \"" + valueText + "\"");
        }
        String unitText = row.text("unit");
        Unit rowUnit = unit;
        if (unit == null) {
            rowUnit = Unit.bySymbol(unitText).orElse(null);
            if (rowUnit == null) {
                row.problem("unit", "unknown unit \"" + unitText + "\"");
            }
        } else if (!unitText.equals(unit.symbol())) {
            row.problem("unit", "unit \"" + unitText + "\" does not match point " + point + " (expected " + unit.symbol() + ")");
        }
        Quality quality = null;
        String qualityText = row.text("quality");
        try {
            quality = Quality.valueOf(qualityText.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            row.problem("quality", "expected good, estimated, suspect or bad, got \"" + qualityText + "\"");
        }
        return problems.count() == before ? new Reading(device, point, value, rowUnit, time, quality, "") : null;
    }

    /**
     * The instant an ISO-8601 time with offset names, as {@code OffsetDateTime.parse(text).toInstant()}:
     * the forms a hub writes ({@code 2024-11-15T00:00:00Z}, {@code …:00.5Z}, {@code …+08:00}) are read
     * by hand, a settlement reads millions of them; anything else, valid or not, is left to the parser,
     * so what is accepted and every error stay the parser's.
     *
     * @throws DateTimeParseException as {@link OffsetDateTime#parse}
     */
    static Instant instant(String text) {
        Instant fast = plainInstant(text);
        return fast != null ? fast : OffsetDateTime.parse(text).toInstant();
    }

    /** {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}](Z|±HH:mm)} with every field in range, else null. */
    private static Instant plainInstant(String t) {
        int n = t.length();
        if (n < 20 || t.charAt(4) != '-' || t.charAt(7) != '-' || t.charAt(10) != 'T' || t.charAt(13) != ':'
                || t.charAt(16) != ':') {
            return null;
        }
        int year = digits(t, 0, 4);
        int month = digits(t, 5, 7);
        int day = digits(t, 8, 10);
        int hour = digits(t, 11, 13);
        int minute = digits(t, 14, 16);
        int second = digits(t, 17, 19);
        if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59
                || second < 0 || second > 59 || day > java.time.YearMonth.of(year, month).lengthOfMonth()) {
            return null;
        }
        int at = 19;
        int nanos = 0;
        if (t.charAt(at) == '.') {
            int end = at + 1;
            while (end < n && end - at <= 9 && Character.isDigit(t.charAt(end)) && t.charAt(end) < 128) {
                end++;
            }
            int fraction = end - at - 1;
            if (fraction == 0 || fraction > 9 || end < n && Character.isDigit(t.charAt(end))) {
                return null;
            }
            nanos = digits(t, at + 1, end);
            for (int i = fraction; i < 9; i++) {
                nanos *= 10;
            }
            at = end;
        }
        int offsetSeconds;
        if (at == n - 1 && t.charAt(at) == 'Z') {
            offsetSeconds = 0;
        } else if (at == n - 6 && (t.charAt(at) == '+' || t.charAt(at) == '-') && t.charAt(at + 3) == ':') {
            int oh = digits(t, at + 1, at + 3);
            int om = digits(t, at + 4, at + 6);
            if (oh < 0 || oh > 17 || om < 0 || om > 59) {
                return null;
            }
            offsetSeconds = (t.charAt(at) == '-' ? -1 : 1) * (oh * 3600 + om * 60);
        } else {
            return null;
        }
        long days = java.time.LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(days * 86_400 + hour * 3600L + minute * 60L + second - offsetSeconds, nanos);
    }

    /** The ASCII digits of {@code t} from {@code from} to {@code to} as a number; -1 when one is not a digit. */
    private static int digits(String t, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /** Accepts the devices in {@code devices}. */
    public static Predicate<String> devicesIn(Set<String> devices) {
        return devices::contains;
    }
}
