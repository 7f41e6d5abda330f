package io.heathub.forward.kafka;

import io.heathub.api.journal.Journal;
import io.heathub.api.journal.JournalEntry;
import io.heathub.api.journal.JournalException;
import io.heathub.api.journal.RetryPacing;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The Kafka uplink: a Camel timer route that reads batches from the journal cursor
 * {@value #CURSOR} and sends each reading as one record (key = device id, value = its JSON,
 * header {@value BatchProducer#KEY_HEADER} = its identity) through an idempotent
 * {@code acks=all} producer. The cursor moves only past records Kafka acknowledged; on a
 * failure it stays, the uplink backs off (1 s doubling to 60 s) and logs the outage once and
 * its end. A configuration change re-activates the component, which rebuilds the route.
 */
@Component(configurationPid = KafkaUplink.PID, service = {}, immediate = true)
@Designate(ocd = KafkaUplinkConfig.class)
public class KafkaUplink {
    /** ConfigAdmin PID. */
    public static final String PID = "io.heathub.forward.kafka";
    /** The journal cursor this uplink owns. */
    public static final String CURSOR = "kafka";
    /** Route id in the hub's Camel context. */
    public static final String ROUTE_ID = "heathub-forward-kafka";
    private static final System.Logger LOG = System.getLogger(KafkaUplink.class.getName());

    private final Journal journal;
    private final CamelContext camel;
    private final KafkaUplinkSettings settings;
    private final BatchProducer producer;

    /** Back-off while Kafka fails; used only by the route's timer thread. */
    private final RetryPacing pacing;
    private volatile boolean closing;

    /** DS activation: the configuration ({@code producer.*} keys included) plus the environment override. */
    @Activate
    public KafkaUplink(@Reference(name = "journal") Journal journal, @Reference(name = "camel") CamelContext camel,
                       KafkaUplinkConfig config, Map<String, Object> componentProperties) throws Exception {
        this(journal, camel, KafkaUplinkSettings.from(config, componentProperties, System::getenv));
    }

    /** Starts forwarding unless {@code settings} has no bootstrap servers. */
    KafkaUplink(Journal journal, CamelContext camel, KafkaUplinkSettings settings) throws Exception {
        this.journal = journal;
        this.camel = camel;
        this.settings = settings;
        this.pacing = new RetryPacing(settings.firstBackoff(), settings.maxBackoff());
        if (!settings.enabled()) {
            LOG.log(Level.INFO, "Kafka uplink disabled (no bootstrapServers in {0}.cfg and no {1}): readings stay in "
                    + "the journal, backlog of cursor \"{2}\" is {3}", PID, KafkaUplinkSettings.BOOTSTRAP_ENV, CURSOR,
                    journal.backlog(CURSOR));
            producer = null;
            return;
        }
        List<String> unknown = settings.unknownPropertyKeys();
        if (!unknown.isEmpty()) {
            LOG.log(Level.WARNING, "Kafka uplink: properties {0} are not Kafka producer settings (typo?); passed on "
                    + "anyway", unknown);
        }
        producer = new BatchProducer(settings);
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("timer:" + ROUTE_ID + "?delay=0&period=" + settings.pollInterval().toMillis())
                        .routeId(ROUTE_ID)
                        .process(exchange -> deliverAvailable());
            }
        });
        LOG.log(Level.INFO, "Kafka uplink started: {0}; backlog {1}", settings, journal.backlog(CURSOR));
    }

    /** Sends batches until the backlog is drained, Kafka fails, or the uplink stops. */
    void deliverAvailable() throws JournalException {
        while (!closing) {
            if (pacing.waiting()) {
                return;
            }
            List<JournalEntry> entries = journal.read(CURSOR, settings.batchSize());
            if (entries.isEmpty()) {
                return;
            }
            BatchProducer.Outcome outcome = producer.send(entries);
            if (outcome.acknowledged() > 0) {
                // Records are sent in journal order: everything up to here is in Kafka.
                journal.commit(CURSOR, entries.get(outcome.acknowledged() - 1).position());
            }
            if (outcome.failure() != null) {
                failed(outcome.failure());
                return;
            }
            delivering();
            if (entries.size() < settings.batchSize()) {
                return;
            }
        }
    }

    private void delivering() {
        pacing.succeeded().ifPresent(outage -> LOG.log(Level.INFO,
                "Kafka uplink to {0} delivering again after {1} s; backlog {2}", settings.bootstrapServers(),
                outage.toSeconds(), journal.backlog(CURSOR)));
    }

    /** Keep the cursor, wait, say so once per outage. */
    private void failed(Throwable cause) {
        boolean outageStarts = pacing.failed();
        if (closing) {
            LOG.log(Level.DEBUG, "Kafka uplink stopped during a round: {0}", describe(cause));
        } else if (outageStarts) {
            LOG.log(Level.WARNING, "Kafka uplink to {0} (topic {1}) failing, readings stay in the journal (backlog {2}) "
                    + "and are retried with back-off up to {3} s: {4}", settings.bootstrapServers(), settings.topic(),
                    journal.backlog(CURSOR), settings.maxBackoff().toSeconds(), describe(cause));
        } else {
            LOG.log(Level.DEBUG, "Kafka uplink to {0} still failing: {1}", settings.bootstrapServers(), describe(cause));
        }
    }

    private static String describe(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            String message = c.getClass().getSimpleName() + (c.getMessage() == null ? "" : ": " + c.getMessage());
            if (sb.indexOf(message) < 0) {
                sb.append(sb.length() == 0 ? "" : " <- ").append(message);
            }
        }
        return sb.toString();
    }

    /** Removes the route and closes the connection; the cursor keeps what was delivered. */
    @Deactivate
    public void close() {
        closing = true;
        if (producer == null) {
            return;
        }
        producer.close(); // first: a round blocked on Kafka ends now instead of after the timeout
        try {
            if (camel.getRoute(ROUTE_ID) != null) {
                camel.getRouteController().stopRoute(ROUTE_ID, 15, TimeUnit.SECONDS);
                camel.removeRoute(ROUTE_ID);
            }
        } catch (Exception e) {
            LOG.log(Level.WARNING, "Kafka uplink route " + ROUTE_ID + " did not stop cleanly: " + e, e);
        }
        LOG.log(Level.INFO, "Kafka uplink to {0} stopped; backlog {1}", settings.bootstrapServers(),
                journal.backlog(CURSOR));
    }

    /** The settings in force (property values not included in {@code toString}). */
    KafkaUplinkSettings settings() {
        return settings;
    }
}
