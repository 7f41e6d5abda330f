package io.heathub.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A real mosquitto (/usr/sbin/mosquitto, or {@code -Dmosquitto=PATH}) on a free loopback port;
 * sessions persist across restarts, queues for offline subscribers are unbounded, and
 * {@code max_inflight_messages} (the receive maximum it announces to MQTT 5 clients) is 20, mosquitto's
 * default, or {@code -Dbench.inflight=N}.
 */
final class BenchBroker implements AutoCloseable {
    private final Path dir;
    private final int port;
    private Process process;

    BenchBroker(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
        try (ServerSocket s = new ServerSocket(0)) {
            this.port = s.getLocalPort();
        }
    }

    String url() {
        return "tcp://127.0.0.1:" + port;
    }

    int port() {
        return port;
    }

    BenchBroker start() throws IOException, InterruptedException {
        Path conf = dir.resolve("mosquitto.conf");
        Files.writeString(conf, String.join("\n", "listener " + port + " 127.0.0.1", "allow_anonymous true",
                "persistence true", "persistence_location " + dir + "/", "max_queued_messages 0",
                "max_inflight_messages " + Integer.getInteger("bench.inflight", 20), "user root",
                // -Dbench.nodelay=true: PUBACKs leave at once instead of waiting (Nagle) for the client's delayed ACK
                "set_tcp_nodelay " + Boolean.getBoolean("bench.nodelay"), ""));
        process = new ProcessBuilder(System.getProperty("mosquitto", "/usr/sbin/mosquitto"), "-c", conf.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("mosquitto.log").toFile())).start();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!accepts()) {
            if (System.nanoTime() > deadline || !process.isAlive()) {
                throw new IllegalStateException("mosquitto did not start: " + Files.readString(dir.resolve("mosquitto.log")));
            }
            Thread.sleep(20);
        }
        return this;
    }

    void stop() throws InterruptedException {
        if (process != null) {
            process.destroy();
            process.waitFor();
            process = null;
        }
    }

    private boolean accepts() {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
