package io.heathub.forward.mqtt;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A real mosquitto broker for one test, on a free loopback port, with persistence so that a
 * persistent subscriber session (and its queued QoS 1 messages) survives a stop/start.
 */
final class Mosquitto implements AutoCloseable {
    private static final String BINARY = "/usr/sbin/mosquitto";

    private final Path dir;
    private final int port;
    private Process process;

    Mosquitto(Path dir, String... extraConfigLines) throws IOException {
        this.dir = dir;
        // Started as root, mosquitto drops to the "mosquitto" user: it must be able to write its
        // log and persistence file here and read the files we generate.
        openUp(dir.getParent());
        openUp(dir);
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            this.port = s.getLocalPort();
        }
        Files.writeString(dir.resolve("mosquitto.conf"), String.join("\n",
                "listener " + port + " 127.0.0.1",
                "allow_anonymous true",
                "persistence true",
                "persistence_location " + dir.toAbsolutePath() + "/",
                "log_dest file " + dir.toAbsolutePath().resolve("mosquitto.log"),
                "log_type error", "log_type warning", "log_type notice", "log_type information",
                String.join("\n", extraConfigLines), ""));
    }

    private static void openUp(Path p) throws IOException {
        Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
    }

    int port() {
        return port;
    }

    String url() {
        return "tcp://127.0.0.1:" + port;
    }

    /** Starts the broker and waits until it accepts connections. */
    Mosquitto start() throws Exception {
        process = new ProcessBuilder(BINARY, "-c", dir.resolve("mosquitto.conf").toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("stdout.txt").toFile())
                .start();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("mosquitto exited with " + process.exitValue() + ": "
                        + Files.readString(dir.resolve("stdout.txt")) + log());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return this;
            } catch (IOException notYet) {
                Thread.sleep(20);
            }
        }
        throw new IllegalStateException("mosquitto not listening on " + port + " after 10 s: " + log());
    }

    /** Stops the broker (SIGTERM, so it saves its persistence file) and waits for it to exit. */
    void stop() throws Exception {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
        process = null;
    }

    String log() {
        try {
            return Files.readString(dir.resolve("mosquitto.log"));
        } catch (IOException e) {
            return "(no mosquitto log)";
        }
    }

    @Override
    public void close() throws Exception {
        stop();
    }
}
