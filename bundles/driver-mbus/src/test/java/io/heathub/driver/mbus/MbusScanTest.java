package io.heathub.driver.mbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.heathub.api.driver.DeviceException;
import io.heathub.api.driver.DeviceException.Kind;
import io.heathub.api.driver.FoundDevice;
import io.heathub.driver.mbus.MbusLine.Meter;
import io.heathub.testkit.RecordingProgress;
import io.heathub.testkit.line.ScriptedLine;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Primary and secondary scans of a scripted multi-drop line (with the echo of every request). */
class MbusScanTest {
    private final MbusDriver driver = new MbusDriver();

    @Test
    void secondarySearchDescendsThroughCollisionsAndFindsEveryMeter() throws Exception {
        // all at the factory primary address 0; three share the leading digits "2", "21", ...
        ScriptedLine line = MbusLine.of(Meter.heat(0, "21050076"), Meter.heat(0, "21050099"),
                new Meter(0, "30000001", "LUG", 0x02, 0x07), Meter.heat(0, "21990000"));
        ScriptedLine link = line.echo();
        RecordingProgress progress = RecordingProgress.recording();

        List<FoundDevice> found = driver.scan(link, Map.of(), progress);

        assertThat(found).extracting(FoundDevice::address).containsExactly(
                "21050076.SPX.31.04", "21050099.SPX.31.04", "21990000.SPX.31.04", "30000001.LUG.02.07");
        assertThat(found.get(0).description()).isEqualTo("SPX heat meter (outlet), medium 04, version 31, primary address 0");
        assertThat(found.get(3).description()).startsWith("LUG water meter, medium 07");
        // FFFFFFFF, then ten selects below each colliding prefix: 2, 21, 210, 2105, 21050, 210500
        assertThat(MbusLine.selects(line)).isEqualTo(71);
        assertThat(link.sentHex().get(0)).startsWith("68 0B 0B 68 53 FD 52 FF FF FF FF FF FF FF FF ");
        assertThat(link.sentHex()).contains("10 5B FD 58 16");
        assertThat(progress.last()).isEqualTo(new long[] {71, 71});
        assertThat(progress.updates().get(1)).isEqualTo(new long[] {1, 11});
        assertThat(progress.messages().get(1)).startsWith("select FFFFFFFF: collision (");
        assertThat(progress.messages()).contains("select 2105007F: found 21050076.SPX.31.04", "select 0FFFFFFF: no meter");
    }

    @Test
    void aLoneMeterIsFoundWithOneSelect() throws Exception {
        ScriptedLine line = MbusLine.of(Meter.heat(8, "12345678"));
        RecordingProgress progress = RecordingProgress.recording();
        List<FoundDevice> found = driver.scan(line.echo(), Map.of("scan", "secondary"), progress);
        assertThat(found).extracting(FoundDevice::address).containsExactly("12345678.SPX.31.04");
        assertThat(MbusLine.selects(line)).isEqualTo(1);
        assertThat(progress.updates()).extracting(u -> u[0] + "/" + u[1]).containsExactly("0/1", "1/1");
    }

    @Test
    void twoMetersWithTheSameIdentificationAreReportedAsACollision() throws Exception {
        ScriptedLine line = MbusLine.of(Meter.heat(0, "44444444"), new Meter(0, "44444444", "ABB", 0x01, 0x02));
        List<FoundDevice> found = driver.scan(line, Map.of(), RecordingProgress.recording());
        assertThat(found).singleElement().satisfies(d -> {
            assertThat(d.address()).isEqualTo("44444444");
            assertThat(d.description()).startsWith("collision: several meters share identification 44444444");
        });
        assertThat(MbusLine.selects(line)).isEqualTo(1 + 8 * 10);
    }

    @Test
    void cancellingTheSearchReturnsWhatWasFound() throws Exception {
        ScriptedLine line = MbusLine.of(Meter.heat(0, "05000000"), Meter.heat(0, "70000000"));
        RecordingProgress progress = RecordingProgress.cancellingAfter(3); // start, FFFFFFFF collision, 0FFFFFFF found
        List<FoundDevice> found = driver.scan(line, Map.of(), progress);
        assertThat(found).extracting(FoundDevice::address).containsExactly("05000000.SPX.31.04");
        assertThat(MbusLine.selects(line)).isEqualTo(2);
        assertThat(progress.last()).isEqualTo(new long[] {2, 11});
    }

    @Test
    void primaryScanFindsAddressesAndReportsTwoMetersOnOneAddress() throws Exception {
        ScriptedLine line = MbusLine.of(Meter.heat(1, "11111111"), Meter.heat(5, "55555555"), Meter.heat(5, "55555556"),
                Meter.heat(250, "25025025"));
        ScriptedLine link = line.echo();
        RecordingProgress progress = RecordingProgress.recording();

        List<FoundDevice> found = driver.scan(link, Map.of("scan", "primary", "scanTimeout", "200ms"), progress);

        assertThat(found).extracting(FoundDevice::address).containsExactly("1", "5", "250");
        assertThat(found.get(0).description()).isEqualTo(
                "SPX heat meter (outlet), medium 04, version 31, secondary address 11111111.SPX.31.04");
        assertThat(found.get(1).description()).startsWith("collision: SND_NKE answered with F7 instead of E5");
        assertThat(link.sentHex()).startsWith("10 40 00 40 16", "10 40 01 41 16", "10 5B 01 5C 16", "10 40 02 42 16");
        assertThat(link.sentHex()).hasSize(251 + 2).endsWith("10 40 FA 3A 16", "10 5B FA 55 16");
        assertThat(progress.updates()).hasSize(252);
        assertThat(progress.last()).isEqualTo(new long[] {251, 251});
        assertThat(progress.messages().get(1)).isEqualTo("primary 0: no answer");
    }

    @Test
    void cancellingThePrimaryScanStopsBetweenAddresses() throws Exception {
        ScriptedLine line = MbusLine.of(Meter.heat(1, "11111111"), Meter.heat(9, "99999999"));
        ScriptedLine link = line;
        List<FoundDevice> found = driver.scan(link, Map.of("scan", "primary"), RecordingProgress.cancellingAfter(4));
        assertThat(found).extracting(FoundDevice::address).containsExactly("1");
        assertThat(link.sentHex()).containsExactly("10 40 00 40 16", "10 40 01 41 16", "10 5B 01 5C 16", "10 40 02 42 16");
    }

    @Test
    void scanSettingsAreCheckedBeforeAnythingIsSent() {
        ScriptedLine link = MbusLine.answering(request -> null);
        for (Map<String, String> bad : List.of(Map.of("scan", "tertiary"), Map.of("scanTimeout", "soon"),
                Map.of("scanFrom", "1"))) {
            String key = bad.keySet().iterator().next();
            assertThatThrownBy(() -> driver.scan(link, bad, RecordingProgress.recording()))
                    .isInstanceOfSatisfying(DeviceException.class, e -> assertThat(e.kind()).isEqualTo(Kind.CONFIG))
                    .hasMessageStartingWith("scan on test://mbus: settings." + key + ": ");
        }
        assertThat(link.sentHex()).isEmpty();
    }
}
