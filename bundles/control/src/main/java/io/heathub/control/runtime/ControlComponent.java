package io.heathub.control.runtime;

import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

import io.heathub.api.hub.CommandService;
import io.heathub.api.hub.HubStatus;
import io.heathub.api.hub.ReadingFeed;
import io.heathub.calendar.HeatingCalendar;
import io.heathub.config.ConfigException;
import io.heathub.config.site.SiteService;
import io.heathub.control.runtime.api.ControlReport;
import io.heathub.control.runtime.api.ControlStatus;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The control loop inside the hub: a Camel timer route ({@value #ROUTE_ID}) runs one
 * {@link ControlLoop} cycle every {@code cycleSeconds} on the control section of the site version
 * core's {@link SiteService} applied last. Serves {@link ControlStatus} (the last report, for the
 * web API) and follows core's {@link ReadingFeed} for forecast points.
 */
@Component(configurationPid = ControlComponent.PID, immediate = true, service = ControlStatus.class)
@Designate(ocd = ControlConfiguration.class)
public final class ControlComponent implements ControlStatus {

    public static final String PID = "io.heathub.control";
    public static final String ROUTE_ID = "heathub-control";
    private static final System.Logger LOG = System.getLogger(ControlComponent.class.getName());

    private final CamelContext camel;
    private final SiteService sites;
    private final ControlLoop loop;
    private final boolean running;
    private final AutoCloseable feedSubscription;
    private final AutoCloseable siteSubscription;

    @Activate
    public ControlComponent(@Reference(name = "hub") HubStatus hub, @Reference(name = "commands") CommandService commands,
                            @Reference(name = "feed") ReadingFeed feed, @Reference(name = "camel") CamelContext camel,
                            @Reference(name = "sites") SiteService sites, ControlConfiguration config,
                            BundleContext context) throws Exception {
        this(hub, commands, feed, camel, sites, config.enabled(), config.cycleSeconds(), Clock.systemUTC(),
                new ControlStateFile(stateFile(config.stateFile(), context.getProperty("heathub.data"))));
    }

    /** Without OSGi (tests): the same loop on the versions of {@code sites}, a cycle every {@code cycleSeconds}. */
    ControlComponent(HubStatus hub, CommandService commands, ReadingFeed feed, CamelContext camel, SiteService sites,
                     boolean enabled, int cycleSeconds, Clock clock) throws Exception {
        this(hub, commands, feed, camel, sites, enabled, cycleSeconds, clock, null);
    }

    /** @param stateFile the engine's memory across restarts; null: in memory only */
    ControlComponent(HubStatus hub, CommandService commands, ReadingFeed feed, CamelContext camel, SiteService sites,
                     boolean enabled, int cycleSeconds, Clock clock, ControlStateFile stateFile) throws Exception {
        this.camel = camel;
        this.sites = sites;
        this.loop = new ControlLoop(hub, commands, clock, stateFile);
        this.running = enabled;
        this.feedSubscription = feed.subscribe(loop::accepted);
        this.siteSubscription = sites.subscribe(loop::apply);
        if (!enabled) {
            LOG.log(INFO, "control loop disabled ({0}.cfg enabled=false): no cycles, no commands", PID);
            return;
        }
        long periodMillis = TimeUnit.SECONDS.toMillis(Math.max(1, cycleSeconds));
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                // one cycle at a time: the timer thread runs them back to back, never overlapping
                from("timer:" + ROUTE_ID + "?period=" + periodMillis + "&delay=" + periodMillis)
                        .routeId(ROUTE_ID)
                        .process(exchange -> loop.runCycle());
            }
        });
        LOG.log(INFO, "control loop started: a cycle every {0} s", cycleSeconds);
    }

    /** {@code configured}, or {@code <data>/control/state.properties} when blank ({@code data} defaults to {@code data}). */
    static Path stateFile(String configured, String data) {
        String folder = data == null || data.isBlank() ? "data" : data;
        String value = configured == null || configured.isBlank() ? "${heathub.data}/control/state.properties" : configured.trim();
        return Path.of(value.replace("${heathub.data}", folder));
    }

    /** Runs one cycle now (the timer's work; for tests and an operator's "run now"). */
    public Optional<ControlReport> runCycle() {
        return loop.runCycle();
    }

    @Override
    public Optional<ControlReport> last() {
        return loop.last();
    }

    /**
     * The problems that keep the site file as it is now from being applied, in control's sections
     * ({@code control:}, {@code calendar:}) or in the whole file (syntax, empty, missing); the loop
     * runs the last applied plan meanwhile.
     */
    @Override
    public List<String> configProblems() {
        return sites.problems(List.of(ControlSection.KEY, HeatingCalendar.SECTION)).stream().map(ConfigException::getMessage).toList();
    }

    @Deactivate
    public void close() {
        try {
            siteSubscription.close();
            feedSubscription.close();
        } catch (Exception e) {
            LOG.log(WARNING, "control: leaving the site service or the reading feed failed: " + e, e);
        }
        if (!running) {
            return;
        }
        try {
            if (camel.getRoute(ROUTE_ID) != null) {
                camel.getRouteController().stopRoute(ROUTE_ID, 15, TimeUnit.SECONDS);
                camel.removeRoute(ROUTE_ID);
            }
        } catch (Exception e) {
            LOG.log(WARNING, "control route " + ROUTE_ID + " did not stop cleanly: " + e, e);
        }
    }
}
