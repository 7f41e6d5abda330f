package io.heathub.forward.mqtt;

import io.heathub.api.Reading;
import io.heathub.api.journal.Journal;
import io.heathub.api.journal.JournalEntry;
import io.heathub.api.journal.JournalException;
import io.heathub.api.journal.RetryPacing;
import io.heathub.wire.ReadingJson;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Constants;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Endpoint;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The MQTT 5 uplink: a Camel route that reads batches from the journal cursor
 * {@value #CURSOR}, publishes one QoS 1 message per device to {@code {topicPrefix}/{device}/readings}
 * through the camel-paho-mqtt5 endpoint and commits the cursor only after every message of the
 * batch was acknowledged. While the broker is down it backs off (1 s doubling to 30 s), logs the
 * outage once and keeps the cursor, so nothing acknowledged to the field is lost.
 * A configuration change re-activates the component (no modified method), which rebuilds the route.
 */
@Component(configurationPid = MqttUplink.PID, service = {}, immediate = true)
@Designate(ocd = MqttUplinkConfig.class)
public class MqttUplink {
    /** ConfigAdmin PID. */
    public static final String PID = "io.heathub.forward.mqtt";
    /** The journal cursor this uplink owns. */
    public static final String CURSOR = "mqtt";
    /** Route id in the hub's Camel context. */
    public static final String ROUTE_ID = "heathub-forward-mqtt";
    /** MQTT 5 user property with the identities ({@link Reading#key()}) of the message's readings. */
    public static final String KEYS_PROPERTY = "heathub-keys";

    private static final System.Logger LOG = System.getLogger(MqttUplink.class.getName());
    private static final String MORE = "heathub.mqtt.more";
    private static final String LAST_POSITION = "heathub.mqtt.lastPosition";
    private static final String COUNT = "heathub.mqtt.count";
    private static final String BATCH = "heathub.mqtt.batch";
    /** Retained status payloads; the offline one is the last will. */
    static final String ONLINE = "{\"status\":\"online\"}";
    static final String OFFLINE = "{\"status\":\"offline\"}";

    private final Journal journal;
    private final CamelContext camel;
    private final UplinkSettings settings;
    private final ReadingJson json = new ReadingJson();
    private final AckedMqttClient client;
    private final PahoMqtt5Endpoint endpoint;
    private final ThingsBoardGateway thingsBoard = new ThingsBoardGateway();

    /** Back-off while the broker fails; used only by the route's single timer thread. */
    private final RetryPacing pacing;
    private volatile boolean closing;

    /** DS activation: the configuration plus the environment override. */
    @Activate
    public MqttUplink(@Reference(name = "journal") Journal journal, @Reference(name = "camel") CamelContext camel,
                      MqttUplinkConfig config)
            throws Exception {
        this(journal, camel, UplinkSettings.from(config, System::getenv));
    }

    /** Starts forwarding unless {@code settings} has no URL. */
    MqttUplink(Journal journal, CamelContext camel, UplinkSettings settings) throws Exception {
        this.journal = journal;
        this.camel = camel;
        this.settings = settings;
        this.pacing = new RetryPacing(settings.firstBackoff(), settings.maxBackoff());
        if (!settings.enabled()) {
            LOG.log(Level.INFO, "MQTT uplink disabled (no url in {0}.cfg and no {1}): readings stay in the journal, "
                    + "backlog of cursor \"{2}\" is {3}", PID, UplinkSettings.URL_ENV, CURSOR, journal.backlog(CURSOR));
            client = null;
            endpoint = null;
            return;
        }
        client = new AckedMqttClient(settings.url(), settings.clientId(), connectionOptions(settings),
                settings.publishTimeout().toMillis(), this::connected);
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(camel.getApplicationContextClassLoader());
        try {
            // The topic in the URI is a placeholder: each message names its own topic in a header.
            endpoint = camel.getEndpoint("paho-mqtt5:" + settings.topicPrefix() + "?qos=1&lazyStartProducer=true"
                    + "&clientId=RAW(" + settings.clientId() + ")", PahoMqtt5Endpoint.class);
            endpoint.setClient(client); // the producer then uses our client and does not connect itself
            camel.addRoutes(new UplinkRoute());
        } catch (Exception e) {
            client.close(true);
            throw e;
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
        LOG.log(Level.INFO, "MQTT uplink started: {0}; backlog {1}", settings, journal.backlog(CURSOR));
    }

    /** Removes the route and closes the connection; the cursor keeps what was delivered. */
    @Deactivate
    public void close() {
        if (client == null) {
            return;
        }
        closing = true;
        try {
            if (camel.getRoute(ROUTE_ID) != null) {
                camel.getRouteController().stopRoute(ROUTE_ID, 15, TimeUnit.SECONDS);
                camel.removeRoute(ROUTE_ID);
            }
            camel.removeEndpoint(endpoint);
        } catch (Exception e) {
            LOG.log(Level.WARNING, "MQTT uplink route " + ROUTE_ID + " did not stop cleanly: " + e, e);
        }
        try {
            if (client.isConnected()) {
                client.disconnect();
            }
        } catch (MqttException e) {
            LOG.log(Level.DEBUG, "disconnect from {0}: {1}", settings.url(), e.toString());
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            LOG.log(Level.DEBUG, "close client: {0}", e.toString());
        }
        LOG.log(Level.INFO, "MQTT uplink to {0} stopped; backlog {1}", settings.url(), journal.backlog(CURSOR));
    }

    /** The connection, for tests that simulate a crash (a drop without DISCONNECT). */
    AckedMqttClient client() {
        return client;
    }

    /** The settings in force (password not included in {@code toString}). */
    UplinkSettings settings() {
        return settings;
    }

    /** One MQTT message: its topic, its payload, and the readings it carries (for their identities). */
    record OutgoingMessage(String topic, byte[] payload, List<Reading> readings) {
    }

    private final class UplinkRoute extends RouteBuilder {
        @Override
        public void configure() {
            from("timer:" + ROUTE_ID + "?delay=0&period=" + settings.pollInterval().toMillis())
                    .routeId(ROUTE_ID)
                    .onException(Exception.class).handled(true).process(MqttUplink.this::failed).end()
                    .loopDoWhile(exchange -> exchange.getProperty(MORE, Boolean.TRUE, Boolean.class))
                        .process(MqttUplink.this::readBatch)
                        .split(body()).stopOnException()
                            .process(MqttUplink.this::toMessage)
                            .to(endpoint)
                        .end()
                        .process(MqttUplink.this::commit)
                    .end();
        }
    }

    /** Body: the batch grouped by device (empty while backing off or when drained). */
    private void readBatch(Exchange exchange) throws JournalException {
        exchange.setProperty(MORE, false);
        if (closing || pacing.waiting()) {
            exchange.getIn().setBody(List.of());
            return;
        }
        List<JournalEntry> entries = journal.read(CURSOR, settings.batchSize());
        List<Reading> batch = entries.stream().map(JournalEntry::reading).toList();
        List<OutgoingMessage> messages = new ArrayList<>();
        if (settings.format() == UplinkSettings.Format.THINGSBOARD) {
            messages.addAll(thingsBoard.messages(batch));
        } else {
            Map<String, List<Reading>> byDevice = new LinkedHashMap<>();
            for (Reading r : batch) {
                byDevice.computeIfAbsent(r.device(), d -> new ArrayList<>()).add(r);
            }
            byDevice.forEach((device, readings) ->
                    messages.add(new OutgoingMessage(settings.topicFor(device), json.writeArray(readings), readings)));
        }
        exchange.getIn().setBody(messages);
        exchange.setProperty(BATCH, batch);
        exchange.setProperty(COUNT, entries.size());
        exchange.setProperty(LAST_POSITION, entries.isEmpty() ? 0L : entries.get(entries.size() - 1).position());
    }

    /** Turns one device's readings into the paho-mqtt5 message: JSON body, topic and user properties. */
    private void toMessage(Exchange exchange) {
        OutgoingMessage message = exchange.getIn().getBody(OutgoingMessage.class);
        MqttProperties properties = new MqttProperties();
        properties.setContentType("application/json");
        properties.setPayloadFormat(true); // UTF-8
        if (!message.readings().isEmpty()) {
            String keys = message.readings().stream().map(Reading::key).collect(Collectors.joining(","));
            properties.setUserProperties(List.of(new UserProperty(KEYS_PROPERTY, keys)));
        }
        exchange.getIn().setHeader(PahoMqtt5Constants.CAMEL_PAHO_OVERRIDE_TOPIC, message.topic());
        exchange.getIn().setHeader(PahoMqtt5Constants.CAMEL_PAHO_MSG_QOS, 1);
        exchange.getIn().setHeader(PahoMqtt5Constants.CAMEL_PAHO_MSG_PROPERTIES, properties);
        exchange.getIn().setBody(message.payload());
    }

    /** Every message of the batch was acknowledged: move the cursor past it. */
    private void commit(Exchange exchange) throws JournalException, MqttException {
        int count = exchange.getProperty(COUNT, 0, Integer.class);
        if (count == 0) {
            return;
        }
        client.awaitAcknowledgements(); // every message of the batch confirmed, or this throws
        journal.commit(CURSOR, exchange.getProperty(LAST_POSITION, Long.class));
        @SuppressWarnings("unchecked")
        List<Reading> batch = exchange.getProperty(BATCH, List.class);
        thingsBoard.delivered(batch);
        pacing.succeeded().ifPresent(outage -> LOG.log(Level.INFO,
                "MQTT uplink to {0} delivering again after {1} s; backlog {2}", settings.url(), outage.toSeconds(),
                journal.backlog(CURSOR)));
        exchange.setProperty(MORE, count == settings.batchSize() && !closing);
    }

    /** Publish or journal failure: keep the cursor, wait, say so once per outage. */
    private void failed(Exchange exchange) {
        client.forgetOutstanding(); // the batch is sent again after the back-off
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (pacing.failed()) {
            LOG.log(Level.WARNING, "MQTT uplink to {0} failing, readings stay in the journal (backlog {1}) and are "
                    + "retried with back-off up to {2} s: {3}", settings.url(), journal.backlog(CURSOR),
                    settings.maxBackoff().toSeconds(), describe(cause));
        } else {
            LOG.log(Level.DEBUG, "MQTT uplink to {0} still failing: {1}", settings.url(), describe(cause));
        }
    }

    private static String describe(Throwable t) {
        if (t == null) {
            return "unknown failure";
        }
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c.getMessage() != null && sb.indexOf(c.getMessage()) < 0) {
                if (sb.length() > 0) {
                    sb.append(" <- ");
                }
                sb.append(c.getMessage());
            }
        }
        return sb.length() == 0 ? t.getClass().getName() : sb.toString();
    }

    /** Called on the route thread right after each (re)connect. */
    private void connected(AckedMqttClient connectedClient) throws MqttException {
        thingsBoard.forgetAnnouncements();
        if (settings.format() == UplinkSettings.Format.HEATHUB) {
            MqttMessage online = new MqttMessage(ONLINE.getBytes(StandardCharsets.UTF_8), 1, true, null);
            connectedClient.publishRaw(settings.statusTopic(), online);
        }
    }

    private static MqttConnectionOptions connectionOptions(UplinkSettings settings) throws java.io.IOException {
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true); // delivery state lives in the journal cursor, not the MQTT session
        options.setAutomaticReconnect(false); // reconnect happens on the next publish, paced by our back-off
        options.setConnectionTimeout((int) Math.max(1, settings.publishTimeout().toSeconds()));
        options.setKeepAliveInterval(30);
        if (settings.tls().configured() || settings.url().startsWith("ssl://")) {
            options.setSocketFactory(settings.tls().socketFactory());
            options.setHttpsHostnameVerificationEnabled(true); // the broker must be who the URL says
        }
        if (settings.format() == UplinkSettings.Format.HEATHUB) {
            // Subscribers see "offline" (retained) when the hub vanishes without a goodbye.
            options.setWill(settings.statusTopic(), new MqttMessage(OFFLINE.getBytes(StandardCharsets.UTF_8), 1, true, null));
        }
        if (!settings.username().isEmpty()) {
            options.setUserName(settings.username());
            options.setPassword(settings.password().getBytes(StandardCharsets.UTF_8));
        }
        return options;
    }
}
