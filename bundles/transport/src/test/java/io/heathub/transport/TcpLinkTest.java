package io.heathub.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.heathub.api.driver.Link.FrameBoundary;
import io.heathub.api.driver.LinkFactory.ManagedLink;
import io.heathub.api.driver.LinkTimeoutException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TcpLinkTest {
    /** Frames are a length byte followed by that many bytes. */
    private static final FrameBoundary LENGTH_PREFIXED = (buffer, length) -> length < 1 ? -1 : 1 + (buffer[0] & 0xFF);
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final TcpLinkFactory factory = new TcpLinkFactory();
    private TcpPeer peer;
    private ManagedLink link;

    @AfterEach
    void stop() throws IOException {
        if (link != null) {
            link.close();
        }
        if (peer != null) {
            peer.close();
        }
    }

    @Test
    void aFrameArrivingInPiecesIsReturnedWholeAndBytesAfterItAreKeptForTheNextFrame() throws Exception {
        peer = new TcpPeer(0, socket -> {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            in.read();
            out.write(new byte[] {5, 'h', 'e'});
            out.flush();
            pause(50);
            out.write(new byte[] {'l', 'l', 'o', 2, 'o'}); // end of frame 1, start of frame 2
            out.flush();
            pause(50);
            out.write('k');
            out.flush();
            in.read();
        });
        link = factory.open(URI.create("tcp://127.0.0.1:" + peer.port()));

        link.send(new byte[] {1});
        assertThat(link.receive(LENGTH_PREFIXED, TIMEOUT)).containsExactly(5, 'h', 'e', 'l', 'l', 'o');
        assertThat(link.receive(LENGTH_PREFIXED, TIMEOUT)).containsExactly(2, 'o', 'k');
    }

    @Test
    void aReplySplitIntoFragmentsWithGapsByAConverterIsAssembledAndReturnedOnItsLastByte() throws Exception {
        // CJ/T 188-like frame: 68 L <L bytes> 16; its length is known only from the second byte
        FrameBoundary startLength = (buffer, length) -> length < 2 ? -1 : (buffer[1] & 0xFF) + 3;
        byte[] reply = {0x68, 5, 1, 2, 3, 4, 5, 0x16};
        CountDownLatch done = new CountDownLatch(1);
        peer = new TcpPeer(0, socket -> {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            in.read();
            out.write(reply, 0, 1); // converters forward what they have when their own timer fires
            out.flush();
            pause(30);
            out.write(reply, 1, 4);
            out.flush();
            pause(30);
            out.write(reply, 5, 3);
            out.flush();
            await(done); // then silence: the frame must not wait for the connection or a gap
        });
        // an inter-byte timeout shorter than the gaps: a known-length frame must not be cut at them
        link = factory.open(URI.create("tcp://127.0.0.1:" + peer.port() + "?interByteTimeout=10ms"));
        link.send(new byte[] {1});

        long start = System.nanoTime();
        byte[] frame = link.receive(startLength, Duration.ofSeconds(5));
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
        done.countDown();

        assertThat(frame).containsExactly(reply);
        assertThat(elapsedMillis).as("receive took %d ms", elapsedMillis).isBetween(50L, 1500L);
    }

    @Test
    void aFrameOfUnknowableLengthEndsAtTheInterByteTimeout() throws Exception {
        peer = new TcpPeer(0, socket -> {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            in.read();
            out.write(new byte[] {'a', 'b'});
            out.flush();
            pause(30);
            out.write('c');
            out.flush();
            in.read(); // silent until the next request
            out.write('d');
            out.flush();
            in.read();
        });
        link = factory.open(URI.create("tcp://127.0.0.1:" + peer.port() + "?interByteTimeout=250ms"));
        FrameBoundary untilSilence = (buffer, length) -> ReconnectingLink.UNTIL_SILENCE;
        link.send(new byte[] {1});
        long start = System.nanoTime();
        assertThat(link.receive(untilSilence, Duration.ofSeconds(5))).containsExactly('a', 'b', 'c');
        assertThat((System.nanoTime() - start) / 1_000_000).isBetween(250L, 4000L);
        link.send(new byte[] {2});
        assertThat(link.receive(untilSilence, Duration.ofSeconds(5))).containsExactly('d');
    }

    @Test
    void timeoutCarriesThePartialFrameAndHonoursTheDeadline() throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        peer = new TcpPeer(0, socket -> {
            socket.getInputStream().read();
            socket.getOutputStream().write(new byte[] {9, 1, 2});
            socket.getOutputStream().flush();
            await(done);
        });
        link = factory.open(URI.create("tcp://127.0.0.1:" + peer.port()));
        link.send(new byte[] {1});

        long start = System.nanoTime();
        assertThatThrownBy(() -> link.receive(LENGTH_PREFIXED, Duration.ofMillis(300)))
                .isInstanceOfSatisfying(LinkTimeoutException.class, e -> {
                    assertThat(e.partial()).containsExactly(9, 1, 2);
                    assertThat(e.getMessage()).contains("tcp://127.0.0.1:" + peer.port())
                            .contains("300 ms").contains("09 01 02");
                });
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
        assertThat(elapsedMillis).isBetween(290L, 1500L);
        done.countDown();
    }

    /** Issue 15 item 4: a peer streaming FE bytes made the buffer double without a cap (664 MB in seconds). */
    @Test
    void aPeerStreamingBytesWithoutAFrameBoundaryGetsAClearErrorNotAGrowingBuffer() throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        peer = new TcpPeer(0, socket -> {
            socket.getInputStream().read();
            byte[] noise = new byte[1024];
            java.util.Arrays.fill(noise, (byte) 0xFE);
            OutputStream out = socket.getOutputStream();
            try {
                while (done.getCount() > 0) {
                    out.write(noise); // endless: never a frame boundary
                }
            } catch (IOException closedByTheLink) {
                // the link gave up on the connection: what it should do
            }
        });
        link = factory.open(URI.create("tcp://127.0.0.1:" + peer.port()));
        link.send(new byte[] {1});
        FrameBoundary never = (buffer, length) -> -1;

        assertThatThrownBy(() -> link.receive(never, Duration.ofSeconds(30)))
                .isInstanceOf(IOException.class).isNotInstanceOf(LinkTimeoutException.class)
                .satisfies(e -> assertThat(e.getMessage())
                        .contains("tcp://127.0.0.1:" + peer.port() + ": no complete frame in 4096 bytes (at most 4096 are"
                                + " kept for one frame): FE FE FE")
                        .contains("…(4096 bytes)").contains("connection closed")
                        .hasSizeLessThan(400));
        done.countDown();
    }

    @Test
    void afterThePeerRestartsTheLinkReconnectsOnceTheBackoffHasPassed() throws Exception {
        peer = new TcpPeer(0, TcpLinkTest::echoLengthPrefixed);
        int port = peer.port();
        link = factory.open(URI.create("tcp://127.0.0.1:" + port + "?reconnectDelay=300ms"));
        assertThat(exchange(link, "one")).isEqualTo("one");

        peer.close();
        // the old connection is dead: the next exchange fails, naming the link
        assertThatThrownBy(() -> exchange(link, "two"))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("tcp://127.0.0.1:" + port + ": ")
                .hasMessageContaining("next attempt in");
        // within the back-off the link refuses at once instead of hammering the peer
        long start = System.nanoTime();
        assertThatThrownBy(() -> exchange(link, "three")).hasMessageContaining("next attempt in");
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(250);

        peer = new TcpPeer(port, TcpLinkTest::echoLengthPrefixed);
        String reply = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (reply == null && System.nanoTime() < deadline) {
            try {
                reply = exchange(link, "four");
            } catch (IOException backingOff) {
                pause(50);
            }
        }
        assertThat(reply).isEqualTo("four");
        assertThat(peer.connections()).isEqualTo(1);
    }

    @Test
    void aRefusedConnectionFailsFastDuringTheBackoffWhichDoubles() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // free, and nothing listens once closed
        }
        link = factory.open(URI.create("tcp://127.0.0.1:" + port));
        String uri = "tcp://127.0.0.1:" + port;
        assertThatThrownBy(() -> link.send(new byte[] {1}))
                .hasMessage(uri + ": connection refused, next attempt in 1 s");
        long start = System.nanoTime();
        assertThatThrownBy(() -> link.send(new byte[] {1}))
                .hasMessage(uri + ": connection refused, next attempt in 1 s");
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(200);
    }

    @Test
    void backoffDoublesUpToTheMaximumAndResetsOnSuccess() {
        long[] now = {0};
        Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), () -> now[0]);
        assertThat(backoff.remaining()).isZero();
        assertThat(backoff.failed()).hasSeconds(1);
        assertThat(backoff.failed()).hasSeconds(2);
        assertThat(backoff.failed()).hasSeconds(4);
        assertThat(backoff.remaining()).hasSeconds(4);
        now[0] += TimeUnit.SECONDS.toNanos(3);
        assertThat(Backoff.seconds(backoff.remaining())).isEqualTo("1 s");
        for (int i = 0; i < 10; i++) {
            backoff.failed();
        }
        assertThat(backoff.failed()).hasSeconds(30);
        backoff.succeeded();
        assertThat(backoff.remaining()).isZero();
        assertThat(backoff.failed()).hasSeconds(1);
    }

    @Test
    void purgeDropsStaleInputSoTheNextReplyIsClean() throws Exception {
        peer = new TcpPeer(0, socket -> {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            in.read();
            out.write(new byte[] {3, 'o', 'l', 'd', 9, 9, 9}); // a late reply plus junk
            out.flush();
            in.read();
            out.write(new byte[] {3, 'n', 'e', 'w'});
            out.flush();
            in.read();
        });
        TcpLink tcp = (TcpLink) factory.open(URI.create("tcp://127.0.0.1:" + peer.port()));
        link = tcp;
        tcp.send(new byte[] {1});
        waitFor(() -> waiting(tcp) >= 7);

        tcp.purge();
        assertThat(tcp.bytesWaiting()).isZero();
        tcp.send(new byte[] {2});
        assertThat(tcp.receive(LENGTH_PREFIXED, TIMEOUT)).containsExactly(3, 'n', 'e', 'w');
    }

    @Test
    void badUrisAreRejectedNamingTheUri() {
        assertThatThrownBy(() -> factory.open(URI.create("tcp://127.0.0.1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tcp://127.0.0.1").hasMessageContaining("port");
        assertThatThrownBy(() -> factory.open(URI.create("tcp://127.0.0.1:502?connectTimeout=soon")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tcp://127.0.0.1:502?connectTimeout=soon: option connectTimeout: "
                        + "expected a duration like 2s or 500ms, got \"soon\"");
        assertThatThrownBy(() -> factory.open(URI.create("tcp://127.0.0.1:502?interByteTimeout=0")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("option interByteTimeout: expected a duration above zero");
        assertThatThrownBy(() -> factory.open(URI.create("tcp://127.0.0.1:502?baud=9600")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tcp://127.0.0.1:502?baud=9600: unknown option 'baud'; allowed: "
                        + "connectTimeout, interByteTimeout, maxReconnectDelay, reconnectDelay");
        // issue 15 item 4: durations have an upper bound (a long digit string was a NumberFormatException)
        assertThatThrownBy(() -> factory.open(URI.create("tcp://127.0.0.1:502?connectTimeout=99999999999999999999s")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tcp://127.0.0.1:502?connectTimeout=99999999999999999999s: option connectTimeout: "
                        + "99999999999999999999s is longer than the longest duration allowed, 1 day");
        assertThatThrownBy(() -> factory.open(URI.create("tcp://127.0.0.1:502?maxReconnectDelay=1441m")))
                .hasMessageContaining("option maxReconnectDelay: 1441m is longer than the longest duration allowed, 1 day");
        assertThat(factory.schemes()).containsExactly("tcp");
    }

    private static String exchange(ManagedLink link, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.US_ASCII);
        byte[] frame = new byte[body.length + 1];
        frame[0] = (byte) body.length;
        System.arraycopy(body, 0, frame, 1, body.length);
        link.send(frame);
        byte[] reply = link.receive(LENGTH_PREFIXED, TIMEOUT);
        return new String(reply, 1, reply.length - 1, StandardCharsets.US_ASCII);
    }

    /** Echoes length-prefixed frames until the connection closes. */
    private static void echoLengthPrefixed(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        OutputStream out = socket.getOutputStream();
        int length;
        while ((length = in.read()) >= 0) {
            byte[] body = in.readNBytes(length);
            out.write(length);
            out.write(body);
            out.flush();
        }
    }

    private static int waiting(TcpLink link) {
        try {
            return link.bytesWaiting();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void waitFor(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 5 s");
            }
            pause(10);
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
