package io.heathub.itests.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.heathub.forward.kafka.EmbeddedKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Commands from a backend on Kafka to the demo hub (the assembled distribution, its simulated
 * panels), on a real KRaft broker: results come back keyed by request id, a repeated request id
 * runs once, and a command sent while the hub is stopped runs when it is back, once.
 */
class KafkaCommandsEndToEndIT {
    private static final String COMMANDS = "heathub.commands.e2e";
    private static final String RESULTS = "heathub.command-results";

    private final List<String> results = new CopyOnWriteArrayList<>();

    @Test
    void kafkaCommandsReachThePanelsAndRunOnceAcrossAHubRestart(@TempDir Path work) throws Exception {
        AtomicBoolean reading = new AtomicBoolean(true);
        try (EmbeddedKafka kafka = EmbeddedKafka.start(work.resolve("kafka"), 1);
             HubProcess hub = new HubProcess(work);
             KafkaProducer<String, String> backend = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
                     new StringSerializer(), new StringSerializer())) {
            Thread resultsReader = new Thread(() -> readResults(kafka.bootstrapServers(), reading), "results-reader");
            resultsReader.start();
            hub.demoOnFreePorts("");
            hub.write("etc/io.heathub.forward.kafka.cfg", "bootstrapServers=" + kafka.bootstrapServers()
                    + "\ncommandsTopic=" + COMMANDS + "\n");
            hub.start(Map.of());

            send(backend, command("kx-1", "panel-005", 21));
            send(backend, command("kx-2", "panel-005", 40)); // the demo's bounds are 16..24
            send(backend, "garbage");
            send(backend, command("kx-1", "panel-005", 21)); // the backend's own repeat
            Waits.until(Duration.ofSeconds(90), "three results: " + results + "\n" + hub.console(),
                    () -> results.size() >= 3);
            assertThat(results).filteredOn(r -> r.startsWith("kx-1 ")).hasSize(2).allSatisfy(r -> assertThat(r)
                    .contains("\"device\":\"panel-005\"", "\"status\":\"DONE\"", "\"readBack\":21"));
            assertThat(results).filteredOn(r -> r.startsWith("kx-2 ")).singleElement().asString()
                    .contains("\"status\":\"REFUSED\"", "16..24");

            hub.close();
            send(backend, command("kx-3", "panel-006", 19)); // while the hub is stopped
            hub.start(Map.of());
            Waits.until(Duration.ofSeconds(90), "the result after the restart\n" + hub.console(),
                    () -> results.stream().anyMatch(r -> r.startsWith("kx-3 ")));
            assertThat(results).filteredOn(r -> r.startsWith("kx-3 ")).singleElement().asString()
                    .contains("\"device\":\"panel-006\"", "\"status\":\"DONE\"", "\"readBack\":19");
            assertThat(results).as("nothing answered again after the restart").hasSize(4);

            String audit = Files.readString(hub.home().resolve("data/audit/commands.jsonl"));
            for (String id : List.of("kx-1", "kx-3")) {
                assertThat(audit.lines().filter(l -> l.contains("\"requestId\":\"" + id + "\"")
                        && l.contains("\"status\":\"ACCEPTED\""))).as(id + " accepted once").hasSize(1);
            }
            assertThat(audit).contains("\"requestedBy\":\"kafka:" + COMMANDS + "\"");
            assertThat(hub.errorLines()).as("ERROR or SEVERE lines of the hub").isEmpty();
            reading.set(false);
            resultsReader.join();
        } finally {
            reading.set(false);
        }
    }

    private static String command(String requestId, String device, int setpoint) {
        return "{\"requestId\":\"" + requestId + "\",\"device\":\"" + device + "\",\"point\":\"setpoint.room\",\"value\":"
                + setpoint + "}";
    }

    private static void send(KafkaProducer<String, String> backend, String value) throws Exception {
        backend.send(new ProducerRecord<>(COMMANDS, value)).get(10, TimeUnit.SECONDS);
    }

    /** Each result as {@code "<key> <value>"}. */
    private void readResults(String bootstrap, AtomicBoolean reading) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "backend-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.METADATA_MAX_AGE_CONFIG, 1000), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(RESULTS));
            while (reading.get()) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> results.add(r.key() + " " + r.value()));
            }
        }
    }
}
