package io.heathub.simulator.meters;

import static org.assertj.core.api.Assertions.assertThat;

import com.ghgande.j2mod.modbus.facade.ModbusTCPMaster;
import com.ghgande.j2mod.modbus.procimg.Register;
import io.heathub.api.Points;
import io.heathub.driver.cjt188.Cjt188Codec;
import io.heathub.simulator.SiteSimulator;
import io.heathub.testkit.peers.SocatPtyPair;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two meter lines on socat ptys and two panel gateways served by one {@link SiteSimulator}. */
class SiteSimulatorTest {

    @Test
    void eachLineAnswersOnlyItsOwnMetersAndEachGatewayItsPanels(@TempDir Path dir) throws Exception {
        List<SocatPtyPair> pairs = new ArrayList<>();
        try {
            pairs.add(new SocatPtyPair(dir.resolve("line1")));
            pairs.add(new SocatPtyPair(dir.resolve("line2")));
            SiteSimulator.Layout layout = new SiteSimulator.Layout(List.of(pairs.get(0).deviceEnd(),
                    pairs.get(1).deviceEnd()), 3, MeterLine.Timing.fast(), InetAddress.getLoopbackAddress(),
                    List.of(0, 0), 5);
            try (SiteSimulator site = SiteSimulator.start(layout);
                 Master line1 = Master.pty(pairs.get(0).hubEnd());
                 Master line2 = Master.pty(pairs.get(1).hubEnd())) {
                assertThat(SiteSimulator.meterAddress(2, 3)).isEqualTo("20100002000003");
                byte[] meter23 = Cjt188Codec.readCurrentData(2, 0x20, SiteSimulator.meterAddress(2, 3), 1);
                assertThat(Decoded.cjt188(line2.exchange(meter23), "after")).containsKey(Points.HEAT_ENERGY);
                line1.send(meter23);
                assertThat(line1.receiveFrame(Duration.ofMillis(500))).isEmpty(); // not a meter of line 1
                byte[] meter11 = Cjt188Codec.readCurrentData(2, 0x20, SiteSimulator.meterAddress(1, 1), 2);
                assertThat(Decoded.cjt188(line1.exchange(meter11), "after")).containsKey(Points.HEAT_ENERGY);

                assertThat(site.gatewayPorts()).hasSize(2).doesNotHaveDuplicates().allMatch(p -> p > 0);
                assertThat(site.banner()).hasSize(4);
                for (int port : site.gatewayPorts()) {
                    ModbusTCPMaster master = new ModbusTCPMaster("127.0.0.1", port);
                    master.connect();
                    try {
                        Register[] panel5 = master.readMultipleRegisters(5, 0, 13);
                        assertThat(panel5[0].getValue()).isEqualTo(1); // powered on
                        assertThat(panel5[8].getValue() / 10.0).isBetween(10.0, 30.0); // room temperature
                    } finally {
                        master.disconnect();
                    }
                }
            }
        } finally {
            for (SocatPtyPair pair : pairs) {
                pair.close();
            }
        }
    }
}
