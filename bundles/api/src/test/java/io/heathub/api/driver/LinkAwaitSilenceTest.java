package io.heathub.api.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The default awaitSilence and pause over a link whose far end keeps sending for a while (a
 * collision's tail). The assertions compare with when each byte really arrived, not with the
 * feeder's intended rhythm, so a loaded machine that delays the feeder cannot fail them.
 */
class LinkAwaitSilenceTest {
    private static final long QUIET_MILLIS = 60;

    /** Bytes arrive from a feeder thread, one every {@code gapMillis}, {@code count} of them. */
    private static final class StreamingLink implements Link {
        private final BlockingQueue<Arrival> line = new LinkedBlockingQueue<>();
        private final List<Long> arrivals = new CopyOnWriteArrayList<>();
        private final CountDownLatch firstSent = new CountDownLatch(1);
        private final CountDownLatch allSent = new CountDownLatch(1);

        private record Arrival(byte value, long nanos) {
        }

        StreamingLink(int count, long gapMillis) {
            Thread feeder = new Thread(() -> {
                for (int i = 0; i < count; i++) {
                    try {
                        Thread.sleep(gapMillis);
                    } catch (InterruptedException e) {
                        return;
                    }
                    long now = System.nanoTime();
                    arrivals.add(now);
                    line.add(new Arrival((byte) i, now));
                    firstSent.countDown();
                }
                allSent.countDown();
            });
            feeder.setDaemon(true);
            feeder.start();
        }

        @Override
        public String uri() {
            return "test:stream";
        }

        @Override
        public void send(byte[] frame) {
        }

        @Override
        public byte[] receive(FrameBoundary frame, Duration timeout) throws IOException {
            try {
                Arrival a = line.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
                if (a == null) {
                    throw new LinkTimeoutException("quiet", new byte[0]);
                }
                return new byte[] {a.value()};
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
        }

        @Override
        public void purge() {
            line.clear();
        }
    }

    /** A far end that never stops: every receive gets a byte after a few milliseconds. */
    private static final class EndlessLink implements Link {
        @Override
        public String uri() {
            return "test:endless";
        }

        @Override
        public void send(byte[] frame) {
        }

        @Override
        public byte[] receive(FrameBoundary frame, Duration timeout) throws IOException {
            try {
                Thread.sleep(Math.min(5, timeout.toMillis()));
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
            return new byte[] {0x55};
        }

        @Override
        public void purge() {
        }
    }

    @Test
    void returnsOnlyAfterTheLineWasQuietForTheGivenTimeAndLeavesNothingOfTheTail() throws Exception {
        StreamingLink link = new StreamingLink(20, 10); // ~200 ms of tail, a byte every 10 ms
        assertThat(link.firstSent.await(30, TimeUnit.SECONDS)).isTrue();

        assertThat(link.awaitSilence(Duration.ofMillis(QUIET_MILLIS), Duration.ofSeconds(30))).isTrue();
        long returned = System.nanoTime();

        long lastBefore = link.arrivals.stream().filter(t -> t <= returned).max(Long::compare).orElseThrow();
        assertThat((returned - lastBefore) / 1_000_000).as("quiet time before returning (ms)")
                .isGreaterThanOrEqualTo(QUIET_MILLIS);
        // what is still queued arrived after the quiet time began (a feeder stalled by load may go on later)
        long quietFrom = returned - TimeUnit.MILLISECONDS.toNanos(QUIET_MILLIS);
        assertThat(link.line).allSatisfy(a -> assertThat(a.nanos()).isGreaterThanOrEqualTo(quietFrom));
    }

    @Test
    void givesUpAfterMaxWhenTheLineNeverGoesQuiet() throws Exception {
        long start = System.nanoTime();
        assertThat(new EndlessLink().awaitSilence(Duration.ofMillis(QUIET_MILLIS), Duration.ofMillis(300))).isFalse();
        assertThat((System.nanoTime() - start) / 1_000_000).isBetween(300L, 10_000L);
    }

    @Test
    void aPauseWaitsTheDelayAndKeepsWhatArrivedForTheNextReceive() throws Exception {
        StreamingLink link = new StreamingLink(3, 10);
        long start = System.nanoTime();
        link.pause(Duration.ofMillis(150));
        assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(150L);
        assertThat(link.allSent.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(link.line).extracting(StreamingLink.Arrival::value)
                .containsExactly((byte) 0, (byte) 1, (byte) 2); // nothing discarded
        assertThatThrownBy(() -> link.pause(Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> link.pause(Link.MAX_PAUSE.plusMillis(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0..30 s");
    }

    @Test
    void aQuietLineCostsOnlyTheQuietTime() throws Exception {
        StreamingLink link = new StreamingLink(0, 1);
        long start = System.nanoTime();
        assertThat(link.awaitSilence(Duration.ofMillis(50), Duration.ofSeconds(30))).isTrue();
        assertThat((System.nanoTime() - start) / 1_000_000).isBetween(50L, 10_000L);
    }
}
