package io.heathub.driver.cjt188;

import static io.heathub.testkit.Bytes.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.heathub.api.driver.DeviceException;
import io.heathub.api.driver.DeviceException.Kind;
import io.heathub.api.driver.FoundDevice;
import io.heathub.api.driver.LinkFactory.ManagedLink;
import io.heathub.testkit.RecordingProgress;
import io.heathub.testkit.line.ScriptedLine;
import io.heathub.testkit.line.ScriptedTcpPeer;
import io.heathub.transport.TcpLinkFactory;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Address scans over a real TCP link to a scripted multi-drop line of meters. */
class Cjt188ScanTest {
    private final Cjt188Driver driver = new Cjt188Driver();
    private ScriptedTcpPeer peer;
    private ManagedLink link;

    @AfterEach
    void tearDown() throws Exception {
        if (link != null) {
            link.close();
        }
        if (peer != null) {
            peer.close();
        }
    }

    private List<FoundDevice> scan(ScriptedLine meters, RecordingProgress progress, String... keyValues)
            throws Exception {
        peer = new ScriptedTcpPeer(meters, Cjt188Codec::frameLength);
        link = new TcpLinkFactory().open(URI.create(peer.uri()));
        Map<String, String> settings = new HashMap<>(Map.of("scanTimeout", "150ms"));
        for (int i = 0; i < keyValues.length; i += 2) {
            settings.put(keyValues[i], keyValues[i + 1]);
        }
        return driver.scan(link, settings, progress);
    }

    @Test
    void aLoneMeterIsFoundByTheBroadcastDespiteTheEcho() throws Exception {
        RecordingProgress progress = RecordingProgress.recording();
        List<FoundDevice> found = scan(ScriptedLine.of(LineMeter.heat("00000040314132")).echo(), progress);

        assertThat(found).singleElement().satisfies(d -> {
            assertThat(d.address()).isEqualTo("00000040314132");
            assertThat(d.description()).startsWith("heat meter (T 20)");
            assertThat(d.settings()).containsEntry("unitPosition", "after");
        });
        // the broadcast, then one current-data read of the meter found to tell its unitPosition
        assertThat(peer.line().sent()).hasSize(2);
        assertThat(peer.line().sent().get(0)).isEqualTo(hex("FE FE FE FE 68 AA AA AA AA AA AA AA AA 03 03 81 0A 00 49 16"));
        assertThat(peer.line().sent().get(1)).isEqualTo(Cjt188Codec.readCurrentData(4, 0x20, "00000040314132", 1));
        assertThat(progress.updates()).first().isEqualTo(new long[] {0, 1});
        assertThat(progress.last()).isEqualTo(new long[] {1, 1});
    }

    @Test
    void aCollisionOnTheBroadcastFallsBackToSearchingTheRange() throws Exception {
        LineMeter first = LineMeter.heat("00000000001001");
        LineMeter second = LineMeter.heat("00000000001004");
        LineMeter third = new LineMeter("00000000001007", 0x20, true);
        RecordingProgress progress = RecordingProgress.recording();

        List<FoundDevice> found = scan(ScriptedLine.of(first, second, third).echo(), progress,
                "scanFrom", "00000000001000", "scanTo", "00000000001009");

        assertThat(found).extracting(FoundDevice::address)
                .containsExactly("00000000001001", "00000000001004", "00000000001007");
        assertThat(found.get(0).description()).startsWith("heat meter (T 20)").contains("unitPosition after");
        assertThat(found.get(2).description()).contains("unitPosition before");
        // the broadcast, then one read per address, in order, one at a time
        assertThat(peer.line().sent()).hasSize(11);
        assertThat(peer.line().sent().get(1)).isEqualTo(
                Cjt188Codec.readCurrentData(4, 0x20, "00000000001000", 1));
        assertThat(peer.line().sent().get(10)).isEqualTo(
                Cjt188Codec.readCurrentData(4, 0x20, "00000000001009", 10));
        assertThat(progress.updates()).hasSize(12);
        assertThat(progress.updates().get(1)).isEqualTo(new long[] {1, 11});
        assertThat(progress.messages().get(1)).contains("several meters answered the broadcast");
        assertThat(progress.last()).isEqualTo(new long[] {11, 11});
        assertThat(progress.messages()).anySatisfy(m -> assertThat(m).startsWith("meter 00000000001003: no answer"));
        assertThat(first.heard).hasSize(2); // the broadcast and its own read: addressed meters only answer
    }

