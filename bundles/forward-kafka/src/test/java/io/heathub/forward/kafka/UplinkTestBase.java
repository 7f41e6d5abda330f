package io.heathub.forward.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.heathub.api.Reading;
import io.heathub.api.Unit;
import io.heathub.store.MvJournal;
import io.heathub.wire.ReadingJson;
import io.heathub.testkit.LogCapture;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the Kafka uplink tests share: a real MVStore journal, a real Camel context, the uplink's
 * log captured, readings of several devices, and a plain {@link KafkaConsumer} that reads a
 * topic back to its end.
 */
abstract class UplinkTestBase {
    /** The hub id on the wire: the site id these tests run as. */
    static final java.util.function.Supplier<java.util.Optional<String>> SITE = () -> java.util.Optional.of("site-test");
    static final int PARTITIONS = 3;
    private static final Instant T0 = Instant.parse("2026-11-23T08:00:00Z");
    private static final String[] DEVICES = {"plc-1", "room-101", "room-102", "room-103", "meter-7", "meter-8",
            "bus:plc"};

    @TempDir
    Path dir;

    final ReadingJson json = new ReadingJson();
    /** The uplink's log lines ("WARNING ..."), captured for each test. */
    List<String> log;
    private LogCapture logCapture;
    MvJournal journal;
    DefaultCamelContext camel;
    KafkaUplink uplink;
    private int sequence;

    /** The broker of the test class. */
    abstract EmbeddedKafka kafka();

    @BeforeEach
    void startJournalAndCamel() throws Exception {
        logCapture = LogCapture.of(KafkaUplink.class);
        log = logCapture.lines();
        journal = MvJournal.open(dir.resolve("journal.mv"), new MvJournal.Options(1_000_000, false));
        camel = new DefaultCamelContext();
        camel.start();
    }

    @AfterEach
    void stopUplinkCamelAndJournal() throws Exception {
        if (uplink != null) {
            uplink.close();
        }
        camel.stop();
        journal.close();
        logCapture.close();
    }

    /** Test timings: 4 s per round, back-off 100 ms doubling to 800 ms. */
    static KafkaUplinkSettings settings(String bootstrap, String topic, int batchSize, Map<String, String> properties) {
        return new KafkaUplinkSettings(bootstrap, topic, batchSize, properties, Duration.ofSeconds(4),
                Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(800));
    }

