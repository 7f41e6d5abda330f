package io.heathub.control.runtime;

import static java.lang.System.Logger.Level.ERROR;
import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

import io.heathub.api.Reading;
import io.heathub.api.hub.CommandService;
import io.heathub.api.hub.DeviceStatus;
import io.heathub.api.hub.HubStatus;
import io.heathub.config.ConfigException;
import io.heathub.config.ConfigNode;
import io.heathub.control.ControlEngine;
import io.heathub.control.ControlPlan;
import io.heathub.control.ControlPlanReader;
import io.heathub.control.ControlSettings;
import io.heathub.control.ControlState;
import io.heathub.control.runtime.api.ControlReport;
import io.heathub.control.runtime.api.ControlStatus;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The control engine run live: each {@link #runCycle()} re-reads {@code site.yaml} when its bytes
 * changed (a broken file keeps the last good plan and is reported), builds the engine's snapshot
 * from the hub's latest readings through the site's binding, runs one engine cycle, sends the
 * changed outputs through the command service and publishes the {@link ControlReport}. Cycles are
 * serialised; readings may be pushed ({@link #accepted}) from other threads at any time.
 */
public final class ControlLoop implements ControlStatus {

    private static final System.Logger LOG = System.getLogger(ControlLoop.class.getName());

    private final Path siteFile;
    private final HubStatus hub;
    private final Clock clock;
    private final CommandDispatcher dispatcher;
    private final ForecastBuffer forecast = new ForecastBuffer();
    private final AtomicReference<ControlReport> lastReport = new AtomicReference<>();
    private volatile List<String> configProblems = List.of();

    /** The plan in use; replaced as a whole on a good reload. */
    private record Loaded(ControlPlan plan, ControlBinding binding, ControlEngine engine) {
    }

    private volatile Loaded loaded;
    /** Bytes of the last file read, good or not: a broken file is reported once, not every cycle. */
    private byte[] lastSeen;
    private ControlState state = ControlState.initial();
    private long cycles;

    /**
     * @param siteFile the site's {@code site.yaml}
     * @param hub      latest readings and configured devices
     * @param commands the one command path to the field
     * @param clock    the time of a cycle
     */
    public ControlLoop(Path siteFile, HubStatus hub, CommandService commands, Clock clock) {
        this.siteFile = Objects.requireNonNull(siteFile, "siteFile");
        this.hub = Objects.requireNonNull(hub, "hub");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.dispatcher = new CommandDispatcher(Objects.requireNonNull(commands, "commands"), clock);
        reloadIfChanged();
    }

    /** Readings the hub accepted: forecast points are kept for the next cycles. */
    public void accepted(List<Reading> readings) {
        Loaded current = loaded;
        if (current != null) {
            forecast.accept(readings, current.binding());
        }
    }

    /** Runs one cycle now; empty when no plan could be read yet. Never throws for bad input. */
    public synchronized Optional<ControlReport> runCycle() {
        reloadIfChanged();
        Loaded current = loaded;
        if (current == null) {
            LOG.log(WARNING, "control cycle skipped: no valid control plan in {0} yet: {1}", siteFile, configProblems);
            return Optional.empty();
        }
        try {
            Instant now = clock.instant();
            List<String> devices = hub.devices().stream().map(DeviceStatus::id).toList();
            Inputs inputs = Inputs.read(current.binding(), hub.latest(), devices, forecast.after(now), now);
            ControlEngine.Result result = current.engine().cycle(
                    Inputs.trackingOwnDecisions(inputs.snapshot(), state, current.binding().dispatch().deadbands()),
                    state, now);
            state = result.state();
            ControlSettings settings = current.plan().settingsFor(result.day().kind());
            CommandDispatcher.Outcome outcome = dispatcher.dispatch(result.decisions(), inputs.targets(),
                    current.binding().dispatch(), now);
            long cycle = ++cycles;
            ControlReport report = ReportBuilder.build(cycle, now, inputs, result, settings, outcome,
                    current.plan().setNameFor(result.day().kind()));
            lastReport.set(report);
            // results that come in after the wait update the published report
            for (CommandDispatcher.Sent sent : outcome.sent()) {
                sent.result().thenRun(() -> lastReport.updateAndGet(r -> r != null && r.cycle() == cycle
                        ? r.withCommand(CommandDispatcher.withResult(sent)) : r));
            }
            logSummary(report);
            return Optional.of(lastReport.get());
        } catch (RuntimeException e) {
            // a bug or an input the engine refuses must not stop the timer; the next cycle tries again
            LOG.log(ERROR, "control cycle failed; the next cycle tries again", e);
            return Optional.empty();
        }
    }

    @Override
    public Optional<ControlReport> last() {
        return Optional.ofNullable(lastReport.get());
    }

    @Override
    public List<String> configProblems() {
        return configProblems;
    }

    private synchronized void reloadIfChanged() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(siteFile);
        } catch (NoSuchFileException e) {
            reportProblem(new byte[0], siteFile + ": site file not found");
            return;
        } catch (IOException e) {
            reportProblem(new byte[0], siteFile + ": cannot read: " + e.getMessage());
            return;
        }
        if (lastSeen != null && Arrays.equals(bytes, lastSeen)) {
            return;
        }
        lastSeen = bytes;
        try {
            ConfigNode root = ConfigNode.parse(siteFile.toString(), new String(bytes, StandardCharsets.UTF_8));
            ControlPlan plan = ControlPlanReader.read(root);
            ControlBinding binding = ControlBindingReader.read(root);
            ControlBindingReader.checkAgainst(plan, binding, root);
            Loaded previous = loaded;
            loaded = new Loaded(plan, binding, new ControlEngine(plan));
            configProblems = List.of();
            if (previous != null && !previous.binding().equals(binding)) {
                // outputs may now be other points: what was sent to the old ones says nothing about them
                dispatcher.forget();
                forecast.clear();
            }
            LOG.log(INFO, "control plan {0} from {1}: supply setpoint {2}, {3} household groups, {4} room groups, "
                    + "{5} pump zones", previous == null ? "loaded" : "reloaded", siteFile,
                    binding.supply().map(o -> o.device() + " " + o.point()).orElse("not bound"),
                    binding.households().size(), binding.rooms().size(), binding.pumps().size());
        } catch (ConfigException | RuntimeException e) {
            // RuntimeException: a value the engine's records refuse that a reader did not name
            reportProblem(bytes, e.getMessage());
        }
    }

    private void reportProblem(byte[] seen, String problem) {
        if (lastSeen != null && Arrays.equals(seen, lastSeen) && configProblems.contains(problem)) {
            return;
        }
        lastSeen = seen;
        configProblems = List.of(problem);
        LOG.log(ERROR, "control configuration problem: {0}; {1}", problem,
                loaded == null ? "control does not run until it is fixed" : "keeping the last good control plan");
    }

    private static void logSummary(ControlReport report) {
        long refused = report.commands().stream().filter(c -> c.status().equals("REFUSED") || c.status().equals("FAILED"))
                .count();
        LOG.log(refused > 0 ? WARNING : INFO, "control cycle {0} ({1}): supply {2} {3}, {4} commands sent, {5} refused "
                        + "or failed", report.cycle(), report.dayKind(), report.supply().action(),
                report.supply().setpoint().isPresent() ? String.format(Locale.ROOT, "%.1f °C",
                        report.supply().setpoint().getAsDouble()) : "-",
                report.commands().size(), refused);
    }
}
