package io.heathub.billing.settlement;

import java.util.List;

/**
 * Settles a season from the site's {@code households:}, {@code tariff:} and {@code calendar:} over the
 * exported readings and the recorded interruptions and refund exclusions, exactly as
 * {@code heathub settle --site … --records …} does on the same files.
 */
public interface SettlementService {

    /**
     * @param season inclusive ISO dates {@code START/END}, days in the site's zone; or the year the site
     *               calendar's season starts in ({@code 2024}); or empty: the calendar's latest season that ended
     * @return one JSON object per household, in site order, as {@code heathub settle} prints them
     * @throws IllegalArgumentException when {@code season} is malformed
     * @throws SettlementException      when the site's sections or the export files cannot be used
     */
    Answer settle(String season) throws SettlementException;

    /**
     * The daily cuts (frozen readings) of every household meter: its {@code heat.energy} at 00:00 of
     * each day in the site's zone, the good reading at that instant or interpolated between the
     * nearest good ones (marked estimated), as settlement takes them.
     *
     * @param first first day, inclusive
     * @param last  last day, inclusive (at most {@link #MAX_CUT_DAYS} days after {@code first})
     * @return one JSON object per meter and day: {@code household, meter, day, at, kWh, estimated},
     *         {@code kWh} and {@code estimated} null with {@code why} when there is no cut
     * @throws IllegalArgumentException when {@code last} is before {@code first} or the range is too long
     * @throws SettlementException      when the site's households or the export files cannot be used
     */
    List<String> dailyCuts(java.time.LocalDate first, java.time.LocalDate last) throws SettlementException;

    /** Longest range of days {@link #dailyCuts} answers at once. */
    int MAX_CUT_DAYS = 400;

    /**
     * @param lines    the JSON lines, one per household
     * @param warnings what {@code heathub settle} prints as {@code settle: warning: …}
     */
    record Answer(List<String> lines, List<String> warnings) {
        public Answer {
            lines = List.copyOf(lines);
            warnings = List.copyOf(warnings);
        }
    }

    /** The settlement could not run; each problem is one line ({@code file:line:column: key: problem} where located). */
    final class SettlementException extends Exception {
        private static final long serialVersionUID = 1L;
        private final List<String> problems;

        public SettlementException(String summary, List<String> problems) {
            super(summary + ": " + String.join("; ", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }
}
