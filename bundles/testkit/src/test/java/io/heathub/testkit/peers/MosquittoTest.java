package io.heathub.testkit.peers;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import io.heathub.testkit.Waits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The broker accepts publishes, keeps persistent sessions across a restart, and enforces ACLs and passwords. */
class MosquittoTest {
    @TempDir
    Path dir;

    private static Mqtt5BlockingClient client(Mosquitto broker, String id) {
        return Mqtt5Client.builder().identifier(id).serverHost("127.0.0.1").serverPort(broker.port()).buildBlocking();
    }

    @Test
    void aPublishReachesASubscriber() throws Exception {
        try (Mosquitto broker = Mosquitto.in(dir).start()) {
            List<String> received = new CopyOnWriteArrayList<>();
            Mqtt5BlockingClient subscriber = client(broker, "sub-" + UUID.randomUUID());
            subscriber.connect();
            subscriber.toAsync().publishes(MqttGlobalPublishFilter.ALL, p -> received.add(new String(p.getPayloadAsBytes(), UTF_8)));
            subscriber.subscribeWith().topicFilter("heathub/#").qos(MqttQos.AT_LEAST_ONCE).send();
            Mqtt5BlockingClient publisher = client(broker, "pub-" + UUID.randomUUID());
            publisher.connect();
            publisher.publishWith().topic("heathub/plc-1/readings").qos(MqttQos.AT_LEAST_ONCE).payload("71.25".getBytes(UTF_8)).send();
            Waits.until(Duration.ofSeconds(5), "the message at the subscriber", broker::log, () -> received.contains("71.25"));
            assertThat(broker.url()).isEqualTo("tcp://127.0.0.1:" + broker.port());
            publisher.disconnect();
            subscriber.disconnect();
        }
    }

    @Test
    void aPersistentBrokerKeepsAnOfflineSessionsMessagesAcrossARestart() throws Exception {
        try (Mosquitto broker = Mosquitto.in(dir).persistent().start()) {
            String id = "backend-" + UUID.randomUUID();
            Mqtt5BlockingClient subscriber = client(broker, id);
            subscriber.connectWith().cleanStart(false).sessionExpiryInterval(600).send();
            subscriber.subscribeWith().topicFilter("heathub/#").qos(MqttQos.AT_LEAST_ONCE).send();
            subscriber.disconnect();
            Mqtt5BlockingClient publisher = client(broker, "pub-" + UUID.randomUUID());
            publisher.connect();
            publisher.publishWith().topic("heathub/a/readings").qos(MqttQos.AT_LEAST_ONCE).payload(new byte[] {1}).send();
            publisher.disconnect();

            broker.stop();
            assertThat(broker.running()).isFalse();
            broker.start();

            List<String> received = new CopyOnWriteArrayList<>();
            Mqtt5BlockingClient again = client(broker, id);
            again.toAsync().publishes(MqttGlobalPublishFilter.ALL, p -> received.add(p.getTopic().toString()));
            again.connectWith().cleanStart(false).sessionExpiryInterval(600).send();
            Waits.until(Duration.ofSeconds(5), "the queued message after the restart", broker::log,
                    () -> received.contains("heathub/a/readings"));
            again.disconnect();
        }
    }

    @Test
    void anAclRefusesAPublishAndPasswordsKeepStrangersOut() throws Exception {
        Path acl = Files.writeString(dir.resolve("acl"), "user hub\ntopic readwrite heathub/allowed/#\n");
        try (Mosquitto broker = Mosquitto.in(dir.resolve("broker")).user("hub", "s3cret").acl(acl).start()) {
            Mqtt5BlockingClient stranger = client(broker, "stranger");
            assertThatThrownBy(stranger::connect).hasMessageContaining("NOT_AUTHORIZED");
            Mqtt5BlockingClient hub = client(broker, "hub");
            hub.connectWith().simpleAuth().username("hub").password("s3cret".getBytes(UTF_8)).applySimpleAuth().send();
            assertThatThrownBy(() -> hub.publishWith().topic("heathub/other").qos(MqttQos.AT_LEAST_ONCE)
                    .payload(new byte[] {1}).send())
                    .isInstanceOfSatisfying(Mqtt5PubAckException.class, e -> assertThat(e.getMqttMessage().getReasonCode())
                            .isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED));
            hub.publishWith().topic("heathub/allowed/x").qos(MqttQos.AT_LEAST_ONCE).payload(new byte[] {1}).send();
            hub.disconnect();
        }
    }

    @Test
    void aBrokerThatCannotStartSaysWhyFromItsLog() throws Exception {
        Mosquitto broken = Mosquitto.in(dir).config("no_such_option 1");
        assertThatThrownBy(broken::start).hasMessageContaining("mosquitto exited").hasMessageContaining("no_such_option");
    }
}
