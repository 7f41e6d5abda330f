package io.heathub.driver.modbus;

import static io.heathub.testkit.Bytes.concat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.heathub.api.Quality;
import io.heathub.api.Reading;
import io.heathub.api.driver.Command;
import io.heathub.api.driver.CommandResult;
import io.heathub.api.driver.DeviceConfig;
import io.heathub.api.driver.DeviceException;
import io.heathub.api.driver.DeviceSession;
import io.heathub.api.driver.LinkFactory.ManagedLink;
import io.heathub.testkit.line.ScriptedLine;
import io.heathub.testkit.line.ScriptedTcpPeer;
import io.heathub.transport.TcpLinkFactory;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replies a standard server does not give (stale, foreign, truncated, garbage), from a scripted
 * TCP peer (the test kit's) that answers each request frame with whatever the test returns.
 */
class ModbusFramingTest {
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
    void aStaleReplyToAnEarlierTransactionIsSkipped() throws Exception {
        DeviceSession session = open(request -> concat(
                reply(tid(request) - 1, 1, new byte[] {3, 2, 0, 99}),     // late answer to the previous request
                reply(tid(request), 1, new byte[] {3, 2, 0, 42})));
        assertThat(session.read(Set.of())).singleElement()
                .satisfies(r -> assertThat(r.value()).isEqualByComparingTo("42"));
    }

    /**
     * The connection is purged only after trouble (a purge is a system call per poll otherwise):
     * bytes a server sent unasked behind a clean reply cost the next poll a clear MALFORMED, and
     * the poll after that purges and reads again.
     */
    @Test
    void garbageAfterACleanReplyFailsOnePollClearlyAndThePurgeAfterItRecovers() throws Exception {
        java.util.concurrent.atomic.AtomicInteger requests = new java.util.concurrent.atomic.AtomicInteger();
        DeviceSession session = open(request -> {
            byte[] answer = reply(tid(request), 1, new byte[] {3, 2, 0, 42});
            return requests.incrementAndGet() == 1
                    ? concat(answer, new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x7F, 0x7F})
                    : answer;
        });
        assertThat(session.read(Set.of())).singleElement()
                .satisfies(r -> assertThat(r.value()).isEqualByComparingTo("42"));
        assertThatThrownBy(() -> session.read(Set.of()))
                .isInstanceOfSatisfying(DeviceException.class, e -> assertThat(e.kind()).isEqualTo(DeviceException.Kind.MALFORMED))
                .hasMessageContaining("not a Modbus TCP reply: FF FF FF FF 7F 7F");
        assertThat(session.read(Set.of())).singleElement()
                .satisfies(r -> assertThat(r.value()).isEqualByComparingTo("42"));
    }

    @Test
    void aReplyFromAnotherUnitIsMalformed() throws Exception {
        DeviceSession session = open(request -> reply(tid(request), 9, new byte[] {3, 2, 0, 42}));
        assertThatThrownBy(() -> session.read(Set.of()))
                .isInstanceOfSatisfying(DeviceException.class, e -> assertThat(e.kind()).isEqualTo(DeviceException.Kind.MALFORMED))
                .hasMessageStartingWith("unit 1: ")
                .hasMessageContaining("reply from unit 9, expected unit 1");
    }

    @Test
    void noReplyIsATimeoutShowingTheRequest() throws Exception {
        DeviceSession session = open(request -> null);
        long start = System.nanoTime();
        assertThatThrownBy(() -> session.read(Set.of()))
                .isInstanceOfSatisfying(DeviceException.class, e -> assertThat(e.kind()).isEqualTo(DeviceException.Kind.TIMEOUT))
                .hasMessageContaining("read holding registers 4..4 (a): no reply within 300 ms; request was 00 01 00 00 00 06 01 03 00 04 00 01");
        assertThat((System.nanoTime() - start) / 1_000_000).isBetween(290L, 2000L);
    }

    @Test
    void aTruncatedReplyIsATimeoutShowingTheBytes() throws Exception {
        DeviceSession session = open(request -> java.util.Arrays.copyOf(reply(tid(request), 1, new byte[] {3, 2, 0, 42}), 9));
        assertThatThrownBy(() -> session.read(Set.of()))
                .isInstanceOfSatisfying(DeviceException.class, e -> assertThat(e.kind()).isEqualTo(DeviceException.Kind.TIMEOUT))
                .hasMessageContaining("(got 9 bytes: 00 01 00 00 00 05 01 03 02)");
    }

    @Test
    void garbageIsMalformedWithItsHex() throws Exception {
        DeviceSession session = open(request -> new byte[] {'H', 'T', 'T', 'P', '/', '1', '.', '1', ' ', '4', '0', '0'});
        assertThatThrownBy(() -> session.read(Set.of()))
                .isInstanceOfSatisfying(DeviceException.class, e -> assertThat(e.kind()).isEqualTo(DeviceException.Kind.MALFORMED))
                .hasMessageContaining("not a Modbus TCP reply: 48 54 54 50 2F 31");
    }

    @Test
    void aWriteThatDoesNotStickFails() throws Exception {
        DeviceSession session = open(request -> request[7] == 6
                ? reply(tid(request), 1, java.util.Arrays.copyOfRange(request, 7, 12))  // echo: accepted
                : reply(tid(request), 1, new byte[] {3, 2, 0, 7}));                    // but still 7
        CommandResult result = session.execute(new Command("r1", "dev", "a", new BigDecimal("50"), "test"));
        assertThat(result.status()).isEqualTo(CommandResult.Status.FAILED);
        assertThat(result.message()).contains("a: wrote 50 but read back 7");
    }

    @Test
    void aNanFloatIsABadReadingNotAMissingOne() throws Exception {
        Files.createDirectories(configDir.resolve("profiles"));
        Files.writeString(configDir.resolve("profiles/p.yaml"),
                "name: p\npoints:\n  - { point: f, address: 0, type: float32, unit: °C }\n");
        DeviceSession session = open(request -> reply(tid(request), 1, new byte[] {3, 4, 0x7F, (byte) 0xC0, 0, 0}));
        List<Reading> readings = session.read(Set.of());
        assertThat(readings).singleElement().satisfies(r -> {
            assertThat(r.quality()).isEqualTo(Quality.BAD);
            assertThat(r.reason()).contains("NaN");
        });
    }

    private DeviceSession open(UnaryOperator<byte[]> responder) throws Exception {
        Path profile = configDir.resolve("profiles/p.yaml");
        if (!Files.exists(profile)) {
            Files.createDirectories(profile.getParent());
            Files.writeString(profile, "name: p\npoints:\n  - { point: a, address: 4, type: int16, writable: true, min: 0, max: 100 }\n");
        }
        // MBAP: the length field (bytes 4-5) counts what follows it
        peer = new ScriptedTcpPeer(ScriptedLine.answering(responder),
                (b, n) -> n < 6 ? -1 : 6 + (((b[4] & 0xFF) << 8) | (b[5] & 0xFF)));
        link = new TcpLinkFactory().open(URI.create(peer.uri()));
        DeviceConfig device = new DeviceConfig("dev", "modbus", "bus", "1", Map.of("profile", "p", "timeout", "300ms"),
                Duration.ofSeconds(5), configDir, "site.yaml:1");
        return new ModbusDriver().open(device, link);
    }

    private static int tid(byte[] request) {
        return ((request[0] & 0xFF) << 8) | (request[1] & 0xFF);
    }

    private static byte[] reply(int tid, int unit, byte[] pdu) {
        byte[] frame = new byte[7 + pdu.length];
        frame[0] = (byte) (tid >>> 8);
        frame[1] = (byte) tid;
        frame[4] = (byte) ((pdu.length + 1) >>> 8);
        frame[5] = (byte) (pdu.length + 1);
        frame[6] = (byte) unit;
        System.arraycopy(pdu, 0, frame, 7, pdu.length);
        return frame;
    }

}
