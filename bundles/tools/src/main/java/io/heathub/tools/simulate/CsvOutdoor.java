package io.heathub.tools.simulate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Outdoor temperatures from a CSV file: a header {@code time,outdoor}, then one row per sample,
 * times ISO-8601 with an offset ({@code 2026-12-10T00:00+08:00}, {@code …Z}) or local to the
 * site's zone ({@code 2026-12-10T00:00}), strictly increasing. Between rows the temperature is
 * interpolated linearly. Blank lines and lines starting with {@code #} are skipped.
 */
final class CsvOutdoor implements OutdoorProfile {

    /** A problem in the file, already phrased as {@code file:line: problem}. */
    static final class CsvException extends Exception {
        private static final long serialVersionUID = 1L;

        CsvException(String message) {
            super(message);
        }
    }

    private final String name;
    private final Instant[] times;
    private final double[] values;

    private CsvOutdoor(String name, Instant[] times, double[] values) {
        this.name = name;
        this.times = times;
        this.values = values;
    }

    /** Reads {@code file}; local times are read in {@code zone}. */
    static CsvOutdoor read(Path file, ZoneId zone) throws CsvException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CsvException(file + ": cannot read: " + e.getMessage());
        }
        List<Instant> times = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        boolean header = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            String where = file + ":" + (i + 1) + ": ";
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] cells = line.split(",", -1);
            if (!header) {
                if (cells.length != 2 || !cells[0].strip().equals("time") || !cells[1].strip().equals("outdoor")) {
                    throw new CsvException(where + "expected the header \"time,outdoor\", got \"" + line + "\"");
                }
                header = true;
                continue;
            }
            if (cells.length != 2) {
                throw new CsvException(where + "expected 2 columns (time,outdoor), got " + cells.length);
            }
            Instant time = time(cells[0].strip(), zone, where);
            double value;
            try {
                value = Double.parseDouble(cells[1].strip());
            } catch (NumberFormatException e) {
                throw new CsvException(where + "outdoor: expected a number in °C, got \"" + cells[1].strip() + "\"");
            }
            if (!Double.isFinite(value)) {
                throw new CsvException(where + "outdoor: expected a finite number, got \"" + cells[1].strip() + "\"");
            }
            if (!times.isEmpty() && !time.isAfter(times.get(times.size() - 1))) {
                throw new CsvException(where + "time " + cells[0].strip() + " is not after the previous row's");
            }
            times.add(time);
            values.add(value);
        }
        if (!header) {
            throw new CsvException(file + ": empty file; expected the header \"time,outdoor\" and rows");
        }
        if (times.isEmpty()) {
            throw new CsvException(file + ": no rows after the header");
        }
        return new CsvOutdoor(file.toString(), times.toArray(Instant[]::new),
                values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static Instant time(String text, ZoneId zone, String where) throws CsvException {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeException withoutOffset) {
            try {
                return LocalDateTime.parse(text).atZone(zone).toInstant();
            } catch (DateTimeException e) {
                throw new CsvException(where + "time: expected ISO-8601 like 2026-12-10T00:00 or 2026-12-10T00:00+08:00,"
                        + " got \"" + text + "\"");
            }
        }
    }

    /** First time covered. */
    Instant first() {
        return times[0];
    }

    /** Last time covered. */
    Instant last() {
        return times[times.length - 1];
    }

    /** Whether {@code time} lies within the file's first and last row. */
    boolean covers(Instant time) {
        return !time.isBefore(first()) && !time.isAfter(last());
    }

    @Override
    public double at(Instant time) {
        if (!covers(time)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%s covers %s–%s, not %s", name, first(),
                    last(), time));
        }
        int found = Arrays.binarySearch(times, time);
        if (found >= 0) {
            return values[found];
        }
        int after = -found - 1;
        int before = after - 1;
        double share = (double) (time.toEpochMilli() - times[before].toEpochMilli())
                / (times[after].toEpochMilli() - times[before].toEpochMilli());
        return values[before] + share * (values[after] - values[before]);
    }

    @Override
    public String name() {
        return name;
    }
}
