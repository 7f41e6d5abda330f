package io.heathub.forward.mqtt;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import io.heathub.api.Quality;
import io.heathub.api.Reading;
import io.heathub.api.Unit;
import io.heathub.api.journal.DeadLetter;
import io.heathub.api.journal.JournalException;
import io.heathub.store.MvJournal;
import io.heathub.testkit.ReadingSeries;
import io.heathub.testkit.UnsendableReadings;
import io.heathub.testkit.Waits;
import io.heathub.testkit.peers.Mosquitto;
import io.heathub.wire.ReadingJson;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Entries no MQTT message can carry, planted between good ones in a real MVStore journal (as if
 * the door had let them in), against a real mosquitto; and ThingsBoard's 64 KiB message limit.
 */
class MqttDeadLetterTest {
    private static final Instant T0 = Instant.parse("2026-11-23T08:00:00Z");

    @TempDir
    Path dir;

    private final ReadingJson json = new ReadingJson();
    private final List<Message> seen = new CopyOnWriteArrayList<>();
    private MvJournal journal;
    private DefaultCamelContext camel;
    private Mosquitto broker;
    private Mqtt5AsyncClient watcher;
    private MqttUplink uplink;
    private final ReadingSeries series = new ReadingSeries(T0, 4);

    record Message(String topic, byte[] payload, Map<String, String> properties) {
    }

    @BeforeEach
    void start() throws Exception {
        journal = MvJournal.open(dir.resolve("journal.mv"), new MvJournal.Options(1_000_000, false));
        camel = new DefaultCamelContext();
        camel.start();
    }

    private void startBroker(String... config) throws Exception {
        broker = Mosquitto.in(dir.resolve("broker")).config(config).start();
        watcher = Mqtt5Client.builder().identifier("watcher-" + UUID.randomUUID()).serverHost("127.0.0.1")
                .serverPort(broker.port()).buildAsync();
        watcher.publishes(MqttGlobalPublishFilter.ALL, p -> seen.add(new Message(p.getTopic().toString(),
                p.getPayloadAsBytes(), p.getUserProperties().asList().stream().collect(Collectors.toMap(
                        u -> u.getName().toString(), u -> u.getValue().toString(), (a, b) -> a + "|" + b)))));
        watcher.connect().get(10, TimeUnit.SECONDS);
        watcher.subscribeWith().topicFilter("#").qos(MqttQos.AT_LEAST_ONCE).send().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        if (uplink != null) {
            uplink.close();
        }
        camel.stop();
        journal.close();
        if (watcher != null) {
            watcher.disconnect().get(5, TimeUnit.SECONDS);
        }
        if (broker != null) {
            broker.close();
        }
    }

    private List<Reading> good(int count) {
        return series.next(count);
    }

    private UplinkSettings settings(int batchSize) {
        return new UplinkSettings(broker.url(), "", "", "heathub", "hub-dl", batchSize, Duration.ofMillis(50),
                Duration.ofMillis(100), Duration.ofMillis(400), Duration.ofSeconds(5));
    }

    private static int valuesIn(List<Message> telemetry) {
        int values = 0;
        for (Message m : telemetry) {
            values += new String(m.payload(), UTF_8).split("\"heat.energy\":", -1).length - 1;
        }
        return values;
    }

    private List<Message> on(String topicPart) {
        return seen.stream().filter(m -> m.topic().contains(topicPart)).toList();
    }

