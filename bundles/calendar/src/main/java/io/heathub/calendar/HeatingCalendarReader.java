package io.heathub.calendar;

import io.heathub.config.ConfigException;
import io.heathub.config.ConfigNode;
import io.heathub.config.ProblemCollector;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.MonthDay;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.threeten.extra.LocalDateRange;

/**
 * Reads site.yaml's {@code calendar:} section into a {@link HeatingCalendar}: every key optional
 * (absent ones keep {@link HeatingCalendar#defaults()}), every problem found in one pass and located
 * ({@code site.yaml:12:30: calendar.season.to: expected a month-day like 11-16, got "13-15"}), an
 * unknown key named with the nearest known one.
 *
 * <pre>
 * calendar:
 *   season: { from: 11-15, to: 03-15 }      # both days included
 *   test:   { from: 11-08, to: 11-14 }      # or "test: none"
 *   extensions:                             # by decree, heat like the season
 *     - { from: 2027-03-16, to: 2027-03-31, reason: "decree 2027-03: cold spring" }
 *   elastic:                                # heat on request outside the season, metered billing
 *     - { household: h-001, from: 2026-10-25, to: 2026-11-07 }
 * </pre>
 */
public final class HeatingCalendarReader {
    /** The keys of {@code calendar:}. */
    public static final List<String> KEYS = List.of("season", "test", "extensions", "elastic");

    private HeatingCalendarReader() {
    }

    /** The calendar of the {@code calendar:} node. */
    public static HeatingCalendar read(ConfigNode n) throws ConfigException {
        if (!n.isMap()) {
            throw n.error("expected a mapping: season, test, extensions, elastic");
        }
        ProblemCollector problems = new ProblemCollector();
        problems.check(() -> n.rejectUnknownKeys(KEYS));
        HeatingCalendar d = HeatingCalendar.defaults();
        HeatingCalendar.YearlyPeriod season = n.has("season")
                ? problems.read(() -> yearly(n.get("season"))).orElse(d.season()) : d.season();
        Optional<HeatingCalendar.YearlyPeriod> test = d.test();
        if (n.has("test")) {
            ConfigNode testNode = n.get("test");
            // "test: none" for a site without a test period
            test = testNode.isScalar() && testNode.asString().trim().equals("none")
                    ? Optional.empty() : problems.read(() -> yearly(testNode)).or(() -> d.test());
        }
        List<HeatingCalendar.Extension> extensions = new ArrayList<>();
        for (ConfigNode e : n.has("extensions") ? problems.read(() -> n.list("extensions")).orElse(List.of())
                : List.<ConfigNode>of()) {
            problems.read(() -> {
                e.rejectUnknownKeys(List.of("from", "to", "reason"));
                return new HeatingCalendar.Extension(dates(e), e.string("reason", ""));
            }).ifPresent(extensions::add);
        }
        List<HeatingCalendar.ElasticRequest> elastic = new ArrayList<>();
        for (ConfigNode e : n.has("elastic") ? problems.read(() -> n.list("elastic")).orElse(List.of())
                : List.<ConfigNode>of()) {
            problems.read(() -> elastic(e)).ifPresent(elastic::add);
        }
        problems.throwIfAny();
        try {
            return new HeatingCalendar(season.first(), season.last(), test, extensions, elastic);
        } catch (IllegalArgumentException e) {
            throw n.opt("test").orElse(n).error(e.getMessage());
        }
    }

    private static HeatingCalendar.ElasticRequest elastic(ConfigNode e) throws ConfigException {
        e.rejectUnknownKeys(List.of("household", "from", "to"));
        String household = e.get("household").asString().trim();
        if (household.isEmpty()) {
            throw e.get("household").error("household id must not be empty");
        }
        return new HeatingCalendar.ElasticRequest(household, dates(e), e.origin());
    }

    private static HeatingCalendar.YearlyPeriod yearly(ConfigNode n) throws ConfigException {
        if (!n.isMap()) {
            throw n.error("expected { from: MM-DD, to: MM-DD }");
        }
        n.rejectUnknownKeys(List.of("from", "to"));
        return new HeatingCalendar.YearlyPeriod(monthDay(n.get("from")), monthDay(n.get("to")));
    }

    /** A month-day written {@code MM-DD}, e.g. {@code 11-16}. */
    public static MonthDay monthDay(ConfigNode node) throws ConfigException {
        String text = node.asString().trim();
        try {
            return MonthDay.parse("--" + text);
        } catch (DateTimeException e) {
            throw node.error("expected a month-day like 11-16, got \"" + text + "\"");
        }
    }

    /** {@code from}/{@code to} dates, both included. */
    public static LocalDateRange dates(ConfigNode n) throws ConfigException {
        LocalDate from = date(n.get("from"));
        LocalDate to = date(n.get("to"));
        if (to.isBefore(from)) {
            throw n.get("to").error("'to' " + to + " is before 'from' " + from);
        }
        return LocalDateRange.ofClosed(from, to);
    }

    /** An ISO date, e.g. {@code 2027-03-16}. */
    public static LocalDate date(ConfigNode node) throws ConfigException {
        String text = node.asString().trim();
        try {
            return LocalDate.parse(text);
        } catch (DateTimeException e) {
            throw node.error("expected a date like 2027-03-16, got \"" + text + "\"");
        }
    }
}
