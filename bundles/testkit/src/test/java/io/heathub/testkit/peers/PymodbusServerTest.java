package io.heathub.testkit.peers;

import static io.heathub.testkit.Bytes.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.heathub.api.driver.Link.FrameBoundary;
import io.heathub.testkit.Bytes;
import io.heathub.testkit.line.PtyLink;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** pymodbus answers raw Modbus requests with the tables the test gave it, over every medium the kit offers. */
class PymodbusServerTest {
    private static final Map<Integer, Map<String, int[]>> UNITS = Map.of(
            1, Map.of("hr", new int[] {11, 22, 33}, "busy", new int[] {2}),
            7, Map.of("ir", new int[] {500}, "co", new int[] {1, 0, 1}));

    @TempDir
    Path dir;

    @Test
    void modbusTcpServesHoldingRegistersCoilsAndTheExceptionsAsked() throws Exception {
        try (PymodbusServer server = PymodbusServer.tcp(UNITS);
             Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            socket.setSoTimeout(3000);
            // MBAP: transaction 1, protocol 0, length 6, unit 1; FC 03 from 0, 3 registers
            socket.getOutputStream().write(hex("00 01 00 00 00 06 01 03 00 00 00 03"));
            assertThat(read(socket.getInputStream(), 15)).isEqualTo(hex("00 01 00 00 00 09 01 03 06 00 0B 00 16 00 21"));
            // the "busy" start address answers exception 06
            socket.getOutputStream().write(hex("00 02 00 00 00 06 01 03 00 02 00 01"));
            assertThat(read(socket.getInputStream(), 9)).isEqualTo(hex("00 02 00 00 00 03 01 83 06"));
            // past the table's end: exception 02
            socket.getOutputStream().write(hex("00 03 00 00 00 06 07 04 00 00 00 02"));
            assertThat(read(socket.getInputStream(), 9)).isEqualTo(hex("00 03 00 00 00 03 07 84 02"));
            // coils 1 0 1 as bits
            socket.getOutputStream().write(hex("00 04 00 00 00 06 07 01 00 00 00 03"));
            assertThat(read(socket.getInputStream(), 10)).isEqualTo(hex("00 04 00 00 00 04 07 01 01 05"));
        }
    }

    @Test
    void rtuOverTcpAndOnASerialLineCarryCrcFrames() throws Exception {
        byte[] request = withCrc(hex("07 04 00 00 00 01"));
        byte[] reply = withCrc(hex("07 04 02 01 F4"));
        try (PymodbusServer server = PymodbusServer.rtuOverTcp(UNITS);
             Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            socket.setSoTimeout(3000);
            socket.getOutputStream().write(request);
            assertThat(read(socket.getInputStream(), reply.length)).isEqualTo(reply);
        }
        try (SocatPtyPair pair = new SocatPtyPair(dir);
             PymodbusServer server = PymodbusServer.rtuOnSerial(UNITS, pair.deviceEnd());
             PtyLink hub = new PtyLink(pair.hubEnd())) {
            assertThat(server.port()).isEqualTo(-1);
            FrameBoundary sevenBytes = (b, n) -> 7;
            assertThat(hub.exchange(request, sevenBytes, Duration.ofSeconds(3), r -> true)).isEqualTo(reply);
        }
    }

    @Test
    void aStoppedServerCanBeStartedAgainOnItsPort() throws Exception {
        int port;
        try (PymodbusServer first = PymodbusServer.tcp(Map.of(1, Map.of("hr", new int[] {1})))) {
            port = first.port();
        }
        try (PymodbusServer second = PymodbusServer.tcp(Map.of(1, Map.of("hr", new int[] {2})), port);
             Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(3000);
            socket.getOutputStream().write(hex("00 01 00 00 00 06 01 03 00 00 00 01"));
            assertThat(read(socket.getInputStream(), 11)).isEqualTo(hex("00 01 00 00 00 05 01 03 02 00 02"));
        }
    }

    @Test
    void aTypoInATableNameIsRefusedAndAFailedStartShowsPymodbusOutput() {
        assertThatThrownBy(() -> PymodbusServer.tcp(Map.of(1, Map.of("holding", new int[] {1}))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown table \"holding\"");
        assertThatThrownBy(() -> PymodbusServer.rtuOnSerial(UNITS, dir.resolve("no-such-tty")))
                .hasMessageContaining("pymodbus did not start serving RTU_SERIAL on " + dir.resolve("no-such-tty"));
    }

    private static byte[] read(InputStream in, int count) throws Exception {
        byte[] bytes = new byte[count];
        int n = 0;
        while (n < count) {
            int r = in.read(bytes, n, count - n);
            assertThat(r).as("closed after %s", Bytes.hex(Arrays.copyOf(bytes, n))).isPositive();
            n += r;
        }
        return bytes;
    }

    /** Modbus CRC-16 (poly A001, init FFFF), low byte first. */
    static byte[] withCrc(byte[] frame) {
        int crc = 0xFFFF;
        for (byte b : frame) {
            crc ^= b & 0xFF;
            for (int i = 0; i < 8; i++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0xA001 : crc >>> 1;
            }
        }
        byte[] out = Arrays.copyOf(frame, frame.length + 2);
        out[frame.length] = (byte) crc;
        out[frame.length + 1] = (byte) (crc >>> 8);
        return out;
    }
}
