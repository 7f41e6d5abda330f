package io.heathub.control;

import java.time.LocalDate;
import java.time.MonthDay;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Total flow setpoint by calendar period. A period runs from {@code first} to {@code last}, both
 * days included; when {@code first} is after {@code last} it crosses the new year (16 Nov–15 Feb).
 * Periods must not overlap; 29 Feb belongs to the period that holds it as a month-day.
 *
 * @param periods the periods, non-overlapping
 * @param limits  every configured flow must lie within these (m³/h)
 * @param rate    how fast the flow setpoint may move (a new period ramps instead of jumping)
 */
public record SeasonFlow(List<Period> periods, Limits limits, RateLimit rate) {

    /**
     * One period.
     *
     * @param first first day, included
     * @param last  last day, included
     * @param flow  flow setpoint m³/h
     */
    public record Period(MonthDay first, MonthDay last, double flow) {
        public Period {
            Objects.requireNonNull(first, "first");
            Objects.requireNonNull(last, "last");
        }

        /** Whether {@code day} falls in this period. */
        public boolean contains(MonthDay day) {
            if (!first.isAfter(last)) {
                return !day.isBefore(first) && !day.isAfter(last);
            }
            return !day.isBefore(first) || !day.isAfter(last); // crosses the new year
        }
    }

    public SeasonFlow {
        periods = List.copyOf(periods);
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(rate, "rate");
        for (int i = 0; i < periods.size(); i++) {
            if (!limits.contains(periods.get(i).flow())) {
                throw new IllegalArgumentException("flow period " + i + " (" + periods.get(i).first() + "–"
                        + periods.get(i).last() + "): flow " + periods.get(i).flow() + " outside " + limits);
            }
        }
        // every day of a leap year in at most one period
        LocalDate day = LocalDate.of(2024, 1, 1);
        for (int d = 0; d < 366; d++, day = day.plusDays(1)) {
            MonthDay monthDay = MonthDay.from(day);
            int found = -1;
            for (int i = 0; i < periods.size(); i++) {
                if (periods.get(i).contains(monthDay)) {
                    if (found >= 0) {
                        throw new IllegalArgumentException("flow periods " + found + " and " + i + " overlap on "
                                + monthDay);
                    }
                    found = i;
                }
            }
        }
    }

    /** The period that holds {@code date}, if any. */
    public Optional<Period> periodOn(LocalDate date) {
        MonthDay day = MonthDay.from(date);
        return periods.stream().filter(period -> period.contains(day)).findFirst();
    }
}
