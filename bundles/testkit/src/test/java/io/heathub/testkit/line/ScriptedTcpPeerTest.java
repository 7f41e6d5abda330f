package io.heathub.testkit.line;

import static io.heathub.testkit.Bytes.hex;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The scripted line behind a real loopback TCP socket, in real time. */
class ScriptedTcpPeerTest {

    @Test
    void requestsAreCutByTheBoundaryAndTheLineAnswersOverTheSocket() throws Exception {
        ScriptedLine line = ScriptedLine.of(ScriptedLineTest.device(1, 10), ScriptedLineTest.device(2, 20)).echo();
        try (ScriptedTcpPeer peer = new ScriptedTcpPeer(line, ScriptedLineTest.LENGTH_PREFIXED);
             Socket socket = new Socket(InetAddress.getLoopbackAddress(), peer.port())) {
            socket.setSoTimeout(2000);
            // two requests in one write, the second split: the boundary cuts them apart
            socket.getOutputStream().write(hex("01 02 01"));
            socket.getOutputStream().flush();
            Thread.sleep(50);
            socket.getOutputStream().write(hex("01"));
            socket.getOutputStream().flush();

            assertThat(readExactly(socket.getInputStream(), 10)).isEqualTo(hex("01 02 02 02 14 01 01 02 01 0A"));
            assertThat(line.sentHex()).containsExactly("01 02", "01 01");
            assertThat(peer.uri()).isEqualTo("tcp://127.0.0.1:" + peer.port());
            assertThat(peer.connections()).isEqualTo(1);
        }
    }

    @Test
    void aDelayedReplyArrivesThatMuchLater() throws Exception {
        ScriptedLine line = ScriptedLine.of(r -> Reply.after(Duration.ofMillis(300), hex("01 AA")));
        try (ScriptedTcpPeer peer = new ScriptedTcpPeer(line, ScriptedLineTest.LENGTH_PREFIXED);
             Socket socket = new Socket(InetAddress.getLoopbackAddress(), peer.port())) {
            socket.setSoTimeout(3000);
            long start = System.nanoTime();
            socket.getOutputStream().write(hex("01 07"));
            assertThat(readExactly(socket.getInputStream(), 2)).isEqualTo(hex("01 AA"));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(280), Duration.ofSeconds(2));
        }
    }

    private static byte[] readExactly(InputStream in, int count) throws Exception {
        byte[] bytes = new byte[count];
        int n = 0;
        while (n < count) {
            int r = in.read(bytes, n, count - n);
            assertThat(r).as("peer closed after %d bytes", n).isPositive();
            n += r;
        }
        return bytes;
    }
}
