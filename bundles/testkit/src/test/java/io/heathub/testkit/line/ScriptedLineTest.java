package io.heathub.testkit.line;

import static io.heathub.testkit.Bytes.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.heathub.api.driver.Link;
import io.heathub.api.driver.Link.FrameBoundary;
import io.heathub.api.driver.LinkTimeoutException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** The scripted line keeps the {@link Link} contract as the transport's links do. */
class ScriptedLineTest {
    /** Frames are a length byte, then that many bytes. */
    static final FrameBoundary LENGTH_PREFIXED = (buffer, length) -> length < 1 ? -1 : 1 + (buffer[0] & 0xFF);
    private static final Duration TIMEOUT = Duration.ofMillis(300);

    /** A device at address {@code a} (byte 1 of a request) that answers [2, a, value]. */
    static ScriptedDevice device(int address, int value) {
        return ScriptedDevice.answering(r -> r.length > 1 && r[1] == address ? new byte[] {2, (byte) address, (byte) value}
                : null);
    }

    static byte[] request(int address) {
        return new byte[] {1, (byte) address};
    }

    @Test
    void anAddressedDeviceAnswersAndTheOthersStaySilent() throws Exception {
        ScriptedLine line = ScriptedLine.of(device(1, 10), device(2, 20));
        line.send(request(2));
        assertThat(line.receive(LENGTH_PREFIXED, TIMEOUT)).containsExactly(2, 2, 20);
        assertThat(line.sentHex()).containsExactly("01 02");
        assertThat(line.collisions()).isZero();
    }

