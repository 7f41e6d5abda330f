package io.heathub.forward.mqtt;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import io.heathub.api.driver.Command;
import io.heathub.api.driver.CommandResult;
import io.heathub.testkit.Waits;
import io.heathub.testkit.peers.Mosquitto;
import java.time.Duration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Commands in and results out through a real mosquitto, with a backend client (HiveMQ). */
class MqttCommandListenerTest {
    @TempDir
    Path dir;

    private Mosquitto broker;
    private MqttCommandListener listener;
    private Mqtt5AsyncClient backend;
    private final List<String> results = new CopyOnWriteArrayList<>();
    private final List<Command> submitted = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() throws Exception {
        if (listener != null) {
            listener.close();
        }
        if (backend != null) {
            backend.disconnect().get(5, TimeUnit.SECONDS);
        }
        if (broker != null) {
            broker.close();
        }
    }

    private void start() throws Exception {
        broker = Mosquitto.in(dir.resolve("broker")).persistent().start();
        start(UplinkSettings.of(broker.url(), "", "", "heathub", "hub-test", 10), null, "heathub/valve-7/commands");
    }

    /**
     * The listener on the running {@link #broker} with {@code settings}, and a backend client
     * ({@code backendUser}, password {@code <user>-password}; null: anonymous) that waits until the
     * listener answers on {@code probeTopic}.
     */
    private void start(UplinkSettings settings, String backendUser, String probeTopic) throws Exception {
        CompletableFuture<CommandResult> slowValve = new CompletableFuture<>();
        listener = new MqttCommandListener(command -> {
            submitted.add(command);
            if (command.point().equals("valve.state")) {
                // queued behind a poll: done a moment later
                CompletableFuture.delayedExecutor(200, TimeUnit.MILLISECONDS)
                        .execute(() -> slowValve.complete(CommandResult.done(command.requestId(), command.value())));
                return slowValve;
            }
            return CompletableFuture.completedFuture(CommandResult.refused(command.requestId(),
                    "setpoint.room 30 is outside the site's bounds 16..24"));
        }, settings);
        var builder = Mqtt5Client.builder().identifier("backend-" + UUID.randomUUID()).serverHost("127.0.0.1")
                .serverPort(broker.port());
        if (backendUser != null) {
            builder = builder.simpleAuth().username(backendUser).password((backendUser + "-password").getBytes(UTF_8))
                    .applySimpleAuth();
        }
        backend = builder.buildAsync();
        backend.publishes(MqttGlobalPublishFilter.ALL, p -> results.add(new String(p.getPayloadAsBytes(), UTF_8)));
        backend.connect().get(10, TimeUnit.SECONDS);
        backend.subscribeWith().topicFilter("heathub/+/commands/result").qos(MqttQos.AT_LEAST_ONCE).send()
                .get(10, TimeUnit.SECONDS);
        // The listener subscribes once connected; a command before that would be lost (clean start).
        awaitTrue(() -> {
            publish(probeTopic, "{\"requestId\":\"probe\",\"point\":\"probe\",\"value\":0}");
            sleep(200);
            return results.stream().anyMatch(r -> r.contains("\"probe\""));
        });
        results.clear();
        submitted.clear();
    }

    private void send(String device, String json) {
        publish("heathub/" + device + "/commands", json);
    }

    /** Publishes at QoS 1 and waits for the broker: its PUBACK reason code. */
    private Mqtt5PubAckReasonCode publish(String topic, String json) {
        return backend.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(json.getBytes(UTF_8)).send()
                .handle((result, error) -> {
                    Throwable cause = error instanceof java.util.concurrent.CompletionException ? error.getCause() : error;
                    if (cause instanceof Mqtt5PubAckException refused) {
                        return refused.getMqttMessage().getReasonCode();
                    }
                    if (cause != null) {
                        throw new AssertionError("publish on " + topic + " failed", cause);
                    }
                    return ((Mqtt5PublishResult.Mqtt5Qos1Result) result).getPubAck().getReasonCode();
                }).join();
    }

