package io.heathub.testkit.peers;

import io.heathub.testkit.FreePorts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real mosquitto broker ({@code /usr/sbin/mosquitto}) on a free loopback port, with its own
 * generated config, for one test. Options, each taking effect at the next {@link #start()}:
 * <ul>
 *   <li>{@link #persistent()}: sessions and queued QoS 1 messages survive {@link #stop()} and
 *       {@link #start()} on the same port, and an offline persistent session queues without limit
 *       (so a lost message can only be the client's fault);
 *   <li>{@link #acl(Path)}: an ACL file (a refused QoS 1 publish gets PUBACK 0x87);
 *   <li>{@link #user(String, String)}: password authentication, anonymous clients refused;
 *   <li>{@link #tlsListener}: a second listener with TLS, optionally requiring client certificates;
 *   <li>{@link #config(String...)}: any other mosquitto.conf lines (e.g. {@code max_packet_size}).
 * </ul>
 * Everything it logs goes to {@code mosquitto.log} in its directory, kept across restarts and
 * put in every failure it reports ({@link #log()}).
 */
public final class Mosquitto implements AutoCloseable {
    private static final String BINARY = "/usr/sbin/mosquitto";
    private static final String PASSWD = "/usr/bin/mosquitto_passwd";
    private static final long START_SECONDS = 10;

    private final Path dir;
    private final int port;
    private boolean persistent;
    private Path acl;
    private final Map<String, String> users = new LinkedHashMap<>();
    private final List<String> tls = new ArrayList<>();
    private List<String> extra = List.of();
    private Process process;
    private int starts;

    private Mosquitto(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** A broker (not yet started) that keeps its config, log and data in {@code dir}, on a free port. */
    public static Mosquitto in(Path dir) throws IOException {
        return new Mosquitto(Files.createDirectories(dir), FreePorts.tcp());
    }

    public Mosquitto persistent() {
        this.persistent = true;
        return this;
    }

    public Mosquitto acl(Path aclFile) {
        this.acl = aclFile.toAbsolutePath();
        return this;
    }

    /** Adds a user; with any user, clients without a valid name and password are refused. */
    public Mosquitto user(String name, String password) {
        users.put(name, password);
        return this;
    }

    /**
     * A TLS listener on {@code tlsPort} beside the plain one.
     *
     * @param requireClientCertificate clients must present a certificate signed by {@code ca}
     */
    public Mosquitto tlsListener(int tlsPort, Path ca, Path certificate, Path key, boolean requireClientCertificate) {
        tls.clear();
        tls.addAll(List.of("listener " + tlsPort + " 127.0.0.1", "cafile " + ca.toAbsolutePath(),
                "certfile " + certificate.toAbsolutePath(), "keyfile " + key.toAbsolutePath(),
                "require_certificate " + requireClientCertificate));
        return this;
    }

    /** Extra mosquitto.conf lines, replacing earlier extra lines. */
    public Mosquitto config(String... lines) {
        this.extra = List.of(lines);
        return this;
    }

    public int port() {
        return port;
    }

    /** {@code tcp://127.0.0.1:<port>} of the plain listener. */
    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    public Path dir() {
        return dir;
    }

    /** Writes the config, starts the broker and waits until it accepts connections. */
    public synchronized Mosquitto start() throws IOException, InterruptedException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("mosquitto on " + port + " is already running");
        }
        Path conf = dir.resolve("mosquitto.conf");
        Files.writeString(conf, String.join("\n", configLines()) + "\n");
        starts++;
        process = new ProcessBuilder(BINARY, "-c", conf.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("mosquitto.log").toFile())).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_SECONDS);
        while (!FreePorts.accepts(port)) {
            if (!process.isAlive()) {
                throw new IOException("mosquitto exited with " + process.exitValue() + " at start " + starts
                        + " on port " + port + ":\n" + log());
            }
            if (System.nanoTime() > deadline) {
                stop();
                throw new IOException("mosquitto not listening on " + port + " after " + START_SECONDS + " s:\n" + log());
            }
            Thread.sleep(20);
        }
        return this;
    }

    /** SIGTERM (a persistent broker saves its sessions), then waits until the port is closed. */
    public synchronized void stop() throws InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
            process = null;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (FreePorts.accepts(port) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    public synchronized boolean running() {
        return process != null && process.isAlive();
    }

    /** Everything mosquitto logged, over all starts. */
    public String log() {
        try {
            return Files.readString(dir.resolve("mosquitto.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no mosquitto log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    private List<String> configLines() throws IOException, InterruptedException {
        List<String> lines = new ArrayList<>(List.of(
                "listener " + port + " 127.0.0.1",
                "log_dest stdout",
                "log_type error", "log_type warning", "log_type notice", "log_type information",
                // started as root it would drop to the 'mosquitto' user, who cannot write a test's temp dir
                "user root"));
        if (users.isEmpty()) {
            lines.add("allow_anonymous true");
        } else {
            lines.add("allow_anonymous false");
            lines.add("password_file " + passwordFile());
        }
        if (persistent) {
            lines.addAll(List.of("persistence true", "persistence_location " + dir.toAbsolutePath() + "/",
                    "max_queued_messages 0", "max_inflight_messages 20"));
        } else {
            lines.add("persistence false");
        }
        if (acl != null) {
            lines.add("acl_file " + acl);
        }
        lines.addAll(tls);
        lines.addAll(extra);
        return lines;
    }

    private Path passwordFile() throws IOException, InterruptedException {
        Path file = dir.resolve("passwords");
        Files.deleteIfExists(file);
        Files.createFile(file);
        for (Map.Entry<String, String> user : users.entrySet()) {
            Process p = new ProcessBuilder(PASSWD, "-b", file.toString(), user.getKey(), user.getValue())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("mosquitto_passwd failed for " + user.getKey() + ": " + out);
            }
        }
        return file;
    }
}
