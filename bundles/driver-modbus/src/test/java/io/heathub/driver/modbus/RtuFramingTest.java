package io.heathub.driver.modbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.heathub.api.driver.CommandResult;
import io.heathub.api.driver.DeviceConfig;
import io.heathub.api.driver.DeviceException;
import io.heathub.api.driver.DeviceSession;
import io.heathub.api.driver.LinkFactory.ManagedLink;
import io.heathub.testkit.line.Reply;
import io.heathub.testkit.line.ScriptedLine;
import io.heathub.testkit.line.ScriptedTcpPeer;
import io.heathub.transport.TcpLinkFactory;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RTU framing against a scripted peer behind a TCP "serial converter": what a shared RS-485 line
 * produces and a good server never does (echo, other units, late replies, bad CRC, slow bytes).
 * Each request is answered by the chunks the test returns, 40 ms apart.
 */
class RtuFramingTest {
    @TempDir
    Path configDir;
    private ScriptedTcpPeer peer;
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
    void requestsCarryTheStandardCrc() throws Exception {
        DeviceSession session = open("1s", request -> List.of(reply(1, 3, 2, 0, 42)));
        session.read(Set.of());
        // read 1 holding register at 4 from unit 1; CRCs as computed by an independent implementation
        assertThat(requests()).singleElement().satisfies(r -> assertThat(ModbusFraming.HEX.formatHex(r))
                .isEqualTo("01 03 00 04 00 01 C5 CB"));
        assertThat(ModbusFraming.HEX.formatHex(RtuFraming.frame(1, new byte[] {3, 0, 0, 0, 1})))
                .isEqualTo("01 03 00 00 00 01 84 0A");
        assertThat(ModbusFraming.HEX.formatHex(reply(1, 3, 2, 0, 42))).isEqualTo("01 03 02 00 2A 39 9B");
    }

    @Test
    void theRs485EchoOfTheRequestIsSkipped() throws Exception {
        DeviceSession session = open("1s", request -> List.of(request, reply(1, 3, 2, 0, 42)));
        assertThat(session.read(Set.of())).singleElement()
                .satisfies(r -> assertThat(r.value()).isEqualByComparingTo("42"));
    }

    @Test
    void repliesFromOtherUnitsAndLateRepliesAreSkipped() throws Exception {
        DeviceSession session = open("1s", request -> List.of(
                reply(7, 3, 2, 0, 99),          // another unit answering on the shared line
                reply(1, 6, 0, 0, 0, 1),        // our own late answer to an earlier write
                reply(1, 3, 2, 0, 42)));
        assertThat(session.read(Set.of())).singleElement()
                .satisfies(r -> assertThat(r.value()).isEqualByComparingTo("42"));
    }

