package io.heathub.forward.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.heathub.api.Quality;
import io.heathub.api.Reading;
import io.heathub.api.Unit;
import io.heathub.api.journal.DeadLetter;
import io.heathub.testkit.UnsendableReadings;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The uplink against a real KRaft broker running in this JVM (shared by the tests of this class). */
class KafkaUplinkTest extends UplinkTestBase {
    @TempDir
    static Path kafkaDir;
    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = EmbeddedKafka.start(kafkaDir.resolve("kafka"), PARTITIONS);
    }

    @AfterAll
    static void stopKafka() throws InterruptedException {
        kafka.close();
    }

    @Override
    EmbeddedKafka kafka() {
        return kafka;
    }

    private static Map<String, String> saslPlain(String password) {
        return KafkaUplinkSettings.parse(new String[] {
                "security.protocol=SASL_PLAINTEXT",
                "sasl.mechanism=PLAIN",
                "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
                        + EmbeddedKafka.SASL_USER + "\" password=\"" + password + "\";"});
    }

    @Test
    void everyReadingArrivesOnceKeyedByDeviceInDeviceOrder() throws Exception {
        List<Reading> sent = append(2000);
        uplink = new KafkaUplink(journal, camel, settings(kafka.bootstrapServers(), "readings-once", 300, Map.of()), SITE);
        await(() -> journal.backlog(KafkaUplink.CURSOR) == 0, 30);

        List<ConsumerRecord<byte[], byte[]>> records = consumeAll("readings-once");
        assertThat(records).hasSize(sent.size()); // no raw duplicates within one producer session
        Map<String, Integer> partitionOfDevice = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            Reading reading = read(record);
            assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo(reading.device());
            assertThat(identity(record)).isEqualTo(reading.key());
            // one device, one partition: that is what keeps its readings in order
            assertThat(partitionOfDevice.computeIfAbsent(reading.device(), d -> record.partition()))
                    .isEqualTo(record.partition());
        }
        assertThat(records.stream().map(this::read)).containsExactlyInAnyOrderElementsOf(sent);
        assertSameOrderPerDevice(firstOccurrences(records), sent);
        assertThat(partitionOfDevice.values()).as("devices spread over partitions").hasSizeGreaterThan(1);
        assertThat(log).anyMatch(line -> line.startsWith("INFO Kafka uplink started"));
    }

    @Test
    void brokerShutDownMidStreamAndRestartedLosesNothing() throws Exception {
        List<Reading> sent = streamThroughAnOutage("readings-outage", kafka::stop);
        int rawDuplicates = assertNothingLostOrReordered("readings-outage", sent);
        // A controlled shutdown answers or refuses what it has; only an answer lost on the way could repeat.
        assertThat(rawDuplicates).isLessThanOrEqualTo(100);
    }

    @Test
    void securityPropertiesReachTheProducer() throws Exception {
        List<Reading> sent = append(50);
        uplink = new KafkaUplink(journal, camel, settings(kafka.saslBootstrapServers(), "readings-sasl", 20,
                saslPlain(EmbeddedKafka.SASL_PASSWORD)), SITE);
        await(() -> journal.backlog(KafkaUplink.CURSOR) == 0, 30);
        List<ConsumerRecord<byte[], byte[]>> records = consumeAll("readings-sasl");
        assertThat(records.stream().map(this::read)).containsExactlyInAnyOrderElementsOf(sent);
        assertSameOrderPerDevice(firstOccurrences(records), sent);
        assertThat(log).noneMatch(line -> line.contains(EmbeddedKafka.SASL_PASSWORD));
    }

    @Test
    void aWrongPasswordKeepsTheCursorAndIsLoggedOnce() throws Exception {
        append(30);
        uplink = new KafkaUplink(journal, camel, settings(kafka.saslBootstrapServers(), "readings-denied", 20,
                saslPlain("wrong-password")), SITE);
        await(() -> log.stream().anyMatch(line -> line.contains("failing")), 30);
        Thread.sleep(1500); // several more attempts with back-off
        assertThat(journal.backlog(KafkaUplink.CURSOR)).isEqualTo(30);
        assertThat(log).filteredOn(line -> line.contains("failing")).singleElement()
                .satisfies(line -> assertThat(line).startsWith("WARNING").contains("Authentication failed")
                        .doesNotContain("wrong-password"));
        assertThat(uplink.settings().toString()).contains("sasl.jaas.config").doesNotContain("wrong-password");
    }

    @Test
    void emptyBootstrapServersDisablesTheUplink() throws Exception {
        append(20);
        uplink = new KafkaUplink(journal, camel, settings("", "readings-disabled", 10, Map.of()), SITE);
        Thread.sleep(300);
        assertThat(camel.getRoutes()).isEmpty();
        assertThat(journal.backlog(KafkaUplink.CURSOR)).isEqualTo(20);
        assertThat(uplink.settings().enabled()).isFalse();
        assertThat(log).anyMatch(line -> line.startsWith("INFO Kafka uplink disabled"));
    }

    /**
     * Entries no Kafka record can carry planted between good ones (appended directly, bypassing
     * the door), and one the topic refuses (larger than its {@code max.message.bytes}): the good
     * ones arrive exactly once, the bad ones are dead letters with their reasons; a wrong password
     * is an alarm (above), never a dead letter.
     */
    @Test
    void badEntriesBetweenGoodOnesAreSetAsideAndEveryGoodReadingArrivesOnce() throws Exception {
        String topic = "readings-dead-letters";
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) 1)
                    .configs(Map.of("max.message.bytes", "2048")))).all().get(30, TimeUnit.SECONDS);
        }
        List<Reading> goods = new ArrayList<>(append(40));
        Instant t = Instant.parse("2026-11-23T07:00:00Z");
        journal.append(List.of(UnsendableReadings.hugeValue("plc-1", t)));                    // position 41
        goods.addAll(append(40));
        journal.append(List.of(UnsendableReadings.farFuture("room-101")));                     // position 82
        Reading tooLarge = new Reading("meter-7", "heat.energy", BigDecimal.ONE, Unit.KWH, t, Quality.SUSPECT,
                "r".repeat(3000));
        journal.append(List.of(tooLarge));                                                     // position 83
        goods.addAll(append(40));

        // producer batches below the topic's limit (as operators must set them), so only the large record is refused
        uplink = new KafkaUplink(journal, camel, settings(kafka.bootstrapServers(), topic, 30,
                Map.of("batch.size", "1024")), SITE);
        await(() -> journal.backlog(KafkaUplink.CURSOR) == 0, 60);

        List<ConsumerRecord<byte[], byte[]>> records = consumeAll(topic);
        assertThat(records.stream().map(UplinkTestBase::identity))
                .as("every good reading exactly once").containsExactlyInAnyOrderElementsOf(
                        goods.stream().map(Reading::key).toList());
        assertThat(records.stream().map(this::read)).containsExactlyInAnyOrderElementsOf(goods);
        assertThat(records).allSatisfy(r -> assertThat(new String(r.headers().lastHeader(KafkaUplink.HUB_HEADER)
                .value(), StandardCharsets.UTF_8)).isEqualTo("site-test"));
        assertThat(new String(records.get(0).value(), StandardCharsets.UTF_8)).startsWith("{\"hub\":\"site-test\",");
        List<DeadLetter> letters = journal.deadLetters(KafkaUplink.CURSOR, 0, 10);
        assertThat(letters).extracting(DeadLetter::position).containsExactly(41L, 82L, 83L);
        assertThat(letters.get(0).reason()).contains("digits written plain");
        assertThat(letters.get(1).reason()).contains("overflow");
        assertThat(letters.get(2).reason()).contains("refused by the backend").contains("RecordTooLarge");
        assertThat(letters.get(2).reading()).isEqualTo(tooLarge);
        assertThat(journal.status().deadLetters()).containsEntry(KafkaUplink.CURSOR, 3L);
    }
}
