package io.heathub.forward.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.heathub.api.Reading;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
        uplink = new KafkaUplink(journal, camel, settings(kafka.bootstrapServers(), "readings-once", 300, Map.of()));
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
        assertThat(perDevice(firstOccurrences(records))).isEqualTo(perDevice(sent));
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
                saslPlain(EmbeddedKafka.SASL_PASSWORD)));
        await(() -> journal.backlog(KafkaUplink.CURSOR) == 0, 30);
        List<ConsumerRecord<byte[], byte[]>> records = consumeAll("readings-sasl");
        assertThat(records.stream().map(this::read)).containsExactlyInAnyOrderElementsOf(sent);
        assertThat(perDevice(firstOccurrences(records))).isEqualTo(perDevice(sent));
        assertThat(log).noneMatch(line -> line.contains(EmbeddedKafka.SASL_PASSWORD));
    }

    @Test
    void aWrongPasswordKeepsTheCursorAndIsLoggedOnce() throws Exception {
        append(30);
        uplink = new KafkaUplink(journal, camel, settings(kafka.saslBootstrapServers(), "readings-denied", 20,
                saslPlain("wrong-password")));
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
        uplink = new KafkaUplink(journal, camel, settings("", "readings-disabled", 10, Map.of()));
        Thread.sleep(300);
        assertThat(camel.getRoutes()).isEmpty();
        assertThat(journal.backlog(KafkaUplink.CURSOR)).isEqualTo(20);
        assertThat(uplink.settings().enabled()).isFalse();
        assertThat(log).anyMatch(line -> line.startsWith("INFO Kafka uplink disabled"));
    }
}
