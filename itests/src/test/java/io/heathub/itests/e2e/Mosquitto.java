package io.heathub.itests.e2e;

import io.heathub.testkit.FreePorts;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The test kit's mosquitto ({@link io.heathub.testkit.peers.Mosquitto}) as the end-to-end tests
 * use it: no persistence, on a free loopback port, config and log in the test's directory.
 */
public final class Mosquitto implements AutoCloseable {
    private final io.heathub.testkit.peers.Mosquitto broker;

    public Mosquitto(Path dir) throws IOException {
        this.broker = io.heathub.testkit.peers.Mosquitto.in(dir.resolve("mosquitto"));
    }

    public int port() {
        return broker.port();
    }

    public String url() {
        return broker.url();
    }

    public Mosquitto start() throws IOException, InterruptedException {
        broker.start();
        return this;
    }

    void stop() throws InterruptedException {
        broker.stop();
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    public static boolean accepts(int port) {
        return FreePorts.accepts(port);
    }

    public static int freePort() {
        return FreePorts.tcp();
    }
}
