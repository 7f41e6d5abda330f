package io.heathub.driver.dlt645;

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

/** Address scans over a real TCP link to a scripted multi-drop line of meters that echoes requests. */
class Dlt645ScanTest {
    private final Dlt645Driver driver = new Dlt645Driver();
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
        peer = new ScriptedTcpPeer(meters, Dlt645Codec::frameLength);
        link = new TcpLinkFactory().open(URI.create(peer.uri()));
        Map<String, String> settings = new HashMap<>(Map.of("scanTimeout", "150ms"));
        for (int i = 0; i < keyValues.length; i += 2) {
            settings.put(keyValues[i], keyValues[i + 1]);
        }
        return driver.scan(link, settings, progress);
    }

    @Test
    void aLoneMeterAnswersTheWildcardReadAddress() throws Exception {
        RecordingProgress progress = RecordingProgress.recording();
        List<FoundDevice> found = scan(ScriptedLine.of(LineMeter.of("000000000161", "0.26")).echo(), progress);

        assertThat(found).singleElement().satisfies(d -> {
            assertThat(d.address()).isEqualTo("000000000161");
            assertThat(d.description()).isEqualTo("answered the read-address request alone; electric.energy 0.26 kWh");
        });
        assertThat(peer.line().sentHex()).containsExactly("FE FE FE FE 68 AA AA AA AA AA AA 68 13 00 DF 16",
                "FE FE FE FE 68 61 01 00 00 00 00 68 11 04 33 33 34 33 14 16");
        assertThat(progress.updates()).extracting(u -> u[0] + "/" + u[1]).containsExactly("0/1", "1/1");
    }

    @Test
    void aCollisionFallsBackToProbingTheRange() throws Exception {
        RecordingProgress progress = RecordingProgress.recording();
        List<FoundDevice> found = scan(ScriptedLine.of(LineMeter.of("000000000161", "0.26"),
                        LineMeter.of("000000000163", "12345.67"), LineMeter.of("000000000170", "1")).echo(), progress,
                "scanFrom", "000000000160", "scanTo", "000000000165");

        assertThat(found).extracting(FoundDevice::address).containsExactly("000000000161", "000000000163");
        assertThat(found.get(1).description()).isEqualTo("electric.energy 12345.67 kWh");
        assertThat(peer.line().sentHex()).hasSize(7);
        assertThat(peer.line().sentHex().get(1)).isEqualTo(Dlt645Codec.hex(
                Dlt645Codec.readRequest(new MeterAddress("000000000160"), DataItem.FORWARD_ACTIVE_ENERGY, 4)));
        assertThat(progress.updates().get(1)).isEqualTo(new long[] {1, 7});
        assertThat(progress.messages().get(1)).contains("several meters answered the read-address request");
        assertThat(progress.last()).isEqualTo(new long[] {7, 7});
        assertThat(progress.messages()).contains("meter 000000000162: no answer");
    }

    @Test
    void aCollisionWithoutAddressesIsAConfigErrorNamingTheSettings() throws Exception {
        DeviceException e = catchThrowableOfType(DeviceException.class, () -> scan(ScriptedLine.of(
                LineMeter.of("000000000161", "1"), LineMeter.of("000000000162", "2")), RecordingProgress.recording(),
                "scanWildcard", "none"));
        assertThat(e.kind()).isEqualTo(Kind.CONFIG);
        assertThat(e.getMessage()).contains("several meters answered").contains("scanFrom").contains("scanAddresses")
                .contains("scanWildcard is none");
    }

    @Test
    void searchModeProbesTheListOnlyAndReportsTwoMetersWithOneAddress() throws Exception {
        RecordingProgress progress = RecordingProgress.recording();
        List<FoundDevice> found = scan(ScriptedLine.of(LineMeter.of("202411110002", "5"),
                        LineMeter.of("202411110002", "6"), LineMeter.of("202411110003", "7.5")), progress,
                "scanMode", "search", "scanAddresses", "202411110003,202411110002, 202411110004");

        assertThat(found).extracting(FoundDevice::address).containsExactly("202411110003", "202411110002");
        assertThat(found.get(0).description()).isEqualTo("electric.energy 7.50 kWh");
        assertThat(found.get(1).description()).startsWith("garbled reply").contains("two meters with this address");
        assertThat(peer.line().sentHex()).hasSize(3).noneMatch(r -> r.contains("68 13"));
        assertThat(progress.updates()).extracting(u -> u[0] + "/" + u[1]).containsExactly("1/3", "2/3", "3/3");
    }

    @Test
    void cancellingStopsBetweenProbes() throws Exception {
        RecordingProgress progress = RecordingProgress.cancellingAfter(3); // start, collision, first probe
        List<FoundDevice> found = scan(ScriptedLine.of(LineMeter.of("000000000300", "1"),
                        LineMeter.of("000000000301", "2")).echo(), progress,
                "scanFrom", "000000000300", "scanTo", "000000000399");
        assertThat(found).extracting(FoundDevice::address).containsExactly("000000000300");
        assertThat(peer.line().sentHex()).hasSize(2);
        assertThat(progress.last()).isEqualTo(new long[] {2, 101});
    }

    @Test
    void scanSettingsAreCheckedBeforeAnythingIsSent() throws Exception {
        assertScanConfigError("scanTo", "scanFrom", "000000000001");
        assertScanConfigError("scanTo", "scanFrom", "000000000009", "scanTo", "000000000001");
        assertScanConfigError("scanTo", "scanFrom", "000000000000", "scanTo", "000000099999");
        assertScanConfigError("scanAddresses", "scanAddresses", "161");
        assertScanConfigError("scanAddresses", "scanAddresses", "999999999999");
        assertScanConfigError("scanTimeout", "scanTimeout", "soon");
        assertScanConfigError("scanMode", "scanMode", "search");
        assertScanConfigError("wakeUp", "wakeUp", "17");
    }

    private void assertScanConfigError(String field, String... keyValues) throws Exception {
        DeviceException e = catchThrowableOfType(DeviceException.class,
                () -> scan(ScriptedLine.of(LineMeter.of("000000000161", "1")), RecordingProgress.recording(), keyValues));
        assertThat(e).as(field).isNotNull();
        assertThat(e.kind()).isEqualTo(Kind.CONFIG);
        assertThat(e.getMessage()).startsWith("scan on tcp://127.0.0.1:").contains("settings." + field + ":");
        assertThat(peer.line().sentHex()).isEmpty();
        link.close();
        link = null;
        peer.close();
        peer = null;
    }
}
