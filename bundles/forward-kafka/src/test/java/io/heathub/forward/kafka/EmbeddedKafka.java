package io.heathub.forward.kafka;

import io.heathub.testkit.FreePorts;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real single-node Kafka 3.9 broker in KRaft combined mode (broker + controller), on fixed free
 * ports so that stopping and {@link #start()}ing brings the same broker (same log directory, same
 * address) down and up again. In-process ({@link #start(Path, int)}: {@link #stop()} is a
 * controlled shutdown) or as a child JVM ({@link #startForked(Path, int)}: {@link #kill()} is
 * SIGKILL, the broker gets no chance to finish anything). Public for itests (the test-jar). Two client listeners: PLAINTEXT,
 * and SASL_PLAINTEXT with mechanism PLAIN and the user {@value #SASL_USER} / {@value #SASL_PASSWORD}.
 */
public final class EmbeddedKafka implements AutoCloseable {
    static final String SASL_USER = "hub";
    static final String SASL_PASSWORD = "hub-secret";

    private final Path logDir;
    private final int brokerPort;
    private final int saslPort;
    private final int controllerPort;
    private final boolean forked;
    private final int partitions;
    private KafkaRaftServer server;
    private Process process;

    private EmbeddedKafka(Path logDir, boolean forked, int partitions, int brokerPort, int saslPort,
                          int controllerPort) {
        this.logDir = logDir;
        this.forked = forked;
        this.partitions = partitions;
        this.brokerPort = brokerPort;
        this.saslPort = saslPort;
        this.controllerPort = controllerPort;
    }

    /** Formats {@code dir} as a new single-node cluster and starts it in this JVM. */
    public static EmbeddedKafka start(Path dir, int partitions) throws Exception {
        return create(dir, partitions, false);
    }

    /** Formats {@code dir} as a new single-node cluster and starts it in a child JVM. */
    static EmbeddedKafka startForked(Path dir, int partitions) throws Exception {
        return create(dir, partitions, true);
    }

    private static EmbeddedKafka create(Path dir, int partitions, boolean forked) throws Exception {
        EmbeddedKafka kafka = new EmbeddedKafka(dir.toAbsolutePath(), forked, partitions, FreePorts.tcp(), FreePorts.tcp(),
                FreePorts.tcp());
        new Formatter()
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                .setClusterId(Uuid.randomUuid().toString())
                .setNodeId(1)
                .setDirectories(List.of(kafka.logDir.toString()))
                .setMetadataLogDirectory(kafka.logDir.toString())
                .setControllerListenerName("CONTROLLER")
                .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                .run();
        kafka.start();
        return kafka;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + brokerPort;
    }

    /** The SASL_PLAINTEXT listener (mechanism PLAIN). */
    String saslBootstrapServers() {
        return "127.0.0.1:" + saslPort;
    }

    /** (Re)starts the broker on its address with its log directory; returns once it accepts connections. */
    synchronized void start() throws IOException, InterruptedException {
        if (server != null || (process != null && process.isAlive())) {
            return;
        }
        Properties p = brokerProperties();
        if (!forked) {
            server = new KafkaRaftServer(KafkaConfig.fromProps(p, false), Time.SYSTEM);
            server.startup();
            return;
        }
        Path config = logDir.resolveSibling(logDir.getFileName() + ".properties");
        try (var out = Files.newOutputStream(config)) {
            p.store(out, "forked test broker");
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        process = new ProcessBuilder(java.toString(), "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), "kafka.Kafka", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logDir.resolveSibling("broker.log").toFile()))
                .start();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!FreePorts.accepts(brokerPort)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IOException("forked broker did not start; see " + logDir.resolveSibling("broker.log"));
            }
            Thread.sleep(100);
        }
    }

    /** SIGKILL to the forked broker: no controlled shutdown, no flush. */
    synchronized void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly().waitFor();
            process = null;
        }
    }

    private Properties brokerProperties() {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",SASL_PLAINTEXT://127.0.0.1:" + saslPort
                + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",SASL_PLAINTEXT://127.0.0.1:" + saslPort);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map",
                "PLAINTEXT:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("sasl.enabled.mechanisms", "PLAIN");
        p.put("listener.name.sasl_plaintext.plain.sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"admin\" "
                        + "password=\"admin-secret\" user_" + SASL_USER + "=\"" + SASL_PASSWORD + "\";");
        p.put("log.dirs", logDir.toString());
        p.put("num.partitions", String.valueOf(partitions));
        p.put("auto.create.topics.enable", "true");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("min.insync.replicas", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("log.segment.bytes", String.valueOf(16 * 1024 * 1024));
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "2");
        p.put("log.cleaner.enable", "false");
        // After a SIGKILL the restarted broker waits for its old session to expire: keep that short.
        p.put("broker.session.timeout.ms", "3000");
        p.put("broker.heartbeat.interval.ms", "500");
        return p;
    }

    /** In-process broker: controlled shutdown, it finishes what it is doing and closes its ports. */
    synchronized void stop() {
        if (server == null) {
            return;
        }
        server.shutdown();
        server.awaitShutdown();
        server = null;
    }

    @Override
    public void close() throws InterruptedException {
        stop();
        kill();
    }
}
