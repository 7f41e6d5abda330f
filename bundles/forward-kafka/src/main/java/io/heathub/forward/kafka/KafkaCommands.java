package io.heathub.forward.kafka;

import io.heathub.api.driver.Command;
import io.heathub.api.driver.CommandResult;
import io.heathub.api.hub.CommandService;
import io.heathub.wire.CommandJson;
import io.heathub.wire.WireFormatException;
import java.lang.System.Logger.Level;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * Commands from a backend over Kafka: consumes {@code commandsTopic} (the JSON of MQTT commands,
 * {@link CommandJson}), hands each command to the hub's {@link CommandService} as
 * {@code kafka:<topic>} (plus the payload's unauthenticated {@code requestedBy}) and produces its
 * outcome ({@code DONE}, {@code REFUSED}, {@code FAILED}; the result JSON of MQTT) to
 * {@code resultsTopic}, keyed by the request id.
 *
 * <p>Exactly once per request id: the consumer's offsets are committed only after the results of
 * every command before them were acknowledged by Kafka ({@code acks=all}, idempotent producer).
 * A command read again (after a restart, a rebalance, a failed send) is submitted again and core's
 * command book answers it with its known outcome, or its outcome when it ends: it never runs
 * twice, and its result record may then appear twice (consumers keep the last per key).
 *
 * <p>A record that is not a command is answered {@code REFUSED} with the reason when its request
 * id can be read, else logged with its offset and skipped; a command older than
 * {@code commandMaxAgeSeconds} whose request id the hub does not know is refused, not run late.
 */
@Component(configurationPid = KafkaUplink.PID, service = {}, immediate = true)
public class KafkaCommands {
    private static final System.Logger LOG = System.getLogger(KafkaCommands.class.getName());
    private static final int MAX_POLL_RECORDS = 100;
    private static final Duration POLL = Duration.ofMillis(500);

    private final CommandService commands;
    private final KafkaCommandSettings settings;
    private final CommandJson json = new CommandJson();
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final KafkaProducer<byte[], byte[]> producer;
    private final Thread loop;
    private volatile boolean running = true;

    @Activate
    public KafkaCommands(@Reference(name = "commands") CommandService commands, KafkaUplinkConfig config,
                         Map<String, Object> componentProperties) {
        this(commands, KafkaCommandSettings.from(KafkaUplinkSettings.from(config, componentProperties,
                System::getenv), config));
    }

    KafkaCommands(CommandService commands, KafkaCommandSettings settings) {
        this.commands = commands;
        this.settings = settings;
        if (!settings.enabled()) {
            consumer = null;
            producer = null;
            loop = null;
            return;
        }
        consumer = KafkaClassLoading.withBundleLoader(() -> new KafkaConsumer<>(consumerConfig(settings),
                new ByteArrayDeserializer(), new ByteArrayDeserializer()));
        producer = KafkaClassLoading.withBundleLoader(() -> new KafkaProducer<>(producerConfig(settings),
                new ByteArraySerializer(), new ByteArraySerializer()));
        loop = new Thread(this::run, "kafka-commands");
        loop.setDaemon(true);
        loop.start();
        LOG.log(Level.INFO, "Kafka commands: taking commands from {0} (group {1}), results to {2}",
                settings.commandsTopic(), settings.groupId(), settings.resultsTopic());
    }

    /** The uplink's security properties that a consumer knows, and what makes offsets ours to commit. */
    private static Map<String, Object> consumerConfig(KafkaCommandSettings settings) {
        KafkaUplinkSettings connection = settings.connection();
        Map<String, Object> config = new HashMap<>();
        connection.clientProperties().forEach((key, value) -> {
            if (ConsumerConfig.configNames().contains(key)) {
                config.put(key, value);
            }
        });
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, config.getOrDefault(ConsumerConfig.CLIENT_ID_CONFIG,
                connection.producerConfig().get(ProducerConfig.CLIENT_ID_CONFIG)) + "-commands");
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, connection.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // a group's first start takes what is there; commandMaxAgeSeconds keeps old commands from running
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, MAX_POLL_RECORDS);
        return config;
    }

    private static Map<String, Object> producerConfig(KafkaCommandSettings settings) {
        Map<String, Object> config = new HashMap<>(settings.connection().producerConfig());
        config.put(ProducerConfig.CLIENT_ID_CONFIG, config.get(ProducerConfig.CLIENT_ID_CONFIG) + "-results");
        return config;
    }

    private void run() {
        Duration backoff = Duration.ofSeconds(1);
        try {
            consumer.subscribe(List.of(settings.commandsTopic()));
            while (running) {
                ConsumerRecords<byte[], byte[]> records;
                try {
                    records = consumer.poll(POLL);
                } catch (WakeupException | InterruptException e) {
                    break;
                }
                if (records.isEmpty()) {
                    continue;
                }
                try {
                    answer(records);
                    backoff = Duration.ofSeconds(1);
                } catch (InterruptedException | InterruptException | WakeupException e) {
                    break; // closing: nothing committed, the commands are read again at the next start
                } catch (KafkaException | ExecutionException e) {
                    LOG.log(Level.WARNING, "Kafka commands: results of {0} commands not delivered ({1}); reading "
                            + "them again in {2} s (the command book answers them, they do not run again)",
                            records.count(), e.getMessage(), backoff.toSeconds());
                    rewind(records);
                    try {
                        Thread.sleep(backoff.toMillis());
                    } catch (InterruptedException stop) {
                        break;
                    }
                    backoff = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(60)) > 0 ? Duration.ofSeconds(60)
                            : backoff.multipliedBy(2);
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "Kafka commands: consumer stopped: " + e, e);
        } finally {
            Thread.interrupted(); // the stop's interrupt is taken; the consumer leaves its group cleanly
            try {
                consumer.close(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                LOG.log(Level.DEBUG, "Kafka commands: consumer close: {0}", e.toString());
            }
        }
    }

    /**
     * Submits every command of the poll, waits for their outcomes (core completes every command),
     * produces the results, and commits the offsets only once Kafka acknowledged all of them.
     */
    private void answer(ConsumerRecords<byte[], byte[]> records) throws InterruptedException, ExecutionException {
        List<CompletableFuture<Optional<ProducerRecord<byte[], byte[]>>>> answers = new ArrayList<>();
        Map<TopicPartition, OffsetAndMetadata> next = new LinkedHashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            answers.add(answer(record));
            next.put(new TopicPartition(record.topic(), record.partition()), new OffsetAndMetadata(record.offset() + 1));
        }
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (CompletableFuture<Optional<ProducerRecord<byte[], byte[]>>> answer : answers) {
            Optional<ProducerRecord<byte[], byte[]>> result = answer.get();
            if (result.isPresent()) {
                sent.add(producer.send(result.get()));
            }
        }
        producer.flush();
        for (Future<RecordMetadata> acknowledged : sent) {
            acknowledged.get(); // throws what Kafka said about a result it did not take
        }
        consumer.commitSync(next);
    }

    /** One record: its command's outcome as a result record, or empty when nobody can be answered. */
    private CompletableFuture<Optional<ProducerRecord<byte[], byte[]>>> answer(ConsumerRecord<byte[], byte[]> record) {
        String asker = "kafka:" + record.topic();
        byte[] value = record.value() == null ? new byte[0] : record.value();
        Command command;
        try {
            command = json.read(value, null, asker);
        } catch (WireFormatException e) {
            Optional<String> requestId = json.requestIdOf(value);
            if (requestId.isEmpty()) {
                LOG.log(Level.WARNING, "Kafka commands: skipped the record at {0}-{1} offset {2}: {3}; it has no "
                        + "readable requestId, so no result", record.topic(), record.partition(), record.offset(),
                        e.getMessage());
                return CompletableFuture.completedFuture(Optional.empty());
            }
            LOG.log(Level.WARNING, "Kafka commands: refused the record at {0}-{1} offset {2}: {3}", record.topic(),
                    record.partition(), record.offset(), e.getMessage());
            Command unreadable = new Command(requestId.get(), "", "", BigDecimal.ZERO, asker);
            return CompletableFuture.completedFuture(Optional.of(
                    resultRecord(unreadable, CommandResult.refused(requestId.get(), e.getMessage()))));
        }
        Optional<CommandResult> known = commands.result(command.requestId());
        Instant sentAt = Instant.ofEpochMilli(record.timestamp());
        if (known.isEmpty() && record.timestamp() >= 0 && sentAt.plus(settings.maxAge()).isBefore(Instant.now())) {
            return CompletableFuture.completedFuture(Optional.of(resultRecord(command, CommandResult.refused(
                    command.requestId(), "the command was sent at " + sentAt + ", more than "
                            + settings.maxAge().toSeconds() + " s ago; not run late"))));
        }
        return commands.submit(command).toCompletableFuture()
                .handle((outcome, error) -> Optional.of(resultRecord(command, outcome != null ? outcome
                        : CommandResult.failed(command.requestId(), "hub error: " + error))));
    }

    private ProducerRecord<byte[], byte[]> resultRecord(Command command, CommandResult result) {
        return new ProducerRecord<>(settings.resultsTopic(), command.requestId().getBytes(StandardCharsets.UTF_8),
                json.write(command, result, Instant.now()));
    }

    /** Back to the first record of the poll on each partition: all of them are answered again. */
    private void rewind(ConsumerRecords<byte[], byte[]> records) {
        for (TopicPartition partition : records.partitions()) {
            List<ConsumerRecord<byte[], byte[]>> of = records.records(partition);
            try {
                consumer.seek(partition, of.get(0).offset());
            } catch (IllegalStateException e) {
                // no longer assigned after a rebalance: its new owner starts at the committed offset
            }
        }
    }

    /** Stops taking commands; commands not yet answered are read again at the next start. */
    @Deactivate
    public void close() {
        if (loop == null) {
            return;
        }
        running = false;
        consumer.wakeup();
        loop.interrupt();
        try {
            loop.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(5));
        LOG.log(Level.INFO, "Kafka commands from {0} stopped", settings.commandsTopic());
    }
}