    @Test
    void aCommandIsAcceptedThenDoneAndARedeliveryIsNotExecutedTwice() throws Exception {
        start();
        send("valve-7", "{\"requestId\":\"r-1\",\"point\":\"valve.state\",\"value\":1,\"requestedBy\":\"billing\"}");
        awaitTrue(() -> results.stream().anyMatch(r -> r.contains("\"status\":\"DONE\"")));
        assertThat(results).hasSize(2);
        assertThat(results.get(0)).startsWith("{\"requestId\":\"r-1\",\"device\":\"valve-7\",\"point\":\"valve.state\","
                + "\"status\":\"ACCEPTED\"");
        assertThat(results.get(1)).contains("\"status\":\"DONE\"", "\"readBack\":1");
        assertThat(submitted).singleElement().satisfies(c -> {
            assertThat(c.device()).isEqualTo("valve-7");
            assertThat(c.requestedBy()).isEqualTo("mqtt:billing");
        });

        send("valve-7", "{\"requestId\":\"r-1\",\"point\":\"valve.state\",\"value\":1}");
        awaitTrue(() -> results.size() == 3);
        assertThat(results.get(2)).contains("\"requestId\":\"r-1\"", "\"status\":\"DONE\"");
        assertThat(submitted).hasSize(1);
    }

    @Test
    void refusalsAndMalformedCommandsAreAnsweredWithTheReason() throws Exception {
        start();
        send("room-101", "{\"requestId\":\"r-2\",\"point\":\"setpoint.room\",\"value\":30}");
        send("room-101", "{\"requestId\":\"r-3\",\"point\":\"setpoint.room\"}");
        send("room-101", "{\"requestId\":\"r-4\",\"device\":\"room-999\",\"point\":\"setpoint.room\",\"value\":20}");
        awaitTrue(() -> results.size() == 3);
        assertThat(results.get(0)).contains("\"requestId\":\"r-2\"", "\"status\":\"REFUSED\"", "outside the site's bounds");
        assertThat(results.get(1)).contains("\"status\":\"REFUSED\"", "needs a value");
        assertThat(results.get(2)).contains("\"requestId\":\"r-4\"", "\"status\":\"REFUSED\"",
                "is not the device of the topic (room-101)");
        assertThat(submitted).extracting(Command::requestId).containsExactly("r-2");
    }

    @Test
    void onItsUsersTopicACommandIsAuditedAsTheBrokerUserWhomTheAclLetsNobodyElseImpersonate() throws Exception {
        Path acl = dir.resolve("acl");
        // the ACL the hub's documentation asks for: a backend writes only its own user's command topic
        Files.writeString(acl, """
                pattern write heathub/+/commands/by/%u
                user hub
                topic write heathub/#
                topic read heathub/+/commands
                topic read heathub/+/commands/by/+
                user dispatch
                topic read heathub/#
                user billing
                topic read heathub/#
                """);
        broker = Mosquitto.in(dir.resolve("broker")).user("hub", "hub-password").user("dispatch", "dispatch-password")
                .user("billing", "billing-password").acl(acl).start();
        start(UplinkSettings.of(broker.url(), "hub", "hub-password", "heathub", "hub-test", 10), "dispatch",
                "heathub/valve-7/commands/by/dispatch");

        // the payload's claim is not who asked: the topic's user, which only dispatch may write, is
        assertThat(publish("heathub/valve-7/commands/by/dispatch",
                "{\"requestId\":\"r-1\",\"point\":\"valve.state\",\"value\":1,\"requestedBy\":\"billing\"}"))
                .isEqualTo(Mqtt5PubAckReasonCode.SUCCESS);
        awaitTrue(() -> results.stream().anyMatch(r -> r.contains("\"r-1\"") && r.contains("\"DONE\"")));
        assertThat(submitted).singleElement().satisfies(c -> assertThat(c.requestedBy()).isEqualTo("mqtt:dispatch"));

        // writing as billing, or on the topic without a user, is refused by the broker (PUBACK 0x87)
        assertThat(publish("heathub/valve-7/commands/by/billing",
                "{\"requestId\":\"r-2\",\"point\":\"valve.state\",\"value\":0}"))
                .isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED);
        assertThat(publish("heathub/valve-7/commands",
                "{\"requestId\":\"r-3\",\"point\":\"valve.state\",\"value\":0,\"requestedBy\":\"dispatch\"}"))
                .isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED);
        // a request after them on the same connection arrives; the refused ones never did
        publish("heathub/room-101/commands/by/dispatch",
                "{\"requestId\":\"r-4\",\"point\":\"setpoint.room\",\"value\":30}");
        awaitTrue(() -> results.stream().anyMatch(r -> r.contains("\"r-4\"")));
        assertThat(submitted).extracting(Command::requestId, Command::requestedBy)
                .containsExactly(tuple("r-1", "mqtt:dispatch"), tuple("r-4", "mqtt:dispatch"));

        // a user level that is no user name is refused before anything is submitted
        listener.handle("heathub/valve-7/commands/by/a b",
                "{\"requestId\":\"r-5\",\"point\":\"valve.state\",\"value\":1}".getBytes(UTF_8));
        assertThat(submitted).hasSize(2);
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition) {
        Waits.until(Duration.ofSeconds(20), "the condition", condition);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
