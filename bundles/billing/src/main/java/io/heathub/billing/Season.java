package io.heathub.billing;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A heating season: the days from {@code start} to {@code end} (both included) in the site's
 * zone. It opens at 00:00 of the first day and closes at 24:00 of the last day, local time.
 */
public record Season(DayRange days, ZoneId zone) {

    /**
     * Longest season {@link #parse} accepts: a season with its test period and decree extensions
     * stays well inside a year; a longer range is a typo that would make a report read years of
     * export (bounded like the daily cuts).
     */
    public static final int MAX_DAYS = 400;

    /** The default site zone (docs/domain.md §2.6). */
    public static final ZoneId DEFAULT_ZONE = ZoneId.of("Asia/Shanghai");

    public Season {
        Objects.requireNonNull(days, "days");
        Objects.requireNonNull(zone, "zone");
    }

    public static Season of(LocalDate start, LocalDate end, ZoneId zone) {
        return new Season(new DayRange(start, end), zone);
    }

    /**
     * Parses {@code START/END} with ISO dates, e.g. {@code 2024-11-15/2025-03-15}.
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    public static Season parse(String text, ZoneId zone) {
        String[] parts = text.trim().split("/", -1);
        if (parts.length != 2) {
            throw new IllegalArgumentException("expected START/END with ISO dates, e.g. 2024-11-15/2025-03-15, got \"" + text + "\"");
        }
        try {
            LocalDate start = LocalDate.parse(parts[0].trim());
            LocalDate end = LocalDate.parse(parts[1].trim());
            if (end.isBefore(start)) {
                throw new IllegalArgumentException("season ends (" + end + ") before it starts (" + start + ")");
            }
            requireAtMostMaxDays(start, end);
            return of(start, end, zone);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("expected START/END with ISO dates, e.g. 2024-11-15/2025-03-15, got \"" + text + "\"");
        }
    }

    /**
     * @throws IllegalArgumentException when {@code start}..{@code end} (both included) spans more than {@link #MAX_DAYS} days
     */
    public static void requireAtMostMaxDays(LocalDate start, LocalDate end) {
        long days = java.time.temporal.ChronoUnit.DAYS.between(start, end) + 1;
        if (days > MAX_DAYS) {
            throw new IllegalArgumentException("a season of " + days + " days (" + start + "/" + end
                    + ") is longer than the " + MAX_DAYS + " days allowed; give one season");
        }
    }

    /** Parses a zone id such as {@code Asia/Shanghai}, {@code UTC} or {@code +08:00}. */
    public static ZoneId parseZone(String text) {
        try {
            return ZoneId.of(text.trim());
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("unknown time zone \"" + text + "\" (e.g. Asia/Shanghai, UTC)");
        }
    }

    public LocalDate start() {
        return days.first();
    }

    public LocalDate end() {
        return days.last();
    }

    /** Number of season days, both ends included: the divisor of the day fee. */
    public int dayCount() {
        return days.days();
    }

    /** 00:00 of the first day. */
    public Instant opens() {
        return startOf(days.first());
    }

    /** 24:00 of the last day, i.e. 00:00 of the day after. */
    public Instant closes() {
        return startOf(days.last().plusDays(1));
    }

    /** 00:00 of {@code day} in the site zone (the first valid instant on a DST-gap day). */
    public Instant startOf(LocalDate day) {
        return day.atStartOfDay(zone).toInstant();
    }

    /** The local day an instant falls on. */
    public LocalDate dayOf(Instant instant) {
        return instant.atZone(zone).toLocalDate();
    }

    /** Each season day in order. */
    public List<LocalDate> dates() {
        List<LocalDate> out = new ArrayList<>(dayCount());
        for (LocalDate d = days.first(); !d.isAfter(days.last()); d = d.plusDays(1)) {
            out.add(d);
        }
        return out;
    }

    /** Every cut instant: 00:00 of each season day and 24:00 of the last one. */
    public List<Instant> cutInstants() {
        List<Instant> out = new ArrayList<>(dayCount() + 1);
        for (LocalDate d : dates()) {
            out.add(startOf(d));
        }
        out.add(closes());
        return out;
    }
}
