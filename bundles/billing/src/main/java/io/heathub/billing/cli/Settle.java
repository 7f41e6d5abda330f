package io.heathub.billing.cli;

import io.heathub.billing.Household;
import io.heathub.billing.HouseholdSettlement;
import io.heathub.billing.InvalidInputException;
import io.heathub.billing.Season;
import io.heathub.billing.SeasonSettlement;
import io.heathub.billing.SettlementRun;
import io.heathub.billing.Tariff;
import io.heathub.billing.TariffFile;
import io.heathub.billing.input.HouseholdsCsv;
import io.heathub.billing.input.Problems;
import io.heathub.billing.input.ReadingsCsv;
import io.heathub.api.Reading;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code bin/heathub settle --tariff FILE.yaml --households FILE.csv --readings FILE.csv
 * --season START/END [--zone ZONE]}: settles a heating season and prints one JSON object per
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
            if (!List.of("--tariff", "--households", "--readings", "--season", "--zone").contains(name)) {
                return usage("unknown option '" + name + "'");
            }
            if (options.put(name, value) != null) {
                return usage(name + " given twice");
            }
        }
        for (String required : List.of("--tariff", "--households", "--readings", "--season")) {
            if (!options.containsKey(required)) {
                return usage(required + " is required");
            }
        }
        Season season;
        try {
            ZoneId zone = options.containsKey("--zone") ? Season.parseZone(options.get("--zone")) : Season.DEFAULT_ZONE;
            season = Season.parse(options.get("--season"), zone);
        } catch (IllegalArgumentException e) {
            return usage(e.getMessage());
        }

        Problems problems = new Problems(PRINTED_PROBLEMS);
        Tariff tariff = null;
        try {
            tariff = TariffFile.load(Path.of(options.get("--tariff")));
        } catch (InvalidInputException e) {
            e.problems().forEach(problems::add);
        }
        String householdsName = options.get("--households");
        List<Household> households = HouseholdsCsv.read(Path.of(householdsName), householdsName, problems);
        Set<String> devices = new HashSet<>();
        for (Household h : households) {
            h.meterId().ifPresent(devices::add);
            h.roomSensorId().ifPresent(devices::add);
        }
        String readingsName = options.get("--readings");
        List<Reading> readings = ReadingsCsv.read(Path.of(readingsName), readingsName, problems,
                ReadingsCsv.devicesIn(devices));
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

    private int usage(String problem) {
        if (problem != null) {
            err.println("settle: " + problem);
        }
        (problem == null ? out : err).println(
                "usage: heathub settle --tariff FILE.yaml --households FILE.csv --readings FILE.csv --season START/END [--zone ZONE]\n"
                + "  --season  inclusive ISO dates, e.g. 2024-11-15/2025-03-15\n"
                + "  --zone    the site's time zone for day cuts (default Asia/Shanghai)");
        return problem == null ? 0 : 2;
    }
}
