package io.heathub.forward.kafka;

import io.heathub.camel.journal.uplink.UplinkSpec;
import java.net.InetAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The uplink's settings in force: the ConfigAdmin configuration with {@code HEATHUB_KAFKA_BOOTSTRAP}
 * applied on top.
 *
 * @param bootstrapServers where the cluster is; empty = disabled
 * @param topic            where every reading goes
 * @param batchSize        most readings read and sent per round
 * @param clientProperties extra producer properties (security, compression, client.id); values never logged
 * @param timeout          longest a round may take: metadata wait, delivery of every record
 * @param pollInterval     pause between rounds when the backlog is drained
 * @param firstBackoff     first wait after a failure (doubling up to {@code maxBackoff})
 * @param maxBackoff       longest wait between attempts while Kafka fails
 * @param hubId            the hub id on the wire; empty = the site id
 */
record KafkaUplinkSettings(String bootstrapServers, String topic, int batchSize, Map<String, String> clientProperties,
                           Duration timeout, Duration pollInterval, Duration firstBackoff, Duration maxBackoff,
                           String hubId) {
    static final String BOOTSTRAP_ENV = "HEATHUB_KAFKA_BOOTSTRAP";
    static final String DEFAULT_TOPIC = "heathub.readings";
    /** Component properties with this prefix are Kafka producer properties ({@code producer.compression.type=gzip}). */
    static final String PRODUCER_PREFIX = "producer.";

    /** Keys that carry the uplink's guarantees (or its wire format): not overridable. */
    static final Set<String> RESERVED = Set.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, ProducerConfig.ACKS_CONFIG,
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ProducerConfig.TRANSACTIONAL_ID_CONFIG);

    KafkaUplinkSettings {
        bootstrapServers = bootstrapServers == null ? "" : bootstrapServers.strip();
        topic = topic == null || topic.isBlank() ? DEFAULT_TOPIC : topic.strip();
        clientProperties = Map.copyOf(clientProperties);
        hubId = hubId == null ? "" : hubId.strip();
        UplinkSpec.checkBatchSize(batchSize);
        if (timeout.toMillis() < 2000) {
            throw new IllegalArgumentException("timeout must be at least 2 s, got " + timeout);
        }
        if (!topic.matches("[a-zA-Z0-9._-]{1,249}")) {
            throw new IllegalArgumentException("topic must be 1-249 of [a-zA-Z0-9._-], got \"" + topic + "\"");
        }
        for (String key : clientProperties.keySet()) {
            if (RESERVED.contains(key)) {
                throw new IllegalArgumentException("property " + key + " is set by the uplink itself and cannot be "
                        + "configured (reserved: " + RESERVED + ")");
            }
        }
        if (!bootstrapServers.isEmpty()) {
            checkProducerConfig(producerConfigFor(bootstrapServers, clientProperties, timeout));
        }
    }

    /** The hub id left to the site id (tests). */
    KafkaUplinkSettings(String bootstrapServers, String topic, int batchSize, Map<String, String> clientProperties,
                        Duration timeout, Duration pollInterval, Duration firstBackoff, Duration maxBackoff) {
        this(bootstrapServers, topic, batchSize, clientProperties, timeout, pollInterval, firstBackoff, maxBackoff, "");
    }

    /** Rejects what the producer would reject (bad numbers, unknown enum values, too many requests in flight). */
    private static void checkProducerConfig(Map<String, Object> config) {
        Map<String, Object> withSerializers = new HashMap<>(config);
        withSerializers.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        withSerializers.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        try {
            KafkaClassLoading.withBundleLoader(() -> new ProducerConfig(withSerializers));
        } catch (ConfigException e) {
            // Kafka hides PASSWORD-typed values in its messages.
            throw new IllegalArgumentException("Kafka producer properties rejected: " + e.getMessage(), e);
        }
    }

    /** Production timings for the given configuration; {@code env} is {@code System::getenv} outside tests. */
    static KafkaUplinkSettings from(KafkaUplinkConfig config, Function<String, String> env) {
        return from(config, Map.of(), env);
    }

    /**
     * Production timings for the given configuration. Producer properties come from the
     * {@code properties} array and from every component property named {@value #PRODUCER_PREFIX}{@code <kafka key>}
     * (one plain line per setting in a {@code .cfg} file); a key given both ways is refused.
     */
    static KafkaUplinkSettings from(KafkaUplinkConfig config, Map<String, ?> componentProperties,
                                    Function<String, String> env) {
        String override = env.apply(BOOTSTRAP_ENV);
        String bootstrap = override != null && !override.isBlank() ? override : config.bootstrapServers();
        Map<String, String> producerProperties = parse(config.properties());
        componentProperties.forEach((name, value) -> {
            if (name.startsWith(PRODUCER_PREFIX) && name.length() > PRODUCER_PREFIX.length() && value != null) {
                String key = name.substring(PRODUCER_PREFIX.length());
                if (producerProperties.putIfAbsent(key, String.valueOf(value).strip()) != null) {
                    throw new IllegalArgumentException("producer property " + key + " is given twice: in properties "
                            + "and as " + name);
                }
            }
        });
        return new KafkaUplinkSettings(bootstrap, config.topic(), config.batchSize(), producerProperties,
                Duration.ofSeconds(config.timeoutSeconds()), Duration.ofMillis(500), Duration.ofSeconds(1),
                Duration.ofSeconds(60), config.hubId());
    }

    /** {@code key=value} lines to a map; the value may itself contain '=' (JAAS configs do). */
    static Map<String, String> parse(String[] lines) {
        Map<String, String> properties = new LinkedHashMap<>();
        for (String line : lines == null ? new String[0] : lines) {
            if (line == null || line.isBlank()) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 1) {
                // Do not echo the line: it may be a secret with a typo.
                throw new IllegalArgumentException("properties entries must be 'key=value'; an entry has no key");
            }
            properties.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
        }
        return properties;
    }

    boolean enabled() {
        return !bootstrapServers.isEmpty();
    }

    /** Configured keys the producer does not know (likely typos); they are passed on anyway. */
    List<String> unknownPropertyKeys() {
        return clientProperties.keySet().stream().filter(k -> !ProducerConfig.configNames().contains(k)).sorted().toList();
    }

    /**
     * The producer configuration: idempotent, {@code acks=all}, at most 5 requests in flight (so the
     * broker keeps per-partition order across the producer's own retries), timeouts fitted into
     * {@link #timeout}. Applied over camel-kafka's own producer settings (the serializers are camel-kafka's, byte arrays).
     */
    Map<String, Object> producerConfig() {
        return producerConfigFor(bootstrapServers, clientProperties, timeout);
    }

    private static Map<String, Object> producerConfigFor(String bootstrapServers, Map<String, String> clientProperties,
                                                         Duration timeout) {
        long timeoutMillis = timeout.toMillis();
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "heathub-" + hostname());
        config.putAll(clientProperties);
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.putIfAbsent(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        // delivery.timeout.ms >= linger.ms + request.timeout.ms is enforced by the producer.
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) timeoutMillis);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(30_000, timeoutMillis / 2));
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMillis);
        return config;
    }

    /** Safe to log: property values (passwords, JAAS configs) never appear. */
    @Override
    public String toString() {
        return "bootstrapServers=" + bootstrapServers + ", topic=" + topic + ", batchSize=" + batchSize + ", timeout="
                + timeout.toSeconds() + "s" + (clientProperties.isEmpty() ? ""
                : ", properties=" + clientProperties.keySet().stream().sorted().toList())
                + (hubId.isEmpty() ? "" : ", hubId=" + hubId);
    }

    private static String hostname() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env.strip();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "hub";
        }
    }
}
