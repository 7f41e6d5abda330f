package io.heathub.driver.wmbus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.heathub.api.Reading;
import io.heathub.api.driver.DeviceConfig;
import io.heathub.api.driver.DeviceException;
import io.heathub.api.driver.DeviceException.Kind;
import io.heathub.api.driver.DeviceSession;
import io.heathub.testkit.line.PtyLink;
import io.heathub.testkit.peers.SocatPtyPair;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The driver on a real serial medium: a socat pty pair, a thread on the far end playing the
 * iM871A (it answers pings and, 300 ms later, passes on two telegrams in one write, another
 * meter's first, as a receiver's USB chunking may), in real time.
 */
class SocatReceiverTest {
    @TempDir
    Path dir;

    @Test
    void pollThroughAPtyGivesTheMetersReadings() throws Exception {
        assumeTrue(SocatPtyPair.installed(), "socat is not installed");
        byte[] heatMeter = Telegrams.indication(Telegrams.telegram("HUB", "41122026", 1, 4, 0x21, 0,
                Telegrams.HEAT_METER_KEY, Telegrams.heatMeterRecords(123_456)), 0xB4);
        byte[] gasMeter = Telegrams.indication(Telegrams.hex(Telegrams.OMS_ANNEX_N_2_1), 0x70);
        try (SocatPtyPair pair = new SocatPtyPair(dir)) {
            AtomicInteger pings = new AtomicInteger();
            Thread receiver = new Thread(() -> playReceiver(pair.deviceEnd(), pings,
                    Telegrams.concat(gasMeter, heatMeter)), "im871a on " + pair.deviceEnd());
            receiver.setDaemon(true);
            receiver.start();
            PtyLink link = new PtyLink(pair.hubEnd());
            DeviceSession session = new WMBusDriver().open(new DeviceConfig("hm-1", "wmbus", "radio", "41122026",
                    Map.of("key", Telegrams.HEAT_METER_KEY, "timeout", "5s", "zone", "UTC"), Duration.ofMinutes(15),
                    dir, "site.yaml:7"), link);

            List<Reading> first = session.read(Set.of());
            List<Reading> second = session.read(Set.of("temp.supply"));

            assertEquals("12345.6", value(first, "heat.energy"));
            assertEquals("6543.21", value(first, "volume"));
            assertEquals(List.of("temp.supply"), second.stream().map(Reading::point).toList());
            assertEquals("68.5", value(second, "temp.supply"));
            assertEquals(2, pings.get());

            pair.stop();   // the receiver unplugged
            DeviceException gone = assertThrows(DeviceException.class, () -> session.read(Set.of()));
            assertEquals(true, gone.kind() == Kind.TIMEOUT || gone.kind() == Kind.IO, gone.toString());
        }
    }

    /** Answers each ping with its confirmation, then writes {@code telegrams} 300 ms later. */
    private static void playReceiver(Path end, AtomicInteger pings, byte[] telegrams) {
        byte[] ping = Hci.request(Hci.DEVMGMT, Hci.PING_REQ);
        try (InputStream in = new FileInputStream(end.toFile()); OutputStream out = new FileOutputStream(end.toFile())) {
            byte[] buffer = new byte[ping.length];
            while (true) {
                int n = in.readNBytes(buffer, 0, buffer.length);
                if (n < buffer.length) {
                    return;
                }
                if (!Arrays.equals(buffer, ping)) {
                    continue;
                }
                pings.incrementAndGet();
                out.write(Hci.request(Hci.DEVMGMT, Hci.PING_RSP));
                out.flush();
                Thread.sleep(300);
                out.write(telegrams);
                out.flush();
            }
        } catch (IOException | InterruptedException gone) {
            // the pty went away: the test is over
        }
    }

    private static String value(List<Reading> readings, String point) {
        return readings.stream().filter(r -> r.point().equals(point)).findFirst().orElseThrow()
                .value().stripTrailingZeros().toPlainString();
    }
}
