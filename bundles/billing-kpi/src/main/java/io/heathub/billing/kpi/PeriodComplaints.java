package io.heathub.billing.kpi;

import io.heathub.billing.records.Complaint;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * Residents' complaints over the period of a set of figures, beside the energy (the supervision feed
 * counts the open ones at each hour; the figures count what the period brought).
 *
 * @param made       complaints made in [from, to)
 * @param byCategory of those, per category ({@code tooCold}, {@code noHeat} …), sorted
 * @param openAtEnd  complaints made before {@code to} and not resolved by then (older ones too)
 */
public record PeriodComplaints(int made, Map<String, Integer> byCategory, int openAtEnd) {
    public PeriodComplaints {
        if (made < 0 || openAtEnd < 0) {
            throw new IllegalArgumentException("counts must not be negative");
        }
        byCategory = java.util.Collections.unmodifiableMap(new TreeMap<>(byCategory));
    }

    /**
     * Counts {@code made} (complaints whose time is in [from, to); others are ignored) and {@code open}
     * (the complaints open at {@code to}; one made at {@code to} itself is the next period's).
     */
    public static PeriodComplaints of(Collection<Complaint> made, Collection<Complaint> open, Instant from, Instant to) {
        Map<String, Integer> byCategory = new TreeMap<>();
        int count = 0;
        for (Complaint c : made) {
            if (!c.time().isBefore(from) && c.time().isBefore(to)) {
                byCategory.merge(c.category(), 1, Integer::sum);
                count++;
            }
        }
        // a complaint made at {@code to} itself belongs to the next period
        int openAtEnd = (int) open.stream().filter(c -> c.time().isBefore(to)).count();
        return new PeriodComplaints(count, byCategory, openAtEnd);
    }
}