    @Test
    void aPauseMovesTheLinesClockAndKeepsWhatArrivedMeanwhile() throws Exception {
        ScriptedLine line = ScriptedLine.of(device(1, 10)).inject(Duration.ofMillis(50), new byte[] {1, 7});
        Duration before = line.elapsed();
        line.pause(Duration.ofMillis(200));
        assertThat(line.elapsed().minus(before)).isEqualTo(Duration.ofMillis(200));
        assertThat(line.receive(LENGTH_PREFIXED, TIMEOUT)).containsExactly(1, 7);
        assertThat(line.elapsed().minus(before)).isEqualTo(Duration.ofMillis(200)); // it was there: no wait
        assertThatThrownBy(() -> line.pause(Duration.ofMinutes(1))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aSerialLineTakesNewSettingsAndAnOtherLineRefusesThem() throws Exception {
        ScriptedLine serial = ScriptedLine.of(device(1, 10)).serial(io.heathub.api.driver.LineSettings.parse("2400 8E1"));
        serial.changeLineSettings(io.heathub.api.driver.LineSettings.parse("300 7E1"));
        assertThat(serial.lineSettings()).contains(io.heathub.api.driver.LineSettings.parse("300 7E1"));
        ScriptedLine tcp = ScriptedLine.of(device(1, 10));
        assertThat(tcp.lineSettings()).isEmpty();
        assertThatThrownBy(() -> tcp.changeLineSettings(io.heathub.api.driver.LineSettings.parse("300 7E1")))
                .isInstanceOf(IOException.class).hasMessageContaining("not a serial line");
    }

    @Test
    void silenceIsATimeoutAfterExactlyTheTimeoutOnTheLinesClock() throws Exception {
        ScriptedLine line = ScriptedLine.of(device(1, 10)).uri("test://rs485");
        line.send(request(9));
        Duration before = line.elapsed();
        assertThatThrownBy(() -> line.receive(LENGTH_PREFIXED, TIMEOUT))
                .isInstanceOfSatisfying(LinkTimeoutException.class, e -> assertThat(e.partial()).isEmpty())
                .hasMessage("test://rs485: no complete frame within 300 ms, received 0 bytes");
        assertThat(line.elapsed().minus(before)).isEqualTo(TIMEOUT);
    }

    @Test
    void aTruncatedFrameTimesOutWithThePartialBytes() throws Exception {
        ScriptedLine line = ScriptedLine.answering(r -> hex("05 01 02"));
        line.send(request(1));
        assertThatThrownBy(() -> line.receive(LENGTH_PREFIXED, TIMEOUT))
                .isInstanceOfSatisfying(LinkTimeoutException.class, e -> assertThat(e.partial()).containsExactly(5, 1, 2))
                .hasMessageEndingWith("received 3 bytes: 05 01 02");
    }

    @Test
    void theBoundaryIsAskedAfterEveryByteAndBytesAfterTheFrameWaitForTheNextReceive() throws Exception {
        List<Integer> asked = new ArrayList<>();
        FrameBoundary counting = (buffer, length) -> {
            asked.add(length);
            return LENGTH_PREFIXED.frameLength(buffer, length);
        };
        ScriptedLine line = ScriptedLine.answering(r -> hex("02 AA BB 01 CC"));
        line.send(request(1));
        assertThat(line.receive(counting, TIMEOUT)).containsExactly(2, 0xAA, 0xBB);
        assertThat(asked).containsExactly(1, 2, 3);
        assertThat(line.receive(LENGTH_PREFIXED, TIMEOUT)).containsExactly(1, 0xCC);
    }

    @Test
    void theEchoComesFirstAndSeveralAnswersCollideIntoGarbage() throws Exception {
        ScriptedLine line = ScriptedLine.of(ScriptedDevice.answering(r -> hex("E5")),
                ScriptedDevice.answering(r -> hex("E5"))).echo();
        line.send(hex("10 40 FD 3D 16"));
        assertThat(line.receive((b, n) -> 5, TIMEOUT)).isEqualTo(hex("10 40 FD 3D 16"));
        assertThat(line.receive((b, n) -> 1, TIMEOUT)).isEqualTo(hex("F7")); // E5 | E5 rotated right by one bit
        assertThat(line.collisions()).isEqualTo(1);
    }

    @Test
    void purgeDropsWhatArrivedButNotWhatIsStillOnItsWay() throws Exception {
        ScriptedLine line = ScriptedLine.answering(r -> null);
        line.inject(hex("01 99")).inject(Duration.ofMillis(200), hex("01 42"));
        line.purge();
        assertThat(line.purges()).isEqualTo(1);
        assertThat(line.receive(LENGTH_PREFIXED, TIMEOUT)).containsExactly(1, 0x42);
        assertThat(line.elapsed()).isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void aReplyLaterThanTheTimeoutIsMissedAndThenPurgedBeforeTheNextRequest() throws Exception {
        ScriptedLine line = ScriptedLine.of(r -> Reply.after(Duration.ofMillis(500), new byte[] {2, r[1], 7}));
        assertThatThrownBy(() -> line.exchange(request(1), LENGTH_PREFIXED, TIMEOUT, r -> true))
                .isInstanceOf(LinkTimeoutException.class);
        line.inject(Duration.ofMillis(300), hex("01 55")); // arrives after the late reply
        assertThat(line.receive(LENGTH_PREFIXED, Duration.ofSeconds(1))).containsExactly(2, 1, 7);
        assertThat(line.exchange(request(2), LENGTH_PREFIXED, Duration.ofSeconds(1), r -> r[0] == 2))
                .containsExactly(2, 2, 7);
    }

    @Test
    void aReplyInTwoBurstsIsOneFrameWhenTheTimeoutCoversTheGap() throws Exception {
        ScriptedLine line = ScriptedLine.of(r -> Reply.of(hex("03 01")).then(Duration.ofMillis(100), hex("02 03")));
        line.send(request(1));
        assertThat(line.receive(LENGTH_PREFIXED, TIMEOUT)).containsExactly(3, 1, 2, 3);
        assertThat(line.elapsed()).isEqualTo(Duration.ofMillis(100));
        line.send(request(1));
        assertThatThrownBy(() -> line.receive(LENGTH_PREFIXED, Duration.ofMillis(50)))
                .isInstanceOfSatisfying(LinkTimeoutException.class, e -> assertThat(e.partial()).containsExactly(3, 1));
    }

    @Test
    void closeLosesWhatWasInFlightAndTheLineWorksAgain() throws Exception {
        ScriptedLine line = ScriptedLine.of(device(1, 10));
        line.send(request(1));
        line.close();
        assertThat(line.closes()).isEqualTo(1);
        assertThatThrownBy(() -> line.receive(LENGTH_PREFIXED, TIMEOUT)).isInstanceOf(LinkTimeoutException.class);
        line.send(request(1));
        assertThat(line.receive(LENGTH_PREFIXED, TIMEOUT)).containsExactly(2, 1, 10);
    }

    @Test
    void awaitSilenceDrainsAChattyTailAndSaysWhenTheLineStaysBusy() throws Exception {
        ScriptedLine line = ScriptedLine.answering(r -> null);
        line.inject(hex("AA")).inject(Duration.ofMillis(30), hex("BB")).inject(Duration.ofMillis(60), hex("CC"));
        assertThat(line.awaitSilence(Duration.ofMillis(50), Duration.ofSeconds(1))).isTrue();
        assertThat(line.elapsed()).isEqualTo(Duration.ofMillis(110));

        for (int i = 1; i <= 40; i++) {
            line.inject(Duration.ofMillis(10L * i), hex("EE"));
        }
        assertThat(line.awaitSilence(Duration.ofMillis(50), Duration.ofMillis(200))).isFalse();
    }

    /**
     * The line's own exchange on its virtual clock gives what the API's default exchange gives in
     * real time, for the cases drivers meet: echo, a foreign frame, a late reply, silence.
     */
    @Test
    void exchangeOnTheVirtualClockMatchesTheApisDefaultInRealTime() throws Exception {
        List<ScriptedDevice> scripts = List.of(
                r -> Reply.of(Arrays.copyOf(r, r.length)).then(Duration.ofMillis(20), new byte[] {2, r[1], 1}),
                r -> Reply.of(new byte[] {2, 9, 9}).then(Duration.ofMillis(10), new byte[] {2, r[1], 2}),
                r -> Reply.after(Duration.ofMillis(400), new byte[] {2, r[1], 3}),
                r -> Reply.silence());
        Predicate<byte[]> ours = r -> r[0] == 2 && r[1] == 1;
        for (ScriptedDevice script : scripts) {
            String virtual = outcome(ScriptedLine.of(script), ours);
            ScriptedLine real = ScriptedLine.of(script).inRealTime();
            Link apiDefault = new Link() { // no override: the interface's own exchange
                @Override
                public String uri() {
                    return real.uri();
                }

                @Override
                public void send(byte[] frame) {
                    real.send(frame);
                }

                @Override
                public byte[] receive(FrameBoundary frame, Duration timeout) throws IOException {
                    return real.receive(frame, timeout);
                }

                @Override
                public void purge() {
                    real.purge();
                }
            };
            assertThat(virtual).isEqualTo(outcome(apiDefault, ours));
        }
    }

    private static String outcome(Link link, Predicate<byte[]> ours) {
        try {
            return Arrays.toString(link.exchange(request(1), LENGTH_PREFIXED, TIMEOUT, ours));
        } catch (LinkTimeoutException e) { // the message holds the milliseconds left: real time leaves 299 of 300
            return "timeout, partial " + Arrays.toString(e.partial());
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Test
    void theRealTimeLineWaitsForReal() throws Exception {
        ScriptedLine line = ScriptedLine.of(device(1, 10)).inRealTime();
        long start = System.nanoTime();
        line.send(request(5));
        assertThatThrownBy(() -> line.receive(LENGTH_PREFIXED, Duration.ofMillis(200)))
                .isInstanceOf(LinkTimeoutException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(190), Duration.ofSeconds(2));
    }

    @Test
    void devicesCanBeSwappedMidTest() throws Exception {
        ScriptedLine line = ScriptedLine.of(device(1, 10));
        line.devices(device(1, 11));
        line.send(request(1));
        assertThat(line.receive(LENGTH_PREFIXED, TIMEOUT)).containsExactly(2, 1, 11);
    }
}
