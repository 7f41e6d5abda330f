package io.heathub.control.runtime;

import static java.lang.System.Logger.Level.ERROR;
import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

import io.heathub.api.Reading;
import io.heathub.api.hub.CommandService;
import io.heathub.api.hub.DeviceStatus;
import io.heathub.api.hub.HubStatus;
import io.heathub.calendar.HeatingCalendar;
import io.heathub.config.site.Site;
import io.heathub.control.ControlEngine;
import io.heathub.control.ControlPlan;
import io.heathub.control.ControlSettings;
import io.heathub.control.ControlState;
import io.heathub.control.Decision;
import io.heathub.control.runtime.api.ControlReport;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The control engine run live: each {@link #runCycle()} builds the engine's snapshot from the hub's
 * latest readings through the binding of the site version last {@link #apply applied}, runs one
 * engine cycle, sends the changed outputs through the command service and publishes the
 * {@link ControlReport}. Cycles are serialised; readings ({@link #accepted}) and site versions
 * ({@link #apply}) may come from other threads at any time.
 */
public final class ControlLoop {

    private static final System.Logger LOG = System.getLogger(ControlLoop.class.getName());

    private final HubStatus hub;
    private final Clock clock;
    private final CommandDispatcher dispatcher;
    private final ForecastBuffer forecast = new ForecastBuffer();
    private final AtomicReference<ControlReport> lastReport = new AtomicReference<>();

    /** The plan in use; replaced as a whole when a site version changes it. */
    private record Loaded(ControlSite site, long siteVersion, ControlEngine engine) {
        ControlPlan plan() {
            return site.plan();
        }

        ControlBinding binding() {
            return site.binding();
        }
    }

    private volatile Loaded loaded;
    private SitePrograms programs;
    private ControlState state = ControlState.initial();
    private final ControlStateFile stateFile;
    private long cycles;

    /**
     * @param hub      latest readings and configured devices
     * @param commands the one command path to the field
     * @param clock    the time of a cycle
     */
    public ControlLoop(HubStatus hub, CommandService commands, Clock clock) {
        this(hub, commands, clock, null);
    }

    /**
     * @param stateFile where the engine's memory is kept across restarts (restored now); null: in memory only
     */
    ControlLoop(HubStatus hub, CommandService commands, Clock clock, ControlStateFile stateFile) {
        this.hub = Objects.requireNonNull(hub, "hub");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.dispatcher = new CommandDispatcher(Objects.requireNonNull(commands, "commands"), clock);
        this.stateFile = stateFile;
        if (stateFile != null) {
            stateFile.read().ifPresent(restored -> state = restored);
        }
    }

    /**
     * A site version: its control section becomes the plan of the next cycle when it changed. The
     * engine state (filter, trim, last safe setpoint, pump memories) goes on; what was sent to the
     * outputs is forgotten only when the binding changed. A version read before control's or the
     * calendar's section reader was installed lacks that section and changes nothing.
     */
    public synchronized void apply(Site site) {
        Optional<ControlSite> read = site.section(ControlSection.KEY, ControlSite.class);
        // the site's one calendar (heathub-calendar reads calendar: for every feature)
        Optional<HeatingCalendar> calendar = site.section(HeatingCalendar.SECTION, HeatingCalendar.class);
        if (read.isEmpty() || calendar.isEmpty()) {
            return;
        }
        ControlSite next = new ControlSite(read.get().plan().withCalendar(calendar.get()), read.get().binding());
        Loaded previous = loaded;
        if (previous != null && previous.site().equals(next)) {
            loaded = new Loaded(next, site.version(), previous.engine());
            return;
        }
        loaded = new Loaded(next, site.version(), new ControlEngine(next.plan()));
        // the site's household modes and fixed openings that are new or changed are written to the panels
        programs = SitePrograms.of(next.plan(), Optional.ofNullable(programs));
        if (previous != null && !previous.binding().equals(next.binding())) {
            // outputs may now be other points: what was sent to the old ones says nothing about them
            dispatcher.forget();
            forecast.clear();
        }
        ControlBinding binding = next.binding();
        LOG.log(INFO, "control plan {0} from site version {1}: supply setpoint {2}, {3} household groups, {4} room "
                        + "groups, {5} pump zones", previous == null ? "loaded" : "changed", site.version(),
                binding.supply().map(o -> o.device() + " " + o.point()).orElse("not bound"),
                binding.households().size(), binding.rooms().size(), binding.pumps().size());
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
        Loaded current = loaded;
        if (current == null) {
            LOG.log(WARNING, "control cycle skipped: no site with a valid control plan applied yet (see the site's"
                    + " problems in the log and /api/health)");
            return Optional.empty();
        }
        try {
            Instant now = clock.instant();
            List<String> devices = hub.devices().stream().map(DeviceStatus::id).toList();
            Inputs inputs = Inputs.read(current.binding(), programs, hub.latest(), devices, forecast.after(now), now);
            ControlEngine.Result engine = current.engine().cycle(
                    Inputs.trackingOwnDecisions(inputs.snapshot(), state, current.binding().dispatch().deadbands()),
                    state, now);
            List<Decision> decisions = new ArrayList<>(engine.decisions());
            decisions.addAll(inputs.programWrites());
            ControlEngine.Result result = new ControlEngine.Result(decisions, engine.state(), engine.day());
            state = result.state();
            if (stateFile != null) {
                stateFile.write(state);
            }
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

    /** The report of the last cycle run; empty before the first one. */
    public Optional<ControlReport> last() {
        return Optional.ofNullable(lastReport.get());
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