    @Test
    void badEntriesBetweenGoodOnesAreSetAsideAndEveryGoodReadingArrivesOnce() throws Exception {
        startBroker();
        List<Reading> goods = new ArrayList<>();
        List<Reading> planted = new ArrayList<>();
        List<Reading> first = good(40);
        goods.addAll(first);
        planted.addAll(first);
        planted.add(UnsendableReadings.hugeValue("heat-101", T0.minusSeconds(1)));      // position 41
        List<Reading> second = good(30);
        goods.addAll(second);
        planted.addAll(second);
        planted.add(UnsendableReadings.farFuture("heat-102"));                           // position 72
        // too large for one message of 1,024 bytes: no message could ever carry it
        planted.add(new Reading("heat-103", "heat.energy", BigDecimal.ONE, Unit.KWH, T0.minusSeconds(2),
                Quality.SUSPECT, "x".repeat(1500)));                                     // position 73
        List<Reading> third = good(25);
        goods.addAll(third);
        planted.addAll(third);
        journal.append(planted);

        uplink = new MqttUplink(journal, camel, settings(20).withWire("", 1024), () -> Optional.of("site-a"));
        await(() -> journal.backlog(MqttUplink.CURSOR) == 0);
        await(() -> readingsReceived().size() >= goods.size());

        Map<String, Integer> copies = ReadingSeries.copiesByIdentity(readingsReceived());
        assertThat(copies.keySet()).containsExactlyInAnyOrderElementsOf(goods.stream().map(Reading::key).toList());
        assertThat(copies.values()).as("each good reading exactly once").containsOnly(1);
        for (Message m : on("/readings")) {
            assertThat(m.payload().length + m.properties().get(MqttUplink.KEYS_PROPERTY).length())
                    .as("message within maxMessageBytes").isLessThanOrEqualTo(1024);
            assertThat(m.properties()).containsEntry(MqttUplink.HUB_PROPERTY, "site-a");
            assertThat(new String(m.payload(), UTF_8)).startsWith("[{\"hub\":\"site-a\",");
        }
        List<DeadLetter> letters = journal.deadLetters(MqttUplink.CURSOR, 0, 10);
        assertThat(letters).extracting(DeadLetter::position).containsExactly(41L, 72L, 73L);
        assertThat(letters.get(0).reason()).contains("digits written plain");
        assertThat(letters.get(1).reason()).contains("overflow");
        assertThat(letters.get(2).reason()).contains("maxMessageBytes 1024");
        assertThat(journal.status().deadLetters()).containsEntry(MqttUplink.CURSOR, 3L);
        assertThat(journal.deadLetters("http", 0, 10)).as("other uplinks are not affected").isEmpty();
    }

    /**
     * ThingsBoard closes the connection on a message over 64 KiB: played by mosquitto with
     * {@code max_packet_size 65536}. A 5,000-reading backlog used to be one ~125 KB telemetry
     * message, refused forever; now it is split under maxMessageBytes and all of it arrives.
     */
    @Test
    void aThingsBoardBacklogIsSplitUnderTheMessageLimitAndArrives() throws Exception {
        startBroker("max_packet_size 65536");
        List<Reading> backlog = good(5000);
        journal.append(backlog);
        uplink = new MqttUplink(journal, camel, settings(5000).withFormat(UplinkSettings.Format.THINGSBOARD),
                () -> Optional.of("site-a"));
        await(() -> journal.backlog(MqttUplink.CURSOR) == 0);
        // the broker acknowledged every message; our subscriber may still be taking them in
        await(() -> valuesIn(on(ThingsBoardGateway.TELEMETRY_TOPIC)) >= 5000);
        List<Message> telemetry = on(ThingsBoardGateway.TELEMETRY_TOPIC);
        assertThat(telemetry).hasSizeGreaterThan(1)
                .allSatisfy(m -> assertThat(m.payload().length).isLessThanOrEqualTo(UplinkSettings.DEFAULT_MAX_MESSAGE_BYTES))
                .allSatisfy(m -> assertThat(m.properties()).containsEntry(MqttUplink.HUB_PROPERTY, "site-a"));
        assertThat(valuesIn(telemetry)).as("every reading's value once").isEqualTo(5000);
        System.out.printf("ThingsBoard backlog of 5000 readings: %d telemetry messages, largest %d bytes%n",
                telemetry.size(), telemetry.stream().mapToInt(m -> m.payload().length).max().orElse(0));
    }

    private List<Reading> readingsReceived() {
        List<Reading> out = new ArrayList<>();
        for (Message m : on("/readings")) {
            try {
                out.addAll(json.readArray(m.payload()));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }

    private void await(BooleanSupplier condition) {
        Waits.until(Duration.ofSeconds(60), "the condition", () -> "backlog " + journal.backlog(MqttUplink.CURSOR)
                + ", messages " + seen.size() + "\nbroker log:\n" + broker.log(), condition);
    }
}
