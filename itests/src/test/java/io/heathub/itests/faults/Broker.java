package io.heathub.itests.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A real mosquitto for the fault tests. Unlike the e2e {@code Mosquitto} it keeps its sessions
 * across restarts ({@code persistence true}: a persistent subscriber session and its queued QoS 1
 * messages survive a broker stop/start on the same port), queues without limit for an offline
 * subscriber (so a drop there can only be the hub's fault), and takes extra configuration lines
 * (an ACL, a {@code max_packet_size}) that can be changed between restarts.
 */
final class Broker implements AutoCloseable {
    private final Path dir;
    private final int port;
    private String extra = "";
    private Process process;
    private int starts;

    Broker(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir.resolve("broker"));
        this.port = E2eHelpers.freePort();
    }

    int port() {
        return port;
    }

    String url() {
        return "tcp://127.0.0.1:" + port;
    }

    Path dir() {
        return dir;
    }

    /** Extra mosquitto.conf lines used from the next {@link #start()} on. */
    Broker configure(String lines) {
        this.extra = lines == null ? "" : lines;
        return this;
    }

    Broker start() throws IOException {
        Path conf = dir.resolve("mosquitto.conf");
        Files.writeString(conf, String.join("\n",
                "listener " + port + " 127.0.0.1",
                "allow_anonymous true",
                "persistence true",
                "persistence_location " + dir + "/",
                "max_queued_messages 0",
                "max_inflight_messages 20",
                "user root", // run as root: do not drop to 'mosquitto' (it could not write our temp dir)
                extra, ""));
        starts++;
        process = new ProcessBuilder("/usr/sbin/mosquitto", "-c", conf.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("mosquitto.log").toFile())).start();
        E2eHelpers.until(Duration.ofSeconds(10), "mosquitto listening on " + port + " (start " + starts + ")\n" + log(),
                () -> E2eHelpers.accepts(port) || !process.isAlive());
        if (!process.isAlive()) {
            throw new IllegalStateException("mosquitto exited at start:\n" + log());
        }
        return this;
    }

    /** SIGTERM: mosquitto saves its sessions and queued messages, then exits. */
    void stop() throws InterruptedException {
        if (process != null) {
            process.destroy();
            process.waitFor();
            process = null;
        }
        E2eHelpers.until(Duration.ofSeconds(10), "port " + port + " closed", () -> !E2eHelpers.accepts(port));
    }

    String log() {
        try {
            return Files.readString(dir.resolve("mosquitto.log"));
        } catch (IOException e) {
            return "(no mosquitto log)";
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
