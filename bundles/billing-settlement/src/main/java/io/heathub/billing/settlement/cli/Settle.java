package io.heathub.billing.settlement.cli;

import io.heathub.api.Reading;
import io.heathub.billing.DayRange;
import io.heathub.billing.Household;
import io.heathub.billing.Season;
import io.heathub.billing.hub.Households;
import io.heathub.billing.hub.HouseholdsSection;
import io.heathub.billing.input.HouseholdsCsv;
import io.heathub.billing.input.Problems;
import io.heathub.billing.input.ReadingsCsv;
import io.heathub.billing.settlement.HouseholdSettlement;
import io.heathub.billing.settlement.InvalidInputException;
import io.heathub.billing.settlement.SettlementReadings;
import io.heathub.billing.settlement.SettlementRun;
import io.heathub.billing.settlement.SettlementSeason;
import io.heathub.billing.settlement.SiteSettlement;
import io.heathub.billing.settlement.Tariff;
import io.heathub.billing.settlement.TariffFile;
import io.heathub.billing.settlement.runtime.TariffSection;
import io.heathub.calendar.HeatingCalendar;
import io.heathub.config.ConfigException;
import io.heathub.config.site.OfflineSiteReader;
import io.heathub.config.site.Site;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * {@code bin/heathub settle --tariff FILE.yaml --households FILE.csv --readings FILE.csv
 * --season START/END [--zone ZONE]} (or {@code --site site.yaml} for households, tariff and zone, read
 * by the hub's own readers through {@link OfflineSiteReader};
 * {@code --readings} may be the hub's export folder): settles a heating season and prints one JSON object per
 * household per line, in input order. Exit status 0 when settled (households whose meter has no
 * season cut carry an {@code error} and null amounts), 2 on bad arguments or bad input, with one
 * line per problem {@code FILE:LINE:COLUMN: column-name: problem} on stderr. Warnings (a counter
 * going backwards, missing daily cuts) go to stderr and do not change the exit status.
 */
public final class Settle {
    /** Problem lines printed before the rest are only counted. */
    static final int PRINTED_PROBLEMS = 20;

    private final PrintStream out;
    private final PrintStream err;

    Settle(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        System.exit(new Settle(out, err).run(args));
    }

    int run(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("-h") || arg.equals("--help")) {
                usage(null);
                return 0;
            }
            String name = arg;
            String value;
            if (arg.startsWith("--") && arg.contains("=")) {
                name = arg.substring(0, arg.indexOf('='));
                value = arg.substring(arg.indexOf('=') + 1);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                return usage(arg.startsWith("--") ? arg + " needs a value" : "unexpected argument '" + arg + "'");
            }
            if (!List.of("--tariff", "--households", "--readings", "--season", "--zone", "--site", "--records").contains(name)) {
                return usage("unknown option '" + name + "'");
            }
            if (options.put(name, value) != null) {
                return usage(name + " given twice");
            }
        }
        // with a site the season comes from its calendar when not given
        List<String> required = options.containsKey("--site") ? List.of("--readings")
                : List.of("--tariff", "--households", "--readings", "--season");
        for (String option : required) {
            if (!options.containsKey(option)) {
                return usage(option + " is required" + (option.equals("--tariff") || option.equals("--households")
                        ? " (or --site SITE.yaml)" : ""));
            }
        }
        Problems problems = new Problems(PRINTED_PROBLEMS);
        Optional<Site> site = Optional.empty();
        if (options.containsKey("--site")) {
            Path given = Path.of(options.get("--site"));
            Path folder = Files.isDirectory(given) ? given : given.getParent() == null ? Path.of("") : given.getParent();
            if (!Files.isDirectory(given) && !given.getFileName().toString().equals("site.yaml")) {
                return usage("--site takes the site folder or its site.yaml, got " + given);
            }
            if (!Files.isRegularFile(folder.resolve("site.yaml"))) {
                return usage("--site " + given + ": no such file");
            }
            Optional<OfflineSiteReader> reader = OfflineSiteReader.find(Settle.class.getClassLoader());
            if (reader.isEmpty()) {
                return usage("--site needs the hub's core jar on the class path to read the site as the hub does"
                        + " (run it as bin/heathub settle)");
            }
            // the whole site as the hub would apply it: households: and tariff: through their own readers
            OfflineSiteReader.Result read = reader.get().read(folder, Settle.class.getClassLoader());
            read.warnings().forEach(w -> err.println("settle: warning: " + w.getMessage()));
            read.problems().stream().map(ConfigException::getMessage).forEach(problems::add);
            site = read.site();
        }
        SettlementSeason season;
        try {
            ZoneId zone = options.containsKey("--zone") ? Season.parseZone(options.get("--zone"))
                    : site.map(Site::zone).orElse(Season.DEFAULT_ZONE);
            HeatingCalendar calendar = site.flatMap(s -> s.section(HeatingCalendar.SECTION, HeatingCalendar.class))
                    .orElse(HeatingCalendar.defaults());
            String text = options.get("--season");
            if (site.isEmpty() && text != null && text.trim().matches("\\d{4}")) {
                return usage("--season " + text.trim() + " names a season of the site's calendar: give --site, or START/END dates");
            }
            season = site.isPresent() ? SettlementSeason.of(text, calendar, zone, LocalDate.now(zone))
                    : standalone(Season.parse(text, zone));
            if (text == null && site.isPresent()) {
                err.println("settle: season " + season.season().days() + " from the site's calendar (calendar.season "
                        + calendar.season() + ", the latest that ended)");
            }
        } catch (IllegalArgumentException e) {
            return usage(e.getMessage());
        }

        Tariff tariff = null;
        if (options.containsKey("--tariff")) {
            try {
                tariff = TariffFile.load(Path.of(options.get("--tariff")));
            } catch (InvalidInputException e) {
                e.problems().forEach(problems::add);
            }
        } else if (site.isPresent()) {
            tariff = site.get().section(TariffSection.KEY, TariffSection.Setting.class)
                    .flatMap(TariffSection.Setting::tariff).orElse(null);
            if (tariff == null) {
                problems.add(options.get("--site") + ": no tariff: section (or give --tariff FILE.yaml)");
            }
        }
        List<Household> households = List.of();
        if (options.containsKey("--households")) {
            String householdsName = options.get("--households");
            // with a site its calendar holds the elastic periods: the file's elastic column is refused then
            households = HouseholdsCsv.read(Path.of(householdsName), householdsName, problems, site.isEmpty());
        } else if (site.isPresent()) {
            households = site.get().section(HouseholdsSection.KEY, Households.class).map(Households::households)
                    .orElse(List.of());
            if (households.isEmpty()) {
                problems.add(options.get("--site") + ": no households: section (or give --households FILE.csv)");
            }
        }
        Path records = options.containsKey("--records") ? Path.of(options.get("--records")) : null;
        if (records != null && !Files.isDirectory(records)) {
            problems.add(records + ": --records takes the hub's records folder (data/records), no such folder");
        }
        SiteSettlement settlement = tariff == null ? null : new SiteSettlement(tariff,
                site.isPresent() ? season : withElastic(season, households), site.isPresent() ? households
                : households.stream().map(h -> h.withElasticPeriods(List.of())).toList());
        Set<String> devices = settlement == null ? Set.of() : settlement.devices();
        Set<String> refundPoints = settlement == null ? Set.of() : Set.copyOf(settlement.refundPoints());
        // one pass over each file, nothing kept but the settlement's summary (every row still checked)
        SettlementReadings readings = settlement == null ? null : settlement.readings();
        Consumer<Reading> sink = readings == null ? r -> { } : readings;
        for (Path file : readingFiles(Path.of(options.get("--readings")), problems)) {
            ReadingsCsv.stream(file, file.toString(), problems, ReadingsCsv.devicesIn(devices),
                    (device, point) -> devices.contains(device) && refundPoints.contains(point), problems, sink);
        }
        if (!problems.isEmpty()) {
            problems.lines().forEach(err::println);
            int unprinted = problems.count() - problems.lines().size();
            if (unprinted > 0) {
                err.println("... and " + unprinted + " more problem" + (unprinted == 1 ? "" : "s"));
            }
            return 2;
        }

        SettlementRun run;
        try {
            run = settlement.settle(readings, records);
        } catch (IOException e) {
            err.println(records + ": cannot read the records: " + e.getMessage());
            return 2;
        }
        run.warnings().forEach(w -> err.println("settle: warning: " + w));
        SettlementJson json = new SettlementJson(!season.extensions().isEmpty());
        for (HouseholdSettlement s : run.households()) {
            out.println(json.line(s));
        }
        out.flush();
        return 0;
    }

    /** Without a site there is no calendar: the season as given, without extensions or elastic days. */
    private static SettlementSeason standalone(Season season) {
        return new SettlementSeason(season, season.start().getYear(), List.of(), Map.of(), List.of());
    }

    /** A standalone season with the elastic periods of the households file's elastic column. */
    private static SettlementSeason withElastic(SettlementSeason season, List<Household> households) {
        Map<String, List<DayRange>> elastic = new LinkedHashMap<>();
        households.stream().filter(h -> !h.elasticPeriods().isEmpty()).forEach(h -> elastic.put(h.id(), h.elasticPeriods()));
        return new SettlementSeason(season.season(), season.year(), List.of(), elastic, List.of());
    }

    /** The file, or a directory's {@code *.csv} files in name order (the hub's export folder). */
    private static List<Path> readingFiles(Path path, Problems problems) {
        if (!Files.isDirectory(path)) {
            return List.of(path);
        }
        try (Stream<Path> files = Files.list(path)) {
            List<Path> csv = files.filter(f -> f.getFileName().toString().endsWith(".csv") && Files.isRegularFile(f))
                    .sorted().toList();
            if (csv.isEmpty()) {
                problems.add(path + ": no .csv files in this directory");
            }
            return csv;
        } catch (IOException e) {
            problems.add(path + ": cannot list: " + e.getMessage());
            return List.of();
        }
    }

    private int usage(String problem) {
        if (problem != null) {
            err.println("settle: " + problem);
        }
        (problem == null ? out : err).println(
                "usage: heathub settle --tariff FILE.yaml --households FILE.csv --readings FILE.csv --season START/END [--zone ZONE]\n"
                + "       heathub settle --site config/site.yaml --readings data/export [--season START/END|YEAR] [--records data/records]\n"
                + "  --season    inclusive ISO dates, e.g. 2024-11-15/2025-03-15; with --site also the year the\n"
                + "              calendar's season starts in (2024), or left out: the latest season that ended\n"
                + "  --zone      the site's time zone for day cuts (default: the site's, else Asia/Shanghai)\n"
                + "  --site      take households:, tariff: and site.zone from the hub's site (its folder or\n"
                + "              site.yaml), read as the hub reads it: any problem in it is reported\n"
                + "              (--households / --tariff still override them)\n"
                + "  --readings  a CSV file, or a directory of them (the hub's export folder)\n"
                + "  --records   the hub's records folder: heat interruptions and refund exclusions recorded there\n"
                + "              count in the cold-room refunds (as in the hub)");
        return problem == null ? 0 : 2;
    }
}
