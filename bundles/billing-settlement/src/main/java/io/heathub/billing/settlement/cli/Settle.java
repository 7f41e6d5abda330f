package io.heathub.billing.settlement.cli;

import io.heathub.api.Reading;
import io.heathub.billing.Household;
import io.heathub.billing.Season;
import io.heathub.billing.hub.Households;
import io.heathub.billing.hub.HouseholdsSection;
import io.heathub.billing.input.HouseholdsCsv;
import io.heathub.billing.input.Problems;
import io.heathub.billing.input.ReadingsCsv;
import io.heathub.billing.settlement.HouseholdSettlement;
import io.heathub.billing.settlement.InvalidInputException;
import io.heathub.billing.settlement.SeasonSettlement;
import io.heathub.billing.settlement.SettlementRun;
import io.heathub.billing.settlement.Tariff;
import io.heathub.billing.settlement.TariffFile;
import io.heathub.billing.settlement.runtime.TariffSection;
import io.heathub.config.ConfigException;
import io.heathub.config.site.OfflineSiteReader;
import io.heathub.config.site.Site;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
            if (!List.of("--tariff", "--households", "--readings", "--season", "--zone", "--site").contains(name)) {
                return usage("unknown option '" + name + "'");
            }
            if (options.put(name, value) != null) {
                return usage(name + " given twice");
            }
        }
        List<String> required = options.containsKey("--site") ? List.of("--readings", "--season")
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
        Season season;
        try {
            ZoneId zone = options.containsKey("--zone") ? Season.parseZone(options.get("--zone"))
                    : site.map(Site::zone).orElse(Season.DEFAULT_ZONE);
            season = Season.parse(options.get("--season"), zone);
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
            households = HouseholdsCsv.read(Path.of(householdsName), householdsName, problems);
        } else if (site.isPresent()) {
            households = site.get().section(HouseholdsSection.KEY, Households.class).map(Households::households)
                    .orElse(List.of());
            if (households.isEmpty()) {
                problems.add(options.get("--site") + ": no households: section (or give --households FILE.csv)");
            }
        }
        Set<String> devices = new HashSet<>();
        for (Household h : households) {
            h.meterId().ifPresent(devices::add);
            h.roomSensorId().ifPresent(devices::add);
        }
        List<Reading> readings = new ArrayList<>();
        for (Path file : readingFiles(Path.of(options.get("--readings")), problems)) {
            readings.addAll(ReadingsCsv.read(file, file.toString(), problems, ReadingsCsv.devicesIn(devices)));
        }
        if (!problems.isEmpty()) {
            problems.lines().forEach(err::println);
            int unprinted = problems.count() - problems.lines().size();
            if (unprinted > 0) {
                err.println("... and " + unprinted + " more problem" + (unprinted == 1 ? "" : "s"));
            }
            return 2;
        }

        SettlementRun run = new SeasonSettlement(tariff, season).settle(households, readings);
        run.warnings().forEach(w -> err.println("settle: warning: " + w));
        SettlementJson json = new SettlementJson();
        for (HouseholdSettlement s : run.households()) {
            out.println(json.line(s));
        }
        out.flush();
        return 0;
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
                + "       heathub settle --site config/site.yaml --readings data/export --season START/END\n"
                + "  --season    inclusive ISO dates, e.g. 2024-11-15/2025-03-15\n"
                + "  --zone      the site's time zone for day cuts (default: the site's, else Asia/Shanghai)\n"
                + "  --site      take households:, tariff: and site.zone from the hub's site (its folder or\n"
                + "              site.yaml), read as the hub reads it: any problem in it is reported\n"
                + "              (--households / --tariff still override them)\n"
                + "  --readings  a CSV file, or a directory of them (the hub's export folder)");
        return problem == null ? 0 : 2;
    }
}