    @Test
    void aWriteOnAnEchoingLineIsConfirmedByItsReadBack() throws Exception {
        int[] register = {0};
        DeviceSession session = open("1s", request -> {
            if (request[1] == 6) {
                register[0] = ((request[4] & 0xFF) << 8) | (request[5] & 0xFF);
                return List.of(request, request.clone()); // echo, then the device's identical reply
            }
            return List.of(request, reply(1, 3, 2, register[0] >>> 8, register[0] & 0xFF));
        });
        CommandResult result = session.execute(ModbusDriverAgainstPymodbusTest.command("a", "57"));
        assertThat(result.status()).as(result.message()).isEqualTo(CommandResult.Status.DONE);
        assertThat(result.readBack()).hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("57"));
    }

    @Test
    void aBadCrcIsAChecksumErrorWithTheHex() throws Exception {
        DeviceSession session = open("1s", request -> {
            byte[] bad = reply(1, 3, 2, 0, 42);
            bad[bad.length - 1] ^= 0x01;
            return List.of(bad);
        });
        assertThatThrownBy(() -> session.read(Set.of()))
                .isInstanceOfSatisfying(DeviceException.class, e -> assertThat(e.kind()).isEqualTo(DeviceException.Kind.CHECKSUM))
                .hasMessageContaining("read holding registers 4..4 (a): CRC is 39 9A, computed 39 9B: 01 03 02 00 2A 39 9A");
    }

    @Test
    void receiveReturnsAsSoonAsTheFrameIsCompleteEvenWhenItArrivesInPieces() throws Exception {
        DeviceSession session = open("3s", request -> {
            byte[] whole = reply(1, 3, 2, 0, 42);
            return List.of(Arrays.copyOf(whole, 3), Arrays.copyOfRange(whole, 3, whole.length));
        });
        long start = System.nanoTime();
        assertThat(session.read(Set.of())).singleElement()
                .satisfies(r -> assertThat(r.value()).isEqualByComparingTo("42"));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(millis).as("no silence wait, no timeout wait").isLessThan(1500);
    }

    @Test
    void anIncompleteFrameIsATimeoutShowingWhatCame() throws Exception {
        DeviceSession session = open("300ms", request -> List.of(Arrays.copyOf(reply(1, 3, 2, 0, 42), 4)));
        assertThatThrownBy(() -> session.read(Set.of()))
                .isInstanceOfSatisfying(DeviceException.class, e -> assertThat(e.kind()).isEqualTo(DeviceException.Kind.TIMEOUT))
                .hasMessageContaining("no reply within 300 ms (got 4 bytes: 01 03 02 00); request was 01 03 00 04 00 01 C5 CB");
    }

    /** Issue 15 item 4: the partial bytes of a timeout were all quoted (hundreds of MB with a streaming peer). */
    @Test
    void aLongIncompleteFrameIsQuotedByItsFirst64Bytes() throws Exception {
        byte[] partial = new byte[203];
        partial[0] = 1;
        partial[1] = 3;
        partial[2] = (byte) 0xFF; // 255 data bytes announced, 200 sent
        DeviceSession session = open("300ms", request -> List.of(partial));
        assertThatThrownBy(() -> session.read(Set.of()))
                .isInstanceOfSatisfying(DeviceException.class, e -> assertThat(e.kind()).isEqualTo(DeviceException.Kind.TIMEOUT))
                .hasMessageContaining("no reply within 300 ms (got 203 bytes: 01 03 FF 00 00")
                .hasMessageContaining(" … (203 bytes)); request was 01 03 00 04 00 01 C5 CB")
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(400));
    }

    @Test
    void anExceptionReplyIsANak() throws Exception {
        DeviceSession session = open("1s", request -> List.of(reply(1, 0x83, 2)));
        assertThatThrownBy(() -> session.read(Set.of()))
                .isInstanceOfSatisfying(DeviceException.class, e -> assertThat(e.kind()).isEqualTo(DeviceException.Kind.NAK))
                .hasMessageContaining("illegal data address (Modbus exception 2)");
    }

    /** A reply frame with its CRC: unit, then the PDU bytes. */
    static byte[] reply(int unit, int... pdu) {
        byte[] body = new byte[pdu.length];
        for (int i = 0; i < pdu.length; i++) {
            body[i] = (byte) pdu[i];
        }
        return RtuFraming.frame(unit, body);
    }

    private DeviceSession open(String timeout, Function<byte[], List<byte[]>> responder) throws Exception {
        Path profile = configDir.resolve("profiles/p.yaml");
        Files.createDirectories(profile.getParent());
        Files.writeString(profile, "name: p\npoints:\n  - { point: a, address: 4, type: int16, writable: true, min: 0, max: 100 }\n");
        peer = new ScriptedTcpPeer(ScriptedLine.of(request -> pieces(responder.apply(request))), RtuFramingTest::requestLength);
        link = new TcpLinkFactory().open(URI.create(peer.uri()));
        DeviceConfig device = new DeviceConfig("dev", "modbus", "bus", "1",
                Map.of("profile", "p", "timeout", timeout, "framing", "rtu"), Duration.ofSeconds(5), configDir, "site.yaml:1");
        return new ModbusDriver().open(device, link);
    }

    /** An RTU request's length: unit, function, address and count, the byte count and data of FC 0F/10, CRC. */
    private static int requestLength(byte[] b, int length) {
        if (length < 7) {
            return -1;
        }
        int function = b[1] & 0xFF;
        return 7 + (function == 0x0F || function == 0x10 ? (b[6] & 0xFF) + 2 : 1);
    }

    /** The chunks one after the other, 40 ms apart, as a converter passes on a slow serial line. */
    private static Reply pieces(List<byte[]> chunks) {
        Reply reply = Reply.silence();
        for (byte[] chunk : chunks) {
            reply = reply.isSilent() ? Reply.of(chunk) : reply.then(Duration.ofMillis(40), chunk);
        }
        return reply;
    }

    /** The requests the peer heard. */
    private List<byte[]> requests() {
        return peer.line().sent();
    }
}
