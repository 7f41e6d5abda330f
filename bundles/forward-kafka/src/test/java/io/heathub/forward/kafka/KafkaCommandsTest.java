package io.heathub.forward.kafka;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.heathub.testkit.LogCapture;
import io.heathub.testkit.StandInCommandService;
import io.heathub.testkit.Waits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * Commands over a real KRaft broker in this JVM: a backend's producer writes commands, a consumer
 * reads the results topic. The command service is the testkit's stand-in for core's (this module
 * does not depend on core) that keeps core's contract: bounds refused, a known request id answered
 * with its outcome and never run twice, also for a new {@link KafkaCommands} after a restart.
 */
class KafkaCommandsTest {
    @TempDir
    static Path kafkaDir;
    private static EmbeddedKafka kafka;
    private static KafkaProducer<byte[], byte[]> backend;

    private final StandInCommandService hub = new StandInCommandService().takes("setpoint.flow", 3_000);
    private final List<ConsumerRecord<byte[], byte[]>> results = new CopyOnWriteArrayList<>();
    private String commandsTopic;
    private String resultsTopic;
    private KafkaCommands listener;
    private Thread resultsReader;
    private volatile boolean reading = true;
    private LogCapture log;

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = EmbeddedKafka.start(kafkaDir.resolve("kafka"), 3);
        backend = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new ByteArraySerializer(), new ByteArraySerializer());
    }

    @AfterAll
    static void stopKafka() throws InterruptedException {
        backend.close();
        kafka.close();
    }

    @BeforeEach
    void topicsAndResultsReader(TestInfo test) {
        String name = test.getTestMethod().orElseThrow().getName();
        commandsTopic = "commands." + name;
        resultsTopic = "results." + name;
        log = LogCapture.of(KafkaCommands.class);
        resultsReader = new Thread(this::readResults, "results-reader");
        resultsReader.start();
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (listener != null) {
            listener.close();
        }
        reading = false;
        resultsReader.join();
        log.close();
    }

    private void readResults() {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "backend-" + resultsTopic,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.METADATA_MAX_AGE_CONFIG, 500), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(resultsTopic));
            while (reading) {
                consumer.poll(Duration.ofMillis(100)).forEach(results::add);
            }
        }
    }

    private KafkaCommands startListener() {
        KafkaUplinkSettings connection = UplinkTestBase.settings(kafka.bootstrapServers(), "readings", 100, Map.of());
        listener = new KafkaCommands(hub, new KafkaCommandSettings(connection, commandsTopic, resultsTopic,
                "hub-" + commandsTopic, Duration.ofMinutes(10)));
        return listener;
    }

    private void send(String json) throws Exception {
        send(json, null);
    }

    private void send(String json, Long timestamp) throws Exception {
        backend.send(new ProducerRecord<>(commandsTopic, null, timestamp, null, json.getBytes(UTF_8)))
                .get(10, TimeUnit.SECONDS);
    }

    private static String command(String requestId, String point, String value) {
        return "{\"requestId\":\"" + requestId + "\",\"device\":\"panel-003\",\"point\":\"" + point + "\",\"value\":"
                + value + "}";
    }

    /** The result values for {@code requestId} (key checked), with the time cut out. */
    private List<String> resultsOf(String requestId) {
        List<String> of = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : results) {
            if (r.key() != null && new String(r.key(), UTF_8).equals(requestId)) {
                of.add(new String(r.value(), UTF_8).replaceAll(",\"time\":\"[^\"]+\"", ""));
            }
        }
        return of;
    }

    private String awaitResult(String requestId) {
        Waits.until(Duration.ofSeconds(30), "a result for " + requestId, () -> "results: " + results.size(),
                () -> !resultsOf(requestId).isEmpty());
        return resultsOf(requestId).get(0);
    }

    @Test
    void aSetpointRunsThroughTheCommandPathAndItsResultIsProducedKeyedByRequestId() throws Exception {
        startListener();
        send("{\"requestId\":\"k-1\",\"device\":\"panel-003\",\"point\":\"setpoint.room\",\"value\":21,"
                + "\"requestedBy\":\"billing\"}");
        assertThat(awaitResult("k-1")).isEqualTo("{\"requestId\":\"k-1\",\"device\":\"panel-003\","
                + "\"point\":\"setpoint.room\",\"status\":\"DONE\",\"message\":\"\",\"readBack\":21}");
        assertThat(hub.submitted).singleElement().satisfies(c -> {
            assertThat(c.requestedBy()).isEqualTo("kafka:" + commandsTopic + ":billing");
            assertThat(c.value()).isEqualByComparingTo("21");
        });
        assertThat(hub.values).containsKey("panel-003/setpoint.room");
    }

    @Test
    void refusedAndUnreadableCommandsAreAnsweredOrSkippedAndTheNextCommandStillRuns() throws Exception {
        startListener();
        send(command("k-out", "setpoint.room", "40"));
        send("{\"requestId\":\"k-novalue\",\"device\":\"panel-003\",\"point\":\"setpoint.room\"}");
        send("this is not json");
        send("{\"requestId\":\"k-big\",\"device\":\"panel-003\",\"point\":\"p\",\"value\":1,\"requestedBy\":\""
                + "x".repeat(70_000) + "\"}");
        send(command("k-after", "setpoint.room", "22"));

        assertThat(awaitResult("k-after")).contains("\"status\":\"DONE\"");
        assertThat(awaitResult("k-out")).isEqualTo("{\"requestId\":\"k-out\",\"device\":\"panel-003\","
                + "\"point\":\"setpoint.room\",\"status\":\"REFUSED\",\"message\":\"setpoint.room 40 is outside the "
                + "site's bounds 5..35\"}");
        assertThat(awaitResult("k-novalue")).isEqualTo("{\"requestId\":\"k-novalue\",\"device\":\"\",\"point\":\"\","
                + "\"status\":\"REFUSED\",\"message\":\"command k-novalue needs a value (1/0 for open/close)\"}");
        assertThat(awaitResult("k-big")).contains("\"status\":\"REFUSED\"", "over the limit of 65536");
        assertThat(log.lines()).anyMatch(line -> line.startsWith("WARNING Kafka commands: skipped the record at "
                + commandsTopic + "-") && line.contains("command is not valid JSON") && line.contains("no readable requestId"));
        assertThat(hub.executed).hasValue(1); // k-after only
    }

    @Test
    void aDuplicateRequestIdIsAnsweredAgainButRunsOnce() throws Exception {
        startListener();
        send(command("k-dup", "setpoint.room", "23"));
        send(command("k-dup", "setpoint.room", "23"));
        Waits.until(Duration.ofSeconds(30), "two results", () -> resultsOf("k-dup").size() == 2);
        assertThat(resultsOf("k-dup")).allMatch(r -> r.contains("\"status\":\"DONE\""));
        assertThat(hub.submitted).hasSize(2);
        assertThat(hub.executed).hasValue(1);
    }

    @Test
    void aRestartBetweenRequestAndResultStillAnswersAndDoesNotRunTheCommandTwice() throws Exception {
        startListener();
        send(command("k-slow", "setpoint.flow", "65")); // runs for 3 s
        Waits.until(Duration.ofSeconds(30), "the command submitted", () -> hub.submitted.size() == 1);
        listener.close(); // the hub's uplink stops while the command runs: no result, no committed offset
        assertThat(resultsOf("k-slow")).isEmpty();

        startListener(); // the core's command book outlives the uplink (and the hub: it is on disk)
        assertThat(awaitResult("k-slow")).contains("\"status\":\"DONE\"", "\"readBack\":65");
        assertThat(hub.submitted).as("read again after the restart").hasSize(2);
        assertThat(hub.executed).hasValue(1);

        // answered and committed: a further restart reads nothing again
        listener.close();
        startListener();
        send(command("k-next", "setpoint.room", "20"));
        awaitResult("k-next");
        assertThat(resultsOf("k-slow")).hasSize(1);
        assertThat(hub.submitted).hasSize(3);
    }

    @Test
    void anOldCommandTheHubDoesNotKnowIsRefusedNotRunLate() throws Exception {
        startListener();
        send(command("k-old", "setpoint.room", "21"), System.currentTimeMillis() - Duration.ofHours(1).toMillis());
        assertThat(awaitResult("k-old")).contains("\"status\":\"REFUSED\"", "more than 600 s ago; not run late");
        assertThat(hub.executed).hasValue(0);
    }
}
