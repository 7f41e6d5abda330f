package io.heathub.itests.faults;

import io.heathub.testkit.peers.Mosquitto;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * The fault tests' broker: the test kit's persistent mosquitto (a persistent subscriber session
 * and its queued QoS 1 messages survive a stop/start on the same port; an offline subscriber's
 * queue has no limit, so a drop there can only be the hub's fault), with extra configuration
 * lines (an ACL, a {@code max_packet_size}) that can change between restarts.
 */
final class Broker implements AutoCloseable {
    private final Mosquitto mosquitto;

    Broker(Path dir) throws IOException {
        this.mosquitto = Mosquitto.in(dir.resolve("broker")).persistent();
    }

    int port() {
        return mosquitto.port();
    }

    String url() {
        return mosquitto.url();
    }

    Path dir() {
        return mosquitto.dir();
    }

    /** Extra mosquitto.conf lines used from the next {@link #start()} on. */
    Broker configure(String lines) {
        mosquitto.config(lines == null ? new String[0] : lines.split("\n"));
        return this;
    }

    Broker start() {
        try {
            mosquitto.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted starting mosquitto", e);
        }
        return this;
    }

    /** SIGTERM: mosquitto saves its sessions and queued messages, then exits. */
    void stop() throws InterruptedException {
        mosquitto.stop();
    }

    String log() {
        return mosquitto.log();
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
