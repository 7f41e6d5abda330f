package io.heathub.tools.simulate;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.heathub.config.ConfigException;
import io.heathub.config.Durations;
import io.heathub.control.ThermostatProgram;

import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import io.heathub.tools.cli.Heathub;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code heathub simulate --config DIR --hours N [--outdoor FILE.csv | --scenario cold-snap|warm-spell]
 * [--start ISO-DATE-TIME] [--step 1m] [--seed 1] [--thermostat own|temperature:T|flow:P]
 * [--flow-per-household 0.15]}: the control engine of {@code DIR/site.yaml} in a closed loop with
 * the simulator's building model, one JSON object per simulated hour on standard output. Exit 0
 * when the run completed, 2 with one line on a bad argument, configuration or CSV file.
 */
@Command(name = "simulate", description = "The site's control engine in a closed loop with the building model, one JSON line per simulated hour.")
public final class Simulate implements Callable<Integer> {

    /** Defaults of the options, all documented in the module README. */
    static final String DEFAULT_SCENARIO = "cold-snap";
    static final LocalDateTime DEFAULT_START = LocalDateTime.of(2026, 12, 10, 0, 0);
    static final Duration DEFAULT_STEP = Duration.ofMinutes(1);
    static final long DEFAULT_SEED = 1;
    static final double DEFAULT_FLOW_PER_HOUSEHOLD = 0.15;
    static final int FORECAST_HOURS = 72;
    static final int MAX_HOURS = 24 * 366;

