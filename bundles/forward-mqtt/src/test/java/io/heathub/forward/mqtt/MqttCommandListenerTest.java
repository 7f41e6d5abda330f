package io.heathub.forward.mqtt;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import io.heathub.api.driver.Command;
import io.heathub.api.driver.CommandResult;
import io.heathub.testkit.Waits;
import io.heathub.testkit.peers.Mosquitto;
import java.time.Duration;
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
        }, UplinkSettings.of(broker.url(), "", "", "heathub", "hub-test", 10));
        backend = Mqtt5Client.builder().identifier("backend-" + UUID.randomUUID()).serverHost("127.0.0.1")
                .serverPort(broker.port()).buildAsync();
        backend.publishes(MqttGlobalPublishFilter.ALL, p -> results.add(new String(p.getPayloadAsBytes(), UTF_8)));
        backend.connect().get(10, TimeUnit.SECONDS);
        backend.subscribeWith().topicFilter("heathub/+/commands/result").qos(MqttQos.AT_LEAST_ONCE).send()
                .get(10, TimeUnit.SECONDS);
        // The listener subscribes once connected; a command before that would be lost (clean start).
        awaitTrue(() -> {
            send("valve-7", "{\"requestId\":\"probe\",\"point\":\"probe\",\"value\":0}");
            sleep(200);
            return results.stream().anyMatch(r -> r.contains("\"probe\""));
        });
        results.clear();
        submitted.clear();
    }

    private void send(String device, String json) {
        backend.publishWith().topic("heathub/" + device + "/commands").qos(MqttQos.AT_LEAST_ONCE)
                .payload(json.getBytes(UTF_8)).send().join();
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
