package io.heathub.billing.kpi;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;

/**
 * Energy figures (Minle: heat, fuel, electricity and water per m² against the season targets)
 * of the sites in {@code site.yaml}'s {@code kpi:} section, over the exported readings. Each
 * answer is one JSON object (the billing README shows it: "In the hub", "Energy KPIs"); the weekly
 * feed sends exactly the answer of {@link #week} for every site.
 */
public interface KpiService {

    /**
     * ISO week {@code week} of {@code weekBasedYear} against the same week one year earlier.
     *
     * @param site one site id; empty = every site, in site order
     * @throws IllegalArgumentException when the year has no such week
     * @throws UnknownSiteException     when {@code site} is not in the kpi section
     * @throws KpiException             when the site's sections or the export cannot be used
     */
    String week(int weekBasedYear, int week, Optional<String> site) throws KpiException, UnknownSiteException;

    /** A calendar month in the site's zone; targets from the season the month ends in (or after). */
    String month(YearMonth month, Optional<String> site) throws KpiException, UnknownSiteException;

    /**
     * A season from {@code first} to {@code last} (both included): the full season targets.
     *
     * @throws IllegalArgumentException when {@code last} is before {@code first}
     */
    String season(LocalDate first, LocalDate last, Optional<String> site) throws KpiException, UnknownSiteException;

    /** The figures could not be computed; each problem is one line ({@code file:line:column: key: problem} where located). */
    final class KpiException extends Exception {
        private static final long serialVersionUID = 1L;
        private final List<String> problems;

        public KpiException(String summary, List<String> problems) {
            super(summary + ": " + String.join("; ", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }

    /** The site asked for is not in the kpi section. */
    final class UnknownSiteException extends Exception {
        private static final long serialVersionUID = 1L;
        private final List<String> sites;

        public UnknownSiteException(String site, List<String> sites) {
            super("unknown site \"" + site + "\"; the kpi section has "
                    + (sites.isEmpty() ? "none" : String.join(", ", sites)));
            this.sites = List.copyOf(sites);
        }

        /** The sites there are. */
        public List<String> sites() {
            return sites;
        }
    }
}
