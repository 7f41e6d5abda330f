package io.heathub.forward.mqtt;

import io.heathub.api.Reading;
import io.heathub.api.hub.CommandService;
import io.heathub.api.hub.HubStatus;
import io.heathub.api.journal.Journal;
import io.heathub.api.journal.JournalEntry;
import io.heathub.camel.journal.uplink.JournalUplinks;
import io.heathub.camel.journal.uplink.Outgoing;
import io.heathub.camel.journal.uplink.UplinkPolicy;
import io.heathub.camel.journal.uplink.UplinkSpec;
import io.heathub.camel.journal.uplink.Verdict;
import io.heathub.camel.journal.uplink.Verdicts;
import io.heathub.config.site.Site;
import io.heathub.config.site.SiteService;
import io.heathub.wire.ReadingJson;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Constants;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Endpoint;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The MQTT 5 uplink, on the shared uplink support ({@link JournalUplinks}): a Camel route from the
 * journal cursor {@value #CURSOR} that publishes each batch as QoS 1 messages, one or more per
 * device (each at most {@code maxMessageBytes}), to {@code {topicPrefix}/{device}/readings}
 * through the camel-paho-mqtt5 endpoint, and lets the cursor move only after every message of the
 * batch was acknowledged. While the broker is down the support backs off (1 s doubling to 30 s)
 * and logs the outage once; a reading that cannot be written, or that the broker refuses for good
 * (topic name or payload format invalid), is set aside as a dead letter.
 * In the ThingsBoard format the same connection (the one that connected the devices, where
 * ThingsBoard sends their RPC) subscribes to {@value ThingsBoardRpc#TOPIC}: see {@link ThingsBoardRpc}.
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
    /** MQTT 5 user property with the hub the readings come from (their identity across hubs). */
    public static final String HUB_PROPERTY = "heathub-hub";

    private static final System.Logger LOG = System.getLogger(MqttUplink.class.getName());
    /** Retained status payloads; the offline one is the last will. */
    static final String ONLINE = "{\"status\":\"online\"}";
    static final String OFFLINE = "{\"status\":\"offline\"}";
    /** PUBACK reason codes that say the message itself is wrong: it will be refused again. */
    private static final int TOPIC_NAME_INVALID = 0x90;
    private static final int PAYLOAD_FORMAT_INVALID = 0x99;

    private final Journal journal;
    private final CamelContext camel;
    private final UplinkSettings settings;
    private final ReadingJson json = new ReadingJson();
    private final BrokerProbe probe;
    private final AckedMqttClient client;
    private final PahoMqtt5Endpoint endpoint;
    private final ThingsBoardGateway thingsBoard;
    private final Supplier<Optional<String>> hub;
    /** Core's services for ThingsBoard RPC, bound by DS after construction; null in tests without RPC. */
    private final ThingsBoardRpc.HubServices hubServices;
    /** ThingsBoard RPC on this connection; null in the heathub format. */
    private final ThingsBoardRpc rpc;
    /** ThingsBoard shared attribute updates on this connection; null in the heathub format. */
    private final ThingsBoardAttributes attributes;
    /** This uplink's start (base 36 millis) and connection count: RPC request ids' session part. */
    private final String started = Long.toString(System.currentTimeMillis(), 36);
    private int connections;
    private volatile String session = "";

    /** DS activation: the configuration plus the environment override; the hub id defaults to the site id. */
    @Activate
    public MqttUplink(@Reference(name = "journal") Journal journal, @Reference(name = "camel") CamelContext camel,
                      @Reference(name = "sites") SiteService sites, MqttUplinkConfig config)
            throws Exception {
        this(journal, camel, UplinkSettings.from(config, System::getenv), () -> sites.current().map(Site::id),
                hubServices(sites, rpcTimeout(config.rpcTimeout())));
    }

    private static ThingsBoardRpc.HubServices hubServices(SiteService sites, Duration rpcTimeout) {
        ThingsBoardRpc.HubServices services = new ThingsBoardRpc.HubServices(null, null, rpcTimeout);
        services.configured.set(() -> sites.current().map(Site::devices).orElse(List.of()));
        return services;
    }

    /** Core's command service, for ThingsBoard RPC; optional, so forwarding never waits for core. */
    @Reference(name = "commands", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            unbind = "unbindCommands")
    void bindCommands(CommandService commands) {
        hubServices.commands.set(commands);
    }

    void unbindCommands(CommandService commands) {
        hubServices.commands.compareAndSet(commands, null);
    }

    /** Core's status (latest readings), for ThingsBoard RPC's getValue. */
    @Reference(name = "status", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            unbind = "unbindStatus")
    void bindStatus(HubStatus status) {
        hubServices.status.set(status);
    }

    void unbindStatus(HubStatus status) {
        hubServices.status.compareAndSet(status, null);
    }

    /** Starts forwarding unless {@code settings} has no URL; no ThingsBoard RPC (tests of forwarding). */
    MqttUplink(Journal journal, CamelContext camel, UplinkSettings settings, Supplier<Optional<String>> siteId)
            throws Exception {
        this(journal, camel, settings, siteId, null);
    }

    /**
     * Starts forwarding unless {@code settings} has no URL; in the ThingsBoard format RPC requests
     * go to {@code hubServices} (null: none handled).
     */
    MqttUplink(Journal journal, CamelContext camel, UplinkSettings settings, Supplier<Optional<String>> siteId,
               ThingsBoardRpc.HubServices hubServices) throws Exception {
        this.journal = journal;
        this.camel = camel;
        this.settings = settings;
        this.hub = UplinkSpec.hubId(settings.hubId(), siteId);
        this.hubServices = hubServices;
        this.probe = new BrokerProbe(settings.url());
        this.thingsBoard = new ThingsBoardGateway(settings.maxMessageBytes(), hubServices == null
                ? device -> Map.of() : device -> ThingsBoardAttributes.clientAttributes(device, hubServices));
        if (!settings.enabled()) {
            LOG.log(Level.INFO, "MQTT uplink disabled (no url in {0}.cfg and no {1}): readings stay in the journal, "
                    + "backlog of cursor \"{2}\" is {3}", PID, UplinkSettings.URL_ENV, CURSOR, journal.backlog(CURSOR));
            client = null;
            endpoint = null;
            rpc = null;
            attributes = null;
            return;
        }
        client = new AckedMqttClient(settings.url(), settings.clientId(), connectionOptions(settings),
                settings.publishTimeout().toMillis(), this::connected);
        if (settings.format() == UplinkSettings.Format.THINGSBOARD && hubServices != null) {
            rpc = new ThingsBoardRpc(hubServices, settings.clientId(), payload -> client.publishUnconfirmed(ThingsBoardRpc.TOPIC,
                            new MqttMessage(payload, 1, false, null)));
            attributes = new ThingsBoardAttributes(hubServices, settings.clientId());
            client.setCallback(new RpcArrivals());
        } else {
            rpc = null;
            attributes = null;
        }
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
            if (rpc != null) {
                rpc.close();
            }
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
        if (rpc != null) {
            rpc.close();
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
        /** The {@value #KEYS_PROPERTY} value: the readings' {@link Reading#key()}s, comma-separated. */
        String keys() {
            StringBuilder keys = new StringBuilder(readings.size() * 48);
            for (Reading r : readings) {
                if (!keys.isEmpty()) {
                    keys.append(',');
                }
                keys.append(r.device()).append('/').append(r.point()).append('/').append(r.time().toEpochMilli());
            }
            return keys.toString();
        }
    }

    /** {@code reading.key().length()} without building the key (it is built once, for the message). */
    static int keyLength(Reading reading) {
        long millis = reading.time().toEpochMilli();
        int digits = millis < 0 ? 2 : 1;
        for (long rest = Math.abs(millis / 10); rest > 0; rest /= 10) {
            digits++;
        }
        return reading.device().length() + reading.point().length() + 2 + digits;
    }

    private final class UplinkRoute extends RouteBuilder {
        @Override
        public void configure() {
            errorHandler(noErrorHandler()); // the uplink support judges failures and logs each outage once
            UplinkSpec spec = new UplinkSpec(CURSOR, "MQTT uplink to " + settings.url(), LOG, settings.batchSize(),
                    settings.pollInterval(), settings.firstBackoff(), settings.maxBackoff(), hub, new MqttPolicy());
            from(JournalUplinks.endpoint(camel, journal, spec))
                    .routeId(ROUTE_ID)
                    .process(MqttUplink.this::toMessages)
                    .split(body()).stopOnException()
                        .process(MqttUplink.this::toMessage)
                        .to(endpoint)
                    .end()
                    .process(exchange -> client.awaitAcknowledgements()); // every message confirmed, or this throws
        }
    }

    /** How this uplink writes entries and what the broker's answers mean. */
    private final class MqttPolicy implements UplinkPolicy {
        @Override
        public byte[] encode(JournalEntry entry, String hubId) throws Exception {
            byte[] payload = json.write(entry.reading(), hubId);
            int size = payload.length + keyLength(entry.reading()) + 2;
            if (size > settings.maxMessageBytes()) {
                throw new IllegalArgumentException("the reading takes " + size + " bytes, more than maxMessageBytes "
                        + settings.maxMessageBytes() + " allows for one message");
            }
            return payload;
        }

        @Override
        public boolean reachableAgain() {
            return probe.reachableAgain();
        }

        /** {@link #encode} only reads the settings and the thread-safe JSON writer. */
        @Override
        public boolean encodesAhead() {
            return true;
        }

        @Override
        public Object body(List<Outgoing> batch) {
            return batch;
        }

        @Override
        public Verdict judge(Throwable failure) {
            probe.failed(failure);
            for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
                if (t instanceof AckedMqttClient.RefusedException refused) {
                    int code = refused.getReasonCode();
                    if (code == TOPIC_NAME_INVALID || code == PAYLOAD_FORMAT_INVALID) {
                        return Verdict.refused(refused.getMessage());
                    }
                    // not authorized, quota, packet too large...: the broker's configuration, a person must act
                    return Verdict.alarm(Verdicts.describe(failure));
                }
            }
            return Verdict.retry(Verdicts.describe(failure));
        }

        @Override
        public void failed() {
            client.forgetOutstanding(); // the batch is sent again after the back-off
        }

        @Override
        public void delivered(List<Outgoing> batch) {
            if (settings.format() == UplinkSettings.Format.THINGSBOARD) { // devices announced, attributes sent
                thingsBoard.delivered(batch.stream().map(Outgoing::reading).toList());
            }
        }
    }

    /** Body: the batch ({@code List<Outgoing>}) becomes its messages, each within maxMessageBytes. */
    private void toMessages(Exchange exchange) {
        @SuppressWarnings("unchecked")
        List<Outgoing> batch = exchange.getIn().getBody(List.class);
        exchange.setProperty(HUB_PROPERTY, hub.get().orElse(""));
        if (settings.format() == UplinkSettings.Format.THINGSBOARD) {
            exchange.getIn().setBody(thingsBoard.messages(batch.stream().map(Outgoing::reading).toList()));
            return;
        }
        Map<String, List<Outgoing>> byDevice = new LinkedHashMap<>();
        for (Outgoing o : batch) {
            byDevice.computeIfAbsent(o.reading().device(), d -> new ArrayList<>()).add(o);
        }
        List<OutgoingMessage> messages = new ArrayList<>();
        byDevice.forEach((device, outgoing) -> {
            int from = 0;
            int size = 2;
            for (int i = 0; i < outgoing.size(); i++) {
                Outgoing o = outgoing.get(i);
                int adds = o.payload().length + keyLength(o.reading()) + 2;
                if (i > from && size + adds > settings.maxMessageBytes()) {
                    messages.add(message(device, outgoing.subList(from, i)));
                    from = i;
                    size = 2;
                }
                size += adds;
            }
            messages.add(message(device, outgoing.subList(from, outgoing.size())));
        });
        exchange.getIn().setBody(messages);
    }

    private OutgoingMessage message(String device, List<Outgoing> outgoing) {
        List<byte[]> payloads = new ArrayList<>(outgoing.size());
        List<Reading> readings = new ArrayList<>(outgoing.size());
        for (Outgoing o : outgoing) {
            payloads.add(o.payload());
            readings.add(o.reading());
        }
        return new OutgoingMessage(settings.topicFor(device), ReadingJson.joinArray(payloads), readings);
    }

    /** Turns one message into the paho-mqtt5 exchange: JSON body, topic and user properties. */
    private void toMessage(Exchange exchange) {
        OutgoingMessage message = exchange.getIn().getBody(OutgoingMessage.class);
        MqttProperties properties = new MqttProperties();
        properties.setContentType("application/json");
        properties.setPayloadFormat(true); // UTF-8
        List<UserProperty> user = new ArrayList<>();
        if (!message.readings().isEmpty()) {
            user.add(new UserProperty(KEYS_PROPERTY, message.keys()));
        }
        user.add(new UserProperty(HUB_PROPERTY, exchange.getProperty(HUB_PROPERTY, "", String.class)));
        properties.setUserProperties(user);
        exchange.getIn().setHeader(PahoMqtt5Constants.CAMEL_PAHO_OVERRIDE_TOPIC, message.topic());
        exchange.getIn().setHeader(PahoMqtt5Constants.CAMEL_PAHO_MSG_QOS, 1);
        exchange.getIn().setHeader(PahoMqtt5Constants.CAMEL_PAHO_MSG_PROPERTIES, properties);
        exchange.getIn().setBody(message.payload());
    }

    /** Called on the route thread right after each (re)connect. */
    private void connected(AckedMqttClient connectedClient) throws MqttException {
        thingsBoard.forgetAnnouncements();
        if (rpc != null) {
            // before the first v1/gateway/connect: ThingsBoard sends a device's RPC on the connection that connected it
            session = started + "." + ++connections;
            // no local: our own replies (client attributes) on the same topic are not requests (updates)
            for (String topic : List.of(ThingsBoardRpc.TOPIC, ThingsBoardAttributes.TOPIC)) {
                MqttSubscription subscription = new MqttSubscription(topic, 1);
                subscription.setNoLocal(true);
                IMqttToken granted = connectedClient.subscribe(new MqttSubscription[] {subscription});
                int code = granted.getReasonCodes() == null ? 0 : granted.getReasonCodes()[0];
                if (code >= 0x80) {
                    LOG.log(Level.WARNING, "MQTT uplink: the broker refused the subscription to {0} (reason code 0x{1}):"
                            + " ThingsBoard requests on it will not arrive", topic, Integer.toHexString(code));
                }
            }
        }
        if (settings.format() == UplinkSettings.Format.HEATHUB) {
            MqttMessage online = new MqttMessage(ONLINE.getBytes(StandardCharsets.UTF_8), 1, true, null);
            connectedClient.publishRaw(settings.statusTopic(), online);
        }
    }

    /** ThingsBoard RPC requests arriving on the uplink's connection, on Paho's callback thread. */
    private final class RpcArrivals implements MqttCallback {
        @Override
        public void messageArrived(String topic, MqttMessage message) {
            try {
                if (ThingsBoardRpc.TOPIC.equals(topic)) {
                    rpc.handle(message.getPayload(), session);
                } else if (ThingsBoardAttributes.TOPIC.equals(topic)) {
                    attributes.handle(message.getPayload(), session);
                }
            } catch (RuntimeException e) {
                // an exception out of here would make Paho drop the uplink's connection
                LOG.log(Level.ERROR, "ThingsBoard RPC: a request could not be handled", e);
            }
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            // the route's next publish notices and reconnects, paced by the support's back-off
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            LOG.log(Level.DEBUG, "MQTT uplink: {0}", exception.toString());
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
        }

        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
        }
    }

    /** The configured {@code rpcTimeout}: how long a ThingsBoard RPC waits before a PENDING reply. */
    static Duration rpcTimeout(String text) {
        Duration timeout = io.heathub.config.Durations.parse(text == null ? "" : text.strip())
                .orElseThrow(() -> new IllegalArgumentException("rpcTimeout must be a duration like 10s, got \"" + text
                        + "\""));
        if (timeout.compareTo(Duration.ofMillis(100)) < 0 || timeout.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new IllegalArgumentException("rpcTimeout must be between 100ms and 10m, got " + text);
        }
        return timeout;
    }

    private static MqttConnectionOptions connectionOptions(UplinkSettings settings) throws java.io.IOException {
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true); // delivery state lives in the journal cursor, not the MQTT session
        options.setAutomaticReconnect(false); // reconnect happens on the next publish, paced by our back-off
        options.setConnectionTimeout((int) Math.max(1, settings.publishTimeout().toSeconds()));
        options.setKeepAliveInterval(30);
        if (settings.tls().configured() || settings.url().startsWith("ssl://")) {
            options.setSocketFactory(NoDelaySockets.tls(settings.tls().socketFactory()));
            options.setHttpsHostnameVerificationEnabled(true); // the broker must be who the URL says
        } else if (settings.url().startsWith("tcp://")) {
            options.setSocketFactory(NoDelaySockets.plain());
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
