package io.heathub.api.driver;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The default awaitSilence over a link whose far end keeps sending for a while (a collision's tail). */
class LinkAwaitSilenceTest {

    /** Bytes arrive from a feeder thread, one every {@code gapMillis}, {@code count} of them. */
    private static final class StreamingLink implements Link {
        private final BlockingQueue<Byte> line = new LinkedBlockingQueue<>();

        StreamingLink(int count, long gapMillis) {
            Thread feeder = new Thread(() -> {
                for (int i = 0; i < count; i++) {
                    try {
                        Thread.sleep(gapMillis);
                    } catch (InterruptedException e) {
                        return;
                    }
                    line.add((byte) i);
                }
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
                Byte b = line.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
                if (b == null) {
                    throw new LinkTimeoutException("quiet", new byte[0]);
                }
                return new byte[] {b};
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
        }

        @Override
        public void purge() {
            line.clear();
        }
    }

    @Test
    void returnsOnlyAfterTheLineWasQuietForTheGivenTime() throws Exception {
        StreamingLink link = new StreamingLink(20, 10); // ~200 ms of tail, a byte every 10 ms
        long start = System.nanoTime();
        assertThat(link.awaitSilence(Duration.ofMillis(60), Duration.ofSeconds(5))).isTrue();
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        assertThat(tookMillis).isGreaterThanOrEqualTo(200 + 60 - 20);
        assertThat(link.line).isEmpty(); // nothing of the tail is left for the next request
    }

    @Test
    void givesUpAfterMaxWhenTheLineNeverGoesQuiet() throws Exception {
        StreamingLink link = new StreamingLink(10_000, 5);
        long start = System.nanoTime();
        assertThat(link.awaitSilence(Duration.ofMillis(60), Duration.ofMillis(300))).isFalse();
        assertThat((System.nanoTime() - start) / 1_000_000).isBetween(300L, 2_000L);
    }

    @Test
    void aPauseWaitsTheDelayAndKeepsWhatArrivedForTheNextReceive() throws Exception {
        StreamingLink link = new StreamingLink(3, 10);
        long start = System.nanoTime();
        link.pause(Duration.ofMillis(150));
        assertThat((System.nanoTime() - start) / 1_000_000).isBetween(150L, 1_000L);
        assertThat(link.line).containsExactly((byte) 0, (byte) 1, (byte) 2); // nothing discarded
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> link.pause(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> link.pause(Link.MAX_PAUSE.plusMillis(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0..30 s");
    }

    @Test
    void aQuietLineCostsOnlyTheQuietTime() throws Exception {
        StreamingLink link = new StreamingLink(0, 1);
        long start = System.nanoTime();
        assertThat(link.awaitSilence(Duration.ofMillis(50), Duration.ofSeconds(5))).isTrue();
        assertThat((System.nanoTime() - start) / 1_000_000).isBetween(50L, 1_000L);
    }
}
