package io.heathub.billing.kpi.runtime;

import io.heathub.billing.hub.AppliedSite;
import io.heathub.billing.hub.HubFolders;
import io.heathub.billing.kpi.KpiService;
import io.heathub.config.site.SiteService;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * Runs the weekly energy-figure feed ({@link KpiFeed}) in the hub: looks once a minute whether a
 * week is due (so an edited {@code kpi:} section applies without a restart) and sends it through
 * the hub's CamelContext, with the {@code kpi:} section of the site version core's
 * {@link SiteService} applied last. The last week sent is kept in {@code ${heathub.data}/kpi-feed.state}.
 * Registers no service: the figures themselves are {@link KpiService}.
 */
@Component(service = {})
public final class KpiComponent {
    private static final System.Logger LOG = System.getLogger(KpiComponent.class.getName());
    private static final long TICK_SECONDS = 60;
    static final String STATE_FILE = "kpi-feed.state";

    private final ProducerTemplate producer;
    private final ScheduledExecutorService scheduler;
    private final AppliedSite site;
    private final KpiFeed feed;

    @Activate
    public KpiComponent(@Reference(name = "camel") CamelContext camel, @Reference(name = "kpis") KpiService kpis,
                        @Reference(name = "sites") SiteService sites, BundleContext context) {
        String data = HubFolders.data(context);
        producer = camel.createProducerTemplate();
        site = new AppliedSite(sites);
        feed = new KpiFeed(site, kpis, producer, data, Path.of(data, STATE_FILE), Clock.systemUTC());
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "heathub-kpi-feed");
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(this::tick, TICK_SECONDS, TICK_SECONDS, TimeUnit.SECONDS);
        LOG.log(Level.INFO, "Energy figures: each ISO week of the kpi: sites sent "
                + site.section(KpiSection.KEY, KpiSettings.class).map(s -> "to " + feed.endpoint(s) + " " + s.delay()
                        + " after it closes (" + s.sites().size() + " sites now)").orElse("once the kpi: section is read")
                + "; last week sent: " + feed.lastSent().orElse("none"));
    }

    private void tick() {
        try {
            feed.sendDue();
        } catch (RuntimeException e) {
            // one failed check must not end the schedule
            LOG.log(Level.ERROR, "energy figure feed failed", e);
        }
    }

    @Deactivate
    void deactivate() throws Exception {
        scheduler.shutdownNow();
        site.close();
        producer.close();
    }
}
