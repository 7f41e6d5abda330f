package io.heathub.itests.faults;

import io.heathub.itests.e2e.HubProcess;
import io.heathub.testkit.FreePorts;
import io.heathub.testkit.Waits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The end-to-end helpers ({@link HubProcess}, and the test kit's {@link Waits} and
 * {@link FreePorts}) as the fault tests use them: unchecked, and with diagnostics read only when a
 * wait times out.
 */
final class E2eHelpers {

    private E2eHelpers() {
    }

    /** {@link Waits#until}: polls with a deadline. */
    static void until(Duration timeout, String what, BooleanSupplier condition) {
        Waits.until(timeout, what, condition);
    }

    /** {@link #until(Duration, String, BooleanSupplier)} that adds {@code diagnostics} (read at the timeout) to the failure. */
    static void until(Duration timeout, String what, java.util.function.Supplier<String> diagnostics,
                      BooleanSupplier condition) {
        Waits.until(timeout, what, diagnostics, condition);
    }

    static int freePort() {
        return FreePorts.tcp();
    }

    /** Something listens on the loopback port. */
    static boolean accepts(int port) {
        return FreePorts.accepts(port);
    }

    /** A private copy of the distribution, started and stopped as a real process. */
    static final class Hub implements AutoCloseable {
        private final HubProcess process;

        Hub(Path work) {
            try {
                process = new HubProcess(work);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        Path home() {
            return process.home();
        }

        int httpPort() {
            return process.httpPort();
        }

        void write(String relative, String content) {
            try {
                process.write(relative, content);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** {@link HubProcess#demoOnFreePorts(String)}: the demo site and its simulator on free ports. */
        String demoOnFreePorts(String simulatorSettings) {
            try {
                return process.demoOnFreePorts(simulatorSettings);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** POST of a JSON body as the test admin; null while the hub does not answer. */
        java.net.http.HttpResponse<String> post(String path, String json) {
            return process.post(path, json);
        }

        /** {@code bin/heathub} with the given environment; the same home (and data dir) each time. */
        Hub start(Map<String, String> env) {
            try {
                process.start(env);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        boolean alive() {
            return process.alive();
        }

        String console() {
            return process.console();
        }

        /** GET on the hub's HTTP API; null while it does not answer 200. */
        String get(String path) {
            return process.get(path);
        }

        /** Graceful stop (SIGTERM, then SIGKILL after 20 s). */
        @Override
        public void close() {
            try {
                process.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
