package io.heathub.forward.mqtt;

import io.heathub.api.driver.Command;
import io.heathub.api.driver.CommandResult;
import io.heathub.api.hub.CommandService;
import io.heathub.wire.CommandJson;
import io.heathub.wire.WireFormatException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * Commands from the backend over MQTT: subscribes to {@code {topicPrefix}/+/commands} and
 * {@code {topicPrefix}/+/commands/by/+} (QoS 1) on the uplink's broker, hands each command to the
 * hub's {@link CommandService} and answers on {@code {topicPrefix}/{device}/commands/result} with
 * the request id: {@code ACCEPTED} as soon as it is queued, then {@code DONE}, {@code REFUSED} or
 * {@code FAILED} with the reason.
 *
 * <p>Who asked: on {@code …/commands/by/<user>} the last topic level is the broker user, which a
 * mosquitto ACL ({@code pattern write heathub/+/commands/by/%u}) lets nobody else write, so the
 * command is recorded as {@code mqtt:<user>}; on the plain {@code …/commands} topic it is
 * {@code mqtt}, plus the payload's unauthenticated {@code requestedBy}.
 *
 * <p>The session starts clean: a command sent while the hub was offline is not executed late
 * (a valve opened an hour after it was asked for is worse than a retry by the backend, which sees
 * no result). A redelivered request id is answered with its known result, not executed twice.
 */
@Component(configurationPid = MqttUplink.PID, service = {}, immediate = true)
public class MqttCommandListener {
    private static final System.Logger LOG = System.getLogger(MqttCommandListener.class.getName());
    private static final int REMEMBERED_REQUESTS = 1000;
    private static final long RECONNECT_SECONDS = 5;

