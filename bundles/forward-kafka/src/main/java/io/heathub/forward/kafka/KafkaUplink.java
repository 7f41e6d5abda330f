package io.heathub.forward.kafka;

import io.heathub.api.journal.Journal;
import io.heathub.camel.journal.uplink.JournalUplinks;
import io.heathub.camel.journal.uplink.Outgoing;
import io.heathub.camel.journal.uplink.UplinkPolicy;
import io.heathub.camel.journal.uplink.UplinkSpec;
import io.heathub.config.site.Site;
import io.heathub.config.site.SiteService;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.KafkaEndpoint;
import org.apache.camel.support.DefaultMessage;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The Kafka uplink, on the shared uplink support: a Camel route from the journal cursor
 * {@value #CURSOR} that sends each reading as one record (key = device id, value = its JSON,
 * headers {@value #KEY_HEADER} = its identity and {@value #HUB_HEADER} = the hub) through
 * camel-kafka's synchronous producer (idempotent, {@code acks=all}). The cursor moves only past
 * records Kafka acknowledged; on a failure the support keeps it, backs off (1 s doubling to 60 s)
 * and logs the outage once and its end; a record Kafka refuses (too large, invalid) is set aside as
 * a dead letter; authentication and authorisation failures raise an alarm. A configuration change
 * re-activates the component, which rebuilds the route.
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
    /** Record header with the reading's identity {@code device/point/epochMillis}. */
    public static final String KEY_HEADER = "heathub-key";
    /** Record header with the hub the reading comes from (its identity across hubs). */
    public static final String HUB_HEADER = "heathub-hub";
    private static final System.Logger LOG = System.getLogger(KafkaUplink.class.getName());

    private final Journal journal;
    private final CamelContext camel;
    private final KafkaUplinkSettings settings;
    private final RecordSender sender;
    private final KafkaEndpoint endpoint;

    /** DS activation: the configuration ({@code producer.*} keys included) plus the environment override. */
    @Activate
    public KafkaUplink(@Reference(name = "journal") Journal journal, @Reference(name = "camel") CamelContext camel,
                       @Reference(name = "sites") SiteService sites, KafkaUplinkConfig config,
                       Map<String, Object> componentProperties) throws Exception {
        this(journal, camel, KafkaUplinkSettings.from(config, componentProperties, System::getenv),
                () -> sites.current().map(Site::id));
    }

    /** Starts forwarding unless {@code settings} has no bootstrap servers. */
    KafkaUplink(Journal journal, CamelContext camel, KafkaUplinkSettings settings, Supplier<Optional<String>> siteId)
            throws Exception {
        this.journal = journal;
        this.camel = camel;
        this.settings = settings;
        if (!settings.enabled()) {
            LOG.log(Level.INFO, "Kafka uplink disabled (no bootstrapServers in {0}.cfg and no {1}): readings stay in "
                    + "the journal, backlog of cursor \"{2}\" is {3}", PID, KafkaUplinkSettings.BOOTSTRAP_ENV, CURSOR,
                    journal.backlog(CURSOR));
            sender = null;
            endpoint = null;
            return;
        }
        List<String> unknown = settings.unknownPropertyKeys();
        if (!unknown.isEmpty()) {
            LOG.log(Level.WARNING, "Kafka uplink: properties {0} are not Kafka producer settings (typo?); passed on "
                    + "anyway", unknown);
        }
        endpoint = endpoint(camel, settings);
        sender = new RecordSender(endpoint);
        Supplier<Optional<String>> hub = UplinkSpec.hubId(settings.hubId(), siteId);
        UplinkSpec spec = new UplinkSpec(CURSOR, "Kafka uplink to " + settings.bootstrapServers() + " (topic "
                + settings.topic() + ")", LOG, settings.batchSize(), settings.pollInterval(), settings.firstBackoff(),
                settings.maxBackoff(), hub, new UplinkPolicy() {
                    @Override
                    public Object body(List<Outgoing> batch) {
                        return batch;
                    }
                });
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                errorHandler(noErrorHandler()); // the uplink support judges failures and logs each outage once
                from(JournalUplinks.endpoint(camel, journal, spec))
                        .routeId(ROUTE_ID)
                        .process(exchange -> toRecords(exchange, hub.get().orElse("")))
                        .process(exchange -> sender.send(exchange, UplinkPolicy.CONFIRMED));
            }
        });
        LOG.log(Level.INFO, "Kafka uplink started: {0}; backlog {1}", settings, journal.backlog(CURSOR));
    }

    /**
     * camel-kafka's endpoint for the topic: one record per message of the body with its own
     * headers and metadata, byte arrays as they are, and the uplink's producer configuration
     * applied over camel-kafka's.
     */
    private static KafkaEndpoint endpoint(CamelContext camel, KafkaUplinkSettings settings) {
        KafkaEndpoint endpoint = camel.getEndpoint("kafka:" + settings.topic(), KafkaEndpoint.class);
        var configuration = endpoint.getConfiguration();
        configuration.setBrokers(settings.bootstrapServers());
        configuration.setKeySerializer(ByteArraySerializer.class.getName());
        configuration.setValueSerializer(ByteArraySerializer.class.getName());
        configuration.setBatchWithIndividualHeaders(true);
        configuration.setRecordMetadata(true);
        configuration.setAdditionalProperties(settings.producerConfig());
        return endpoint;
    }

    /** Body: one camel message per reading (value its JSON, key its device, headers its identity and hub). */
    private static void toRecords(Exchange exchange, String hub) {
        @SuppressWarnings("unchecked")
        List<Outgoing> batch = exchange.getIn().getBody(List.class);
        byte[] hubBytes = hub.getBytes(StandardCharsets.UTF_8);
        List<Message> records = new ArrayList<>(batch.size());
        for (Outgoing o : batch) {
            Message record = new DefaultMessage(exchange);
            record.setBody(o.payload());
            record.setHeader(KafkaConstants.KEY, o.reading().device().getBytes(StandardCharsets.UTF_8));
            record.setHeader(KEY_HEADER, o.reading().key().getBytes(StandardCharsets.UTF_8));
            record.setHeader(HUB_HEADER, hubBytes);
            records.add(record);
        }
        exchange.getIn().setBody(records);
    }

    /** Removes the route and closes the connection; the cursor keeps what was delivered. */
    @Deactivate
    public void close() {
        if (sender == null) {
            return;
        }
        sender.close(); // first: a round blocked on Kafka ends now instead of after the timeout
        try {
            if (camel.getRoute(ROUTE_ID) != null) {
                camel.getRouteController().stopRoute(ROUTE_ID, 15, TimeUnit.SECONDS);
                camel.removeRoute(ROUTE_ID);
            }
            camel.removeEndpoint(endpoint);
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