    private final PrintStream out;
    private final PrintStream err;
    private final JsonFactory json = new JsonFactory();

    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "DIR", description = "site folder: site.yaml's zone, control:, calendar:, households:")
    String config;

    @Option(names = "--hours", paramLabel = "N", description = "hours to simulate, 1..8784")
    String hours;

    @Option(names = "--scenario", paramLabel = "NAME", description = "built-in outdoor: cold-snap (default) or warm-spell")
    String scenario;

    @Option(names = "--outdoor", paramLabel = "FILE.csv", description = "outdoor temperatures instead of a scenario (header time,outdoor)")
    String outdoor;

    @Option(names = "--start", paramLabel = "ISO-DATE-TIME", description = "start, site zone unless an offset is given (default 2026-12-10T00:00)")
    String start;

    @Option(names = "--step", paramLabel = "DURATION", description = "model step = control cycle, divides an hour (default 1m)")
    String step;

    @Option(names = "--seed", paramLabel = "N", description = "building flats' seed (default 1)")
    String seed;

    @Option(names = "--thermostat", paramLabel = "own|temperature:T|flow:P", description = "every household's thermostat (default own)")
    String thermostat;

    @Option(names = "--flow-per-household", paramLabel = "M3H", description = "m³/h through an open household valve (default 0.15)")
    String flowPerHousehold;

    public Simulate(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** A bad argument: the message is the one line printed. */
    private static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    /** Runs {@code heathub simulate ARGS}; the exit status. */
    int run(String[] args) {
        return Heathub.executeOne(this, "simulate", out, err, args);
    }

    @Override
    public Integer call() {
        try {
            return simulate();
        } catch (UsageException e) {
            throw Heathub.usage(spec, e.getMessage());
        } catch (ConfigException | CsvOutdoor.CsvException e) {
            err.println("heathub simulate: " + e.getMessage());
            return 2;
        }
    }

    private int simulate() throws UsageException, ConfigException, CsvOutdoor.CsvException {
        Map<String, String> options = new java.util.LinkedHashMap<>();
        for (var option : spec.options()) {
            if (option.longestName().startsWith("--") && !option.usageHelp() && option.getValue() != null) {
                options.put(option.longestName(), option.getValue().toString());
            }
        }
        String config = require(options, "--config");
        int hours = integer(require(options, "--hours"), "--hours", 1, MAX_HOURS);
        if (options.containsKey("--outdoor") && options.containsKey("--scenario")) {
            throw new UsageException("give --outdoor or --scenario, not both");
        }
        Duration step = Durations.parse(options.getOrDefault("--step", "1m"))
                .filter(d -> !d.isNegative() && !d.isZero() && Duration.ofHours(1).toNanos() % d.toNanos() == 0)
                .orElseThrow(() -> new UsageException("--step must be a duration that divides an hour, like 1m or 30s,"
                        + " got \"" + options.get("--step") + "\""));
        long seed = options.containsKey("--seed") ? longValue(options.get("--seed"), "--seed") : DEFAULT_SEED;
        double flowPerHousehold = options.containsKey("--flow-per-household")
                ? positive(options.get("--flow-per-household"), "--flow-per-household") : DEFAULT_FLOW_PER_HOUSEHOLD;
        Optional<ThermostatProgram> program = program(options.getOrDefault("--thermostat", "own"));

        SimulatedSite site = SimulatedSite.read(Path.of(config));
        ZoneId zone = site.plan().base().siteZone();
        Instant start = start(options.get("--start"), zone);
        Instant end = start.plus(Duration.ofHours(hours));
        OutdoorProfile outdoor;
        if (options.containsKey("--outdoor")) {
            CsvOutdoor csv = CsvOutdoor.read(Path.of(options.get("--outdoor")), zone);
            if (!csv.covers(start) || !csv.covers(end)) {
                throw new CsvOutdoor.CsvException(csv.name() + ": covers " + csv.first() + "–" + csv.last()
                        + ", the run needs " + start + "–" + end);
            }
            outdoor = csv;
        } else {
            String id = options.getOrDefault("--scenario", DEFAULT_SCENARIO);
            OutdoorProfile.Scenario scenario = OutdoorProfile.Scenario.byId(id);
            if (scenario == null) {
                throw new UsageException("unknown scenario \"" + id + "\" (cold-snap, warm-spell)");
            }
            outdoor = scenario.from(start);
        }

        ClosedLoop loop = new ClosedLoop(site, outdoor, new ClosedLoop.Options(start, step, seed, program,
                flowPerHousehold, FORECAST_HOURS));
        loop.run(hours, hour -> out.println(toJson(hour, zone)));
        out.flush();
        return 0;
    }

    private String toJson(ClosedLoop.Hour hour, ZoneId zone) {
        StringWriter text = new StringWriter();
        try (JsonGenerator g = json.createGenerator(text)) {
            g.writeStartObject();
            g.writeNumberField("hour", hour.hour());
            g.writeStringField("time", OffsetDateTime.ofInstant(hour.time(), zone).toString());
            g.writeStringField("day", hour.day());
            g.writeNumberField("outdoor", round(hour.outdoor()));
            g.writeNumberField("supplySetpoint", round(hour.supplySetpoint()));
            g.writeNumberField("supply", round(hour.supply()));
            g.writeNumberField("roomP10", round(hour.roomP10()));
            g.writeNumberField("roomMin", round(hour.roomMin()));
            g.writeNumberField("roomMax", round(hour.roomMax()));
            g.writeObjectFieldStart("pumpHz");
            for (Map.Entry<String, Double> pump : hour.pumpHz().entrySet()) {
                g.writeNumberField(pump.getKey(), round(pump.getValue()));
            }
            g.writeEndObject();
            g.writeNumberField("heatKWh", round(hour.heatKWh()));
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return text.toString();
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    private static Optional<ThermostatProgram> program(String text) throws UsageException {
        if (text.equals("own")) {
            return Optional.empty();
        }
        String[] parts = text.split(":", 2);
        if (parts.length == 2 && parts[0].equals("temperature")) {
            return Optional.of(new ThermostatProgram.ByTemperature(finite(parts[1], "--thermostat temperature")));
        }
        if (parts.length == 2 && parts[0].equals("flow")) {
            return Optional.of(new ThermostatProgram.ByFlow(finite(parts[1], "--thermostat flow")));
        }
        throw new UsageException("--thermostat must be own, temperature:°C or flow:%, got \"" + text + "\"");
    }

    private static Instant start(String text, ZoneId zone) throws UsageException {
        if (text == null) {
            return DEFAULT_START.atZone(zone).toInstant();
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeException withoutOffset) {
            try {
                return LocalDateTime.parse(text).atZone(zone).toInstant();
            } catch (DateTimeException notDateTime) {
                try {
                    return LocalDate.parse(text).atStartOfDay(zone).toInstant();
                } catch (DateTimeException e) {
                    throw new UsageException("--start must be ISO-8601 like 2026-12-10T00:00 (site zone)"
                            + " or 2026-12-10T00:00+08:00, got \"" + text + "\"");
                }
            }
        }
    }

    private static String require(Map<String, String> options, String name) throws UsageException {
        String value = options.get(name);
        if (value == null) {
            throw new UsageException(name + " is required");
        }
        return value;
    }

    private static int integer(String text, String name, int min, int max) throws UsageException {
        try {
            int value = Integer.parseInt(text.trim());
            if (value < min || value > max) {
                throw new UsageException(name + " must be " + min + ".." + max + ", got " + value);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new UsageException(name + " must be a whole number, got \"" + text + "\"");
        }
    }

    private static long longValue(String text, String name) throws UsageException {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new UsageException(name + " must be a whole number, got \"" + text + "\"");
        }
    }

    private static double finite(String text, String name) throws UsageException {
        try {
            double value = Double.parseDouble(text.trim());
            if (Double.isFinite(value)) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException(name + " must be a number, got \"" + text + "\"");
    }

    private static double positive(String text, String name) throws UsageException {
        double value = finite(text, name);
        if (!(value > 0)) {
            throw new UsageException(name + " must be > 0, got " + text);
        }
        return value;
    }
}
