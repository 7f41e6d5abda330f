package io.heathub.billing.runtime.api;

import java.util.List;

/**
 * Settles a season from the site's {@code households:} and {@code tariff:} over the exported
 * readings, exactly as {@code heathub settle} does on the same CSV.
 */
public interface SettlementService {

    /**
     * @param season inclusive ISO dates {@code START/END}, days in the site's zone
     * @return one JSON object per household, in site order, as {@code heathub settle} prints them
     * @throws IllegalArgumentException when {@code season} is malformed
     * @throws SettlementException      when the site's sections or the export files cannot be used
     */
    Answer settle(String season) throws SettlementException;

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