    private final CommandService commands;
    private final UplinkSettings settings;
    private final CommandJson json = new CommandJson();
    private final MqttAsyncClient client;
    private final ScheduledExecutorService connector;
    /** Request ids seen recently (device/requestId) with their latest result, oldest first. */
    private final Map<String, CommandResult> recent = new LinkedHashMap<>(16, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, CommandResult> eldest) {
            return size() > REMEMBERED_REQUESTS;
        }
    };

    @Activate
    public MqttCommandListener(@Reference(name = "commands") CommandService commands, MqttUplinkConfig config)
            throws MqttException {
        this(commands, UplinkSettings.from(config, System::getenv));
    }

    MqttCommandListener(CommandService commands, UplinkSettings settings) throws MqttException {
        this.commands = commands;
        this.settings = settings;
        if (!settings.enabled()) {
            client = null;
            connector = null;
            return;
        }
        client = new MqttAsyncClient(settings.url(), settings.clientId() + "-commands", new MemoryPersistence());
        client.setCallback(new Callback());
        connector = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mqtt-commands-connect");
            t.setDaemon(true);
            return t;
        });
        connector.execute(this::connect);
    }

    String commandTopicFilter() {
        return settings.topicPrefix() + "/+/commands";
    }

    /** The per-user command topics, whose last level the broker's ACL ties to the publishing user. */
    String userCommandTopicFilter() {
        return commandTopicFilter() + "/" + BY + "/+";
    }

    private static final String BY = "by";
    /** A broker user name as a topic level may carry it into the audit log. */
    private static final java.util.regex.Pattern USER = java.util.regex.Pattern.compile("[A-Za-z0-9._@-]{1,64}");

    private void connect() {
        if (client.isConnected()) {
            return;
        }
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setAutomaticReconnect(true);
        options.setAutomaticReconnectDelay(1, 30);
        options.setKeepAliveInterval(30);
        if (!settings.username().isEmpty()) {
            options.setUserName(settings.username());
            options.setPassword(settings.password().getBytes(StandardCharsets.UTF_8));
        }
        try {
            if (settings.tls().configured() || settings.url().startsWith("ssl://")) {
                options.setSocketFactory(settings.tls().socketFactory());
                options.setHttpsHostnameVerificationEnabled(true);
            }
            client.connect(options).waitForCompletion(settings.publishTimeout().toMillis());
        } catch (java.io.IOException e) {
            LOG.log(Level.ERROR, "MQTT commands: TLS files unusable, not connecting: {0}", e.getMessage());
        } catch (MqttException e) {
            // Paho reconnects by itself only after a first success: until then, we retry.
            LOG.log(Level.WARNING, "MQTT commands: cannot connect to {0} ({1}); retrying in {2} s", settings.url(),
                    e.getMessage(), RECONNECT_SECONDS);
            connector.schedule(this::connect, RECONNECT_SECONDS, TimeUnit.SECONDS);
        }
    }

    private final class Callback implements MqttCallback {
        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
            for (String filter : List.of(commandTopicFilter(), userCommandTopicFilter())) {
                try {
                    client.subscribe(filter, 1);
                    LOG.log(Level.INFO, "MQTT commands: listening on {0} at {1}", filter, serverUri);
                } catch (MqttException e) {
                    // e.g. a broker ACL that lets the hub read only one of the two: the other still works
                    LOG.log(Level.ERROR, "MQTT commands: cannot subscribe to " + filter, e);
                }
            }
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            handle(topic, message.getPayload());
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            LOG.log(Level.WARNING, "MQTT commands: disconnected from {0}: {1}", settings.url(), response);
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            LOG.log(Level.WARNING, "MQTT commands: " + exception.getMessage(), exception);
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
        }
    }

    /** One command message: parse, de-duplicate, submit, answer. Never throws into Paho. */
    void handle(String topic, byte[] payload) {
        String[] parts = topic.split("/", -1);
        int n = parts.length;
        // {prefix}/{device}/commands/by/{user}, else {prefix}/{device}/commands
        String user = n >= 5 && parts[n - 2].equals(BY) && parts[n - 3].equals("commands") ? parts[n - 1] : null;
        String device = user != null ? parts[n - 4] : parts[n - 2];
        Command read;
        try {
            if (user != null && !USER.matcher(user).matches()) {
                throw new WireFormatException("the user level of " + topic + " is not a user name");
            }
            read = json.read(payload, device, "mqtt");
        } catch (WireFormatException e) {
            LOG.log(Level.WARNING, "MQTT commands: refused a message on {0}: {1}", topic, e.getMessage());
            Command unreadable = new Command("", device, "", java.math.BigDecimal.ZERO, "mqtt");
            publish(unreadable, CommandResult.refused("", e.getMessage()));
            return;
        }
        // on a user's topic the broker said who published: that, not the payload's claim, is audited
        Command command = user == null ? read
                : new Command(read.requestId(), read.device(), read.point(), read.value(), "mqtt:" + user);
        if (!command.device().equals(device)) {
            publish(command, CommandResult.refused(command.requestId(), "the device in the message ("
                    + command.device() + ") is not the device of the topic (" + device + ")"));
            return;
        }
        String key = (user == null ? "" : user) + "/" + device + "/" + command.requestId();
        synchronized (recent) {
            CommandResult known = recent.get(key);
            if (known != null) {
                LOG.log(Level.INFO, "MQTT commands: request {0} seen before; answering its result again", key);
                publish(command, known);
                return;
            }
            recent.put(key, new CommandResult(command.requestId(), CommandResult.Status.ACCEPTED, "", Optional.empty()));
        }
        CompletableFuture<CommandResult> result = commands.submit(command).toCompletableFuture();
        if (!result.isDone()) {
            publish(command, new CommandResult(command.requestId(), CommandResult.Status.ACCEPTED, "", Optional.empty()));
        }
        result.whenComplete((done, error) -> {
            CommandResult outcome = done != null ? done
                    : CommandResult.failed(command.requestId(), "hub error: " + error);
            synchronized (recent) {
                recent.put(key, outcome);
            }
            publish(command, outcome);
        });
    }

    private void publish(Command command, CommandResult result) {
        String topic = settings.topicPrefix() + "/" + command.device() + "/commands/result";
        MqttMessage message = new MqttMessage(json.write(command, result, Instant.now()));
        message.setQos(1);
        try {
            client.publish(topic, message);
        } catch (MqttException e) {
            // The audit log holds the outcome; the backend retries with the same request id.
            LOG.log(Level.WARNING, "MQTT commands: result {0} of {1} not published: {2}", result.status(),
                    command.requestId(), e.getMessage());
        }
    }

    @Deactivate
    public void close() {
        if (client == null) {
            return;
        }
        connector.shutdownNow();
        try {
            if (client.isConnected()) {
                client.disconnect().waitForCompletion(2000);
            }
            client.close();
        } catch (MqttException e) {
            LOG.log(Level.DEBUG, "MQTT commands: close: {0}", e.toString());
        }
    }
}