    @Test
    void aCollisionWithoutAddressesToSearchIsAConfigErrorNamingTheSettings() throws Exception {
        DeviceException e = catchThrowableOfType(DeviceException.class, () -> scan(ScriptedLine.of(
                LineMeter.heat("00000000001001"), LineMeter.heat("00000000001002")), RecordingProgress.recording()));
        assertThat(e.kind()).isEqualTo(Kind.CONFIG);
        assertThat(e.getMessage()).contains("several meters answered").contains("scanFrom").contains("scanAddresses");
    }

    @Test
    void searchModeProbesTheListWithTheConfiguredMeterType() throws Exception {
        LineMeter water = new LineMeter("00000000002002", 0x10, false);
        LineMeter heat = LineMeter.heat("00000000002003");
        RecordingProgress progress = RecordingProgress.recording();

        List<FoundDevice> found = scan(ScriptedLine.of(water, heat), progress, "scanMode", "search",
                "meterType", "10", "scanAddresses", "00000000002002, 00000000002003,00000000002002");

        // the heat meter ignores requests for water meters (T 10); the duplicate is probed once
        assertThat(found).singleElement().satisfies(d -> {
            assertThat(d.address()).isEqualTo("00000000002002");
            assertThat(d.description()).isEqualTo("cold water meter (T 10)");
        });
        assertThat(peer.line().sent()).hasSize(2);
        assertThat(peer.line().sent().get(0)[5] & 0xFF).isEqualTo(0x10);
        assertThat(heat.heard).isEmpty();
        assertThat(progress.updates()).extracting(u -> u[0] + "/" + u[1]).containsExactly("1/2", "2/2");
    }

    @Test
    void twoMetersWithOneAddressAreReportedAsGarbled() throws Exception {
        List<FoundDevice> found = scan(ScriptedLine.of(LineMeter.heat("00000000003001"),
                        LineMeter.heat("00000000003001")), RecordingProgress.recording(),
                "scanMode", "search", "scanAddresses", "00000000003001");
        assertThat(found).singleElement().satisfies(d -> {
            assertThat(d.address()).isEqualTo("00000000003001");
            assertThat(d.description()).startsWith("garbled reply").contains("two meters with this address");
        });
    }

    @Test
    void cancellingStopsBetweenStepsAndReturnsWhatWasFound() throws Exception {
        RecordingProgress progress = RecordingProgress.cancellingAfter(3); // broadcast start, its result, one probe
        List<FoundDevice> found = scan(ScriptedLine.of(LineMeter.heat("00000000004000"),
                        LineMeter.heat("00000000004005")).echo(), progress,
                "scanFrom", "00000000004000", "scanTo", "00000000004099");

        assertThat(found).extracting(FoundDevice::address).containsExactly("00000000004000");
        assertThat(peer.line().sent()).hasSize(2);
        assertThat(progress.last()).isEqualTo(new long[] {2, 101});
    }

    @Test
    void aSilentLineFindsNothing() throws Exception {
        RecordingProgress progress = RecordingProgress.recording();
        assertThat(scan(ScriptedLine.of().echo(), progress)).isEmpty();
        assertThat(progress.messages()).last().asString().contains("no meter answered the broadcast");
    }

    @Test
    void scanSettingsAreCheckedBeforeAnythingIsSent() throws Exception {
        assertScanConfigError("scanTo", "scanFrom", "00000000000001"); // names the missing half
        assertScanConfigError("scanTo", "scanFrom", "00000000000009", "scanTo", "00000000000001");
        assertScanConfigError("scanTo", "scanFrom", "00000000000000", "scanTo", "00000000099999");
        assertScanConfigError("scanAddresses", "scanAddresses", "1234");
        assertScanConfigError("scanTimeout", "scanTimeout", "soon");
        assertScanConfigError("scanMode", "scanMode", "fast");
        assertScanConfigError("scanMode", "scanMode", "search");
        assertScanConfigError("meterType", "meterType", "30");
    }

    private void assertScanConfigError(String field, String... keyValues) throws Exception {
        DeviceException e = catchThrowableOfType(DeviceException.class,
                () -> scan(ScriptedLine.of(LineMeter.heat("00000000001001")), RecordingProgress.recording(),
                        keyValues));
        assertThat(e).as(field).isNotNull();
        assertThat(e.kind()).isEqualTo(Kind.CONFIG);
        assertThat(e.getMessage()).startsWith("scan on tcp://127.0.0.1:").contains("settings." + field + ":");
        assertThat(peer.line().sent()).isEmpty();
        link.close();
        link = null;
        peer.close();
        peer = null;
    }
}
