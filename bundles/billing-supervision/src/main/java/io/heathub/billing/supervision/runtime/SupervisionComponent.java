package io.heathub.billing.supervision.runtime;

import io.heathub.api.hub.ReadingFeed;
import io.heathub.billing.alarm.AlarmStatus;
import io.heathub.billing.records.Complaints;
import io.heathub.billing.hub.HubFolders;
import io.heathub.billing.supervision.SupervisionStatus;
import io.heathub.config.site.SiteService;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.Optional;
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
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Runs {@link SupervisionPublisher} in the hub: looks once a minute whether a period's feed is
 * due (so a changed {@code supervision.interval} applies without a restart) and sends it through
 * the hub's CamelContext. Binds the live alarms when they run (heathub-billing-alarms is optional:
 * its service interface is in the billing library).
 */
@Component(service = SupervisionStatus.class)
public final class SupervisionComponent implements SupervisionStatus {
    private static final System.Logger LOG = System.getLogger(SupervisionComponent.class.getName());
    private static final long TICK_SECONDS = 60;
    private static final int MAX_READINGS = 1_000_000;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile AlarmStatus alarmStatus;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile Complaints complaints;

    private final ProducerTemplate producer;
    private final SupervisionPublisher publisher;
    private final ScheduledExecutorService scheduler;
    private final AutoCloseable feedSubscription;

    @Activate
    public SupervisionComponent(@Reference(name = "camel") CamelContext camel, @Reference(name = "feed") ReadingFeed feed,
                                @Reference(name = "sites") SiteService sites, BundleContext context) {
        producer = camel.createProducerTemplate();
        publisher = new SupervisionPublisher(sites, producer, HubFolders.data(context), () -> alarmStatus, () -> complaints,
                Clock.systemUTC(), MAX_READINGS);
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "heathub-supervision");
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(this::tick, TICK_SECONDS, TICK_SECONDS, TimeUnit.SECONDS);
        feedSubscription = feed.subscribe(publisher::accepted);
        LOG.log(Level.INFO, "Supervision feed " + publisher.sections().map(s -> "every " + s.supervision().interval()
                + " to " + publisher.endpoint(s.supervision())).orElse("starts once the supervision: section is read"));
    }

    private void tick() {
        try {
            publisher.publishDue();
        } catch (RuntimeException e) {
            // one failed period must not end the schedule
            LOG.log(Level.ERROR, "supervision feed failed", e);
        }
    }

    @Override
    public Optional<Latest> latest() {
        return publisher.latest();
    }

    @Deactivate
    void deactivate() throws Exception {
        feedSubscription.close();
        scheduler.shutdownNow();
        publisher.close();
        producer.close();
    }
}
