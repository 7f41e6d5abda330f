package io.heathub.simulator.meters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.heathub.driver.cjt188.Cjt188Codec;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The mixed line behind a TCP port, like a serial-over-TCP converter. */
class MeterLineTcpTest extends MeterLineScenarios {

    @Override
    Served serve(MeterLine line) throws Exception {
        TcpMeterLineServer server = TcpMeterLineServer.start(line, InetAddress.getLoopbackAddress(), 0);
        return new Served(Master.tcp(server.port()), server);
    }

    @Test
    void aSecondConnectionIsServedAfterTheFirstClosesAndClosingFreesThePort() throws Exception {
        MeterLine line = new MeterLine(MeterPopulation.DEMO.build(1, WinterMorning.environment(clock)), MeterLine.Timing.fast());
        TcpMeterLineServer server = TcpMeterLineServer.start(line, InetAddress.getLoopbackAddress(), 0);
        int port = server.port();
        byte[] request = Cjt188Codec.readCurrentData(0, 0x20, "20100000000002", 1);
        try (Master first = Master.tcp(port)) {
            assertThat(Cjt188Codec.parseReply(first.exchange(request)).address()).isEqualTo("20100000000002");
        }
        try (Master second = Master.tcp(port)) {
            assertThat(Cjt188Codec.parseReply(second.exchange(request)).address()).isEqualTo("20100000000002");
            server.close();
        }
        assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), port).close())
                .isInstanceOf(ConnectException.class);
    }

    @Test
    void aTakenPortFailsWithItsAddress() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            MeterLine line = new MeterLine(List.of(), MeterLine.Timing.fast());
            assertThatThrownBy(() -> TcpMeterLineServer.start(line, InetAddress.getLoopbackAddress(), taken.getLocalPort()))
                    .isInstanceOf(IOException.class).hasMessageContaining(":" + taken.getLocalPort());
        }
    }

    @Test
    void theTurnaroundIsExposedForBenchmarks() {
        MeterLine line = new MeterLine(List.of(), new MeterLine.Timing(2400, Duration.ofMillis(25), false));
        assertThat(line.turnaround()).isEqualTo(Duration.ofMillis(25));
        // 20-byte request + 63-byte reply at 2400 baud, 11 bits each, plus 25 ms
        assertThat(line.minimumExchangeTime(20, 63).toMillis()).isEqualTo(405);
        assertThat(MeterLine.Timing.fast().lineTime(100)).isEqualTo(Duration.ZERO);
    }
}
