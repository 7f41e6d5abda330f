package io.heathub.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.heathub.api.driver.Link.FrameBoundary;
import io.heathub.api.driver.LinkFactory.ManagedLink;
import io.heathub.api.driver.LinkTimeoutException;
import io.heathub.testkit.line.PtyLink;
import io.heathub.api.driver.LineSettings;
import io.heathub.testkit.peers.SocatPtyPair;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The serial link on jSerialComm against a real pty pair made by socat; the peer uses plain file streams (the kit's PtyLink). */
class SerialLinkTest {
    /** Frames are a length byte followed by that many bytes. */
    private static final FrameBoundary LENGTH_PREFIXED = (buffer, length) -> length < 1 ? -1 : 1 + (buffer[0] & 0xFF);
    private static final FrameBoundary UNTIL_SILENCE = (buffer, length) -> ReconnectingLink.UNTIL_SILENCE;
    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    @TempDir
    Path dir;

    private final SerialLinkFactory factory = new SerialLinkFactory();
    private SocatPtyPair socat;
    private PtyLink peer;
    private ManagedLink link;

    @BeforeEach
    void startCable() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(SocatPtyPair.installed(), "socat is not installed");
        socat = new SocatPtyPair(dir);
        peer = new PtyLink(socat.deviceEnd());
    }

    @AfterEach
    void stop() throws Exception {
        if (link != null) {
            link.close();
        }
        if (peer != null) {
            peer.close();
        }
        if (socat != null) {
            socat.close();
        }
    }

    @Test
    void aPtyReopensWithEvenParityAgainAndAgain() throws Exception {
        // A pty drops the parity flag; without the reset jSerialComm refused the second open (EINVAL).
        for (int i = 0; i < 4; i++) {
            try (ManagedLink l = open("?parity=even")) {
                l.send(frame("p" + i));
                assertThat(readLengthPrefixed(peer, 2000)).as("open #%d", i + 1).containsExactly(frame("p" + i));
            }
        }
    }

    @Test
    void aDriverSwitchesTheLineSettingsMidPollAndBack() throws Exception {
        link = open("?baud=9600");
        link.send(frame("sign-on"));
        assertThat(readLengthPrefixed(peer, 2000)).containsExactly(frame("sign-on"));
        assertThat(link.lineSettings()).contains(LineSettings.parse("9600 8E1"));

        // IEC 62056-21 mode C: on to the meter's proposed rate and 7E1 (a pty carries the bytes at any rate)
        link.changeLineSettings(LineSettings.parse("300 7E1"));
        assertThat(link.lineSettings()).as("what jSerialComm reports for the open port").contains(LineSettings.parse("300 7E1"));
        // the kernel holds the new rate; a Linux pty forces cs8 and no parity whatever is asked, so data
        // bits and parity are seen only as jSerialComm applied them (above)
        assertThat(stty(socat.hubEnd())).as("the port's termios").contains("300");
        write(peer, frame("data"));
        assertThat(link.receive(LENGTH_PREFIXED, TIMEOUT)).containsExactly(frame("data"));

        link.changeLineSettings(LineSettings.parse("9600 8E1"));
        assertThat(link.lineSettings()).contains(LineSettings.parse("9600 8E1"));
        assertThat(stty(socat.hubEnd())).contains("9600").doesNotContain("300");
    }

    @Test
    void aTcpLinkHasNoLineSettingsToChange() throws Exception {
        try (ManagedLink tcp = new TcpLinkFactory().open(java.net.URI.create("tcp://127.0.0.1:1"))) {
            assertThat(tcp.lineSettings()).isEmpty();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> tcp.changeLineSettings(LineSettings.parse("300 7E1")))
                    .isInstanceOf(java.io.IOException.class).hasMessageContaining("not a serial line");
        }
    }

    @Test
    void requestAndReplyTravelOverTheLine() throws Exception {
        link = open("");
        link.send(frame("hi"));
        assertThat(readLengthPrefixed(peer, 2000)).containsExactly(frame("hi"));

        write(peer, frame("hello"));
        assertThat(link.receive(LENGTH_PREFIXED, TIMEOUT)).containsExactly(frame("hello"));
        assertThat(link.uri()).isEqualTo("serial:" + socat.hubEnd());
    }

    @Test
    void receiveReturnsWhenTheBoundaryKnowsTheFrameIsCompleteWithoutWaitingForAGap() throws Exception {
        // a huge inter-byte timeout: if receive waited for silence it would take 2 s at least
        link = open("?interByteTimeout=2s");
        link.send(frame("q"));
        readLengthPrefixed(peer, 2000);
        write(peer, 0x05, 'h', 'e');
        pause(30);
        write(peer, 'l', 'l', 'o');

        long start = System.nanoTime();
        byte[] reply = link.receive(LENGTH_PREFIXED, Duration.ofSeconds(10));
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

        assertThat(reply).containsExactly(frame("hello"));
        assertThat(elapsedMillis).as("receive returned after %d ms", elapsedMillis).isLessThan(1000);
    }

    @Test
    void aFrameWhoseLengthCannotBeKnownEndsAtTheFirstSilence() throws Exception {
        link = open("?interByteTimeout=300ms");
        link.send(frame("q"));
        readLengthPrefixed(peer, 2000);
        write(peer, 'a', 'b', 'c');
        pause(30); // shorter than the inter-byte timeout: still the same frame
        write(peer, 'd', 'e', 'f');

        long start = System.nanoTime();
        byte[] reply = link.receive(UNTIL_SILENCE, Duration.ofSeconds(10));
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

        assertThat(new String(reply, StandardCharsets.US_ASCII)).isEqualTo("abcdef");
        assertThat(elapsedMillis).isBetween(250L, 5000L);
    }

    @Test
    void theDefaultInterByteTimeoutIsThreeAndAHalfCharacterTimes() throws Exception {
        link = open("?baud=9600&parity=none");
        assertThat(((SerialLink) link).interByteTimeout()).isEqualTo(Duration.ofMillis(4)); // 3.5 × 10 bits at 9600
        link.send(frame("q"));
        readLengthPrefixed(peer, 2000);
        write(peer, 'o', 'k');
        assertThat(link.receive(UNTIL_SILENCE, TIMEOUT)).containsExactly('o', 'k');
    }

    @Test
    void aTimeoutCarriesThePartialFrameAndKeepsThePortOpen() throws Exception {
        link = open("");
        link.send(frame("q"));
        readLengthPrefixed(peer, 2000);
        write(peer, 9, 1, 2);

        long start = System.nanoTime();
        assertThatThrownBy(() -> link.receive(LENGTH_PREFIXED, Duration.ofMillis(300)))
                .isInstanceOfSatisfying(LinkTimeoutException.class, e -> {
                    assertThat(e.partial()).containsExactly(9, 1, 2);
                    assertThat(e.getMessage()).startsWith("serial:" + socat.hubEnd() + ": ")
                            .contains("300 ms").contains("09 01 02");
                });
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
        assertThat(elapsedMillis).isBetween(290L, 2000L);

        link.send(frame("again"));
        assertThat(readLengthPrefixed(peer, 2000)).containsExactly(frame("again"));
    }

    @Test
    void purgeDiscardsStaleBytes() throws Exception {
        SerialLink serial = (SerialLink) open("");
        link = serial;
        serial.send(frame("q"));
        readLengthPrefixed(peer, 2000);
        write(peer, 3, 'o', 'l', 'd', 9, 9); // a late reply plus line noise
        waitFor(() -> serial.bytesWaiting() >= 6);

        serial.purge();

        assertThat(serial.bytesWaiting()).isZero();
        write(peer, frame("new"));
        assertThat(serial.receive(LENGTH_PREFIXED, TIMEOUT)).containsExactly(frame("new"));
    }

    @Test
    void exchangeSkipsTheEchoOfTheRequest() throws Exception {
        link = open("");
        byte[] request = frame("read");
        // RS-485 adapters without echo suppression hear their own request first
        CompletableFuture<Void> meter = CompletableFuture.runAsync(() -> {
            try {
                byte[] heard = readLengthPrefixed(peer, 2000);
                write(peer, heard);
                pause(20);
                write(peer, frame("42"));
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });

        byte[] reply = link.exchange(request, LENGTH_PREFIXED, TIMEOUT, r -> !Arrays.equals(r, request));

        assertThat(reply).containsExactly(frame("42"));
        meter.get(5, TimeUnit.SECONDS);
    }

    @Test
    void aVanishedPortFailsOnUseAndTheLinkReopensItWhenItIsBack() throws Exception {
        link = open("?reconnectDelay=100ms&maxReconnectDelay=200ms");
        String uri = "serial:" + socat.hubEnd();
        assertThat(echoExchange("one")).isEqualTo("one");

        // unplug: the device node goes away
        peer.close();
        peer = null;
        socat.stop();
        assertThatThrownBy(() -> link.send(frame("two")))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith(uri + ": ")
                .hasMessageContaining("next attempt in");
        pause(300); // past the back-off: the link tries to reopen and says why it cannot
        assertThatThrownBy(() -> link.send(frame("three")))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith(uri + ": " + socat.hubEnd() + " does not exist");

        // plug back in at the same path; the caller keeps using the same link object
        socat.start();
        peer = new PtyLink(socat.deviceEnd());
        AtomicBoolean stopEcho = new AtomicBoolean();
        PtyLink echoing = peer;
        CompletableFuture<Void> echo = CompletableFuture.runAsync(() -> echoUntil(echoing, stopEcho));
        String reply = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (reply == null && System.nanoTime() < deadline) {
            try {
                reply = roundTrip("four");
            } catch (IOException backingOff) {
                pause(50);
            }
        }
        stopEcho.set(true);
        echo.get(5, TimeUnit.SECONDS);
        assertThat(reply).isEqualTo("four");
    }

    @Test
    void aMissingPortIsOpenedLazilyAndNamedOnFirstUse() throws Exception {
        Path missing = dir.resolve("ttyNOPE");
        link = factory.open(URI.create("serial:" + missing)); // no I/O yet: nothing fails here

        assertThatThrownBy(() -> link.send(frame("q")))
                .isInstanceOf(IOException.class)
                .hasMessage("serial:" + missing + ": " + missing + " does not exist (adapter unplugged?), next attempt in 1 s");
    }

    @Test
    void lineSettingsReachThePort() throws Exception {
        link = open("?baud=9600&parity=odd&stopBits=2");
        link.send(frame("q")); // opens the port
        readLengthPrefixed(peer, 2000);
        // a pty forces cs8 and clears parenb, but keeps the speed, parodd and cstopb it was given
        assertThat(stty(socat.hubEnd())).contains("9600", "parodd", "cstopb", "-istrip");
    }

    @Test
    void theDefaultsAre2400BaudEvenParityOneStopBit() throws Exception {
        link = open("");
        link.send(frame("q"));
        readLengthPrefixed(peer, 2000);
        assertThat(stty(socat.hubEnd())).contains("2400", "-parodd", "-cstopb", "-istrip");
    }

    private ManagedLink open(String query) throws IOException {
        return factory.open(URI.create("serial:" + socat.hubEnd() + query));
    }

    private String echoExchange(String text) throws Exception {
        link.send(frame(text));
        write(peer, readLengthPrefixed(peer, 2000));
        byte[] reply = link.receive(LENGTH_PREFIXED, TIMEOUT);
        return new String(reply, 1, reply.length - 1, StandardCharsets.US_ASCII);
    }

    private String roundTrip(String text) throws IOException {
        byte[] reply = link.exchange(frame(text), LENGTH_PREFIXED, Duration.ofMillis(500), r -> true);
        return new String(reply, 1, reply.length - 1, StandardCharsets.US_ASCII);
    }

    private static void echoUntil(PtyLink peer, AtomicBoolean stop) {
        while (!stop.get()) {
            try {
                write(peer, readLengthPrefixed(peer, 200));
            } catch (LinkTimeoutException nothingYet) {
                // no request in this slice: look again
            } catch (IOException e) {
                return;
            }
        }
    }

    /** The port's termios as {@code stty -a} prints it, split into words. */
    private static List<String> stty(Path tty) throws Exception {
        Process p = new ProcessBuilder("stty", "-F", tty.toString(), "-a").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        assertThat(p.waitFor(5, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return Arrays.asList(out.split("[\\s;]+"));
    }

    private static byte[] frame(String text) {
        byte[] body = text.getBytes(StandardCharsets.US_ASCII);
        byte[] frame = new byte[body.length + 1];
        frame[0] = (byte) body.length;
        System.arraycopy(body, 0, frame, 1, body.length);
        return frame;
    }

    @FunctionalInterface
    private interface Condition {
        boolean holds() throws IOException;
    }

    private static void waitFor(Condition condition) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 5 s");
            }
            pause(10);
        }
    }

    /** A length-prefixed frame from the peer's end, length byte included. */
    private static byte[] readLengthPrefixed(PtyLink peer, long timeoutMillis) throws IOException {
        return peer.receive(LENGTH_PREFIXED, Duration.ofMillis(timeoutMillis));
    }

    private static void write(PtyLink peer, byte[] bytes) throws IOException {
        peer.send(bytes);
    }

    private static void write(PtyLink peer, int... bytes) throws IOException {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            b[i] = (byte) bytes[i];
        }
        peer.send(b);
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