    /** Readings of all devices interleaved; each has its own identity (time advances per reading). */
    List<Reading> append(int count) throws Exception {
        List<Reading> readings = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int n = sequence++;
            readings.add(Reading.good(DEVICES[n % DEVICES.length], n % 2 == 0 ? "heat.energy" : "temp.supply",
                    BigDecimal.valueOf(n, 2), n % 2 == 0 ? Unit.KWH : Unit.CELSIUS, T0.plusSeconds(n)));
        }
        journal.append(readings);
        return readings;
    }

    /** Entries the uplink has committed. */
    long committed() {
        return journal.head() - journal.backlog(KafkaUplink.CURSOR);
    }

    /** Broker down, then up again, while readings keep arriving.
     *
     * @return every reading appended, in journal order
     */
    List<Reading> streamThroughAnOutage(String topic, ThrowingAction brokerDown) throws Exception {
        List<Reading> sent = new CopyOnWriteArrayList<>(append(1000));
        uplink = new KafkaUplink(journal, camel, settings(kafka().bootstrapServers(), topic, 100, Map.of()), SITE);
        AtomicBoolean feeding = new AtomicBoolean(true);
        Thread feeder = new Thread(() -> {
            try {
                while (feeding.get()) {
                    sent.addAll(append(10));
                    Thread.sleep(40);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "feeder");
        feeder.start();
        try {
            await(() -> committed() >= 1500, 30); // streaming
            brokerDown.run();
            // Records acknowledged just before the broker went may still be committed; after the
            // first failed round the cursor must hold.
            await(() -> log.stream().anyMatch(line -> line.contains("failing")), 30);
            long committedInOutage = committed();
            Thread.sleep(2500); // readings keep arriving while Kafka is gone
            assertThat(committed()).as("cursor held while the broker is down").isEqualTo(committedInOutage);
            assertThat(journal.backlog(KafkaUplink.CURSOR)).isGreaterThan(100);
            kafka().start();
            Thread.sleep(1000); // and keep arriving after it is back
        } finally {
            feeding.set(false);
            feeder.join();
            kafka().start(); // no-op when running; the other tests need the broker
        }
        await(() -> journal.backlog(KafkaUplink.CURSOR) == 0, 60);
        return sent;
    }

    /** Checks what a consumer that drops repeats by identity sees; returns the raw duplicate count. */
    int assertNothingLostOrReordered(String topic, List<Reading> sent) throws InterruptedException {
        List<ConsumerRecord<byte[], byte[]>> records = consumeAll(topic);
        List<Reading> unique = firstOccurrences(records);
        int rawDuplicates = records.size() - unique.size();
        System.out.printf("%s: %d readings sent, %d records in topic %s, %d raw duplicates, none missing after "
                        + "de-duplication by the %s header%n", getClass().getSimpleName(), sent.size(), records.size(),
                topic, rawDuplicates, KafkaUplink.KEY_HEADER);
        assertThat(unique).containsExactlyInAnyOrderElementsOf(sent); // nothing lost, nothing invented
        assertSameOrderPerDevice(unique, sent);
        assertThat(log).filteredOn(line -> line.contains("failing")).singleElement()
                .satisfies(line -> assertThat(line).startsWith("WARNING").contains(kafka().bootstrapServers()));
        assertThat(log).filteredOn(line -> line.contains("delivering again")).singleElement()
                .satisfies(line -> assertThat(line).startsWith("INFO"));
        return rawDuplicates;
    }

    Reading read(ConsumerRecord<byte[], byte[]> record) {
        try {
            return json.read(record.value());
        } catch (Exception e) {
            throw new AssertionError("record value is not a reading: "
                    + new String(record.value(), StandardCharsets.UTF_8), e);
        }
    }

    static String identity(ConsumerRecord<byte[], byte[]> record) {
        Header header = record.headers().lastHeader(KafkaUplink.KEY_HEADER);
        assertThat(header).as("identity header").isNotNull();
        return new String(header.value(), StandardCharsets.UTF_8);
    }

    /** What a consumer that drops repeats by the identity header keeps, in partition order. */
    List<Reading> firstOccurrences(List<ConsumerRecord<byte[], byte[]>> records) {
        Set<String> seen = new HashSet<>();
        List<Reading> unique = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            if (seen.add(identity(record))) {
                unique.add(read(record));
            }
        }
        return unique;
    }

    /**
     * Each device's readings arrived in the order they were journalled; on a failure says where the
     * first device's order broke (the whole lists run to thousands of lines).
     */
    static void assertSameOrderPerDevice(List<Reading> arrived, List<Reading> sent) {
        Map<String, List<Reading>> got = perDevice(arrived);
        perDevice(sent).forEach((device, expected) -> {
            List<Reading> actual = got.getOrDefault(device, List.of());
            for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
                if (!expected.get(i).equals(actual.get(i))) {
                    throw new AssertionError(String.format("%s: reading %d of %d arrived out of order: expected %s, "
                            + "got %s (next arrived: %s)", device, i, expected.size(), expected.get(i), actual.get(i),
                            actual.subList(i + 1, Math.min(i + 4, actual.size()))));
                }
            }
            assertThat(actual).as(device + ": as many readings as sent").hasSameSizeAs(expected);
        });
    }

    static Map<String, List<Reading>> perDevice(List<Reading> readings) {
        Map<String, List<Reading>> byDevice = new HashMap<>();
        for (Reading r : readings) {
            byDevice.computeIfAbsent(r.device(), d -> new ArrayList<>()).add(r);
        }
        return byDevice;
    }

    /** Every record of the topic, partition by partition in offset order. */
    List<ConsumerRecord<byte[], byte[]>> consumeAll(String topic) throws InterruptedException {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka().bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            assertThat(partitions).hasSize(PARTITIONS);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(10));
            Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> byPartition = new HashMap<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read the topic to its end " + end);
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    byPartition.computeIfAbsent(new TopicPartition(topic, record.partition()), tp -> new ArrayList<>())
                            .add(record);
                }
            }
            List<ConsumerRecord<byte[], byte[]>> all = new ArrayList<>();
            partitions.forEach(tp -> all.addAll(byPartition.getOrDefault(tp, List.of())));
            return all;
        }
    }

    static void await(BooleanSupplier condition, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + seconds + " s");
            }
            Thread.sleep(20);
        }
    }

    /** A step that may throw (stopping or killing a broker). */
    interface ThrowingAction {
        void run() throws Exception;
    }
}
