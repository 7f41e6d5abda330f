package io.heathub.simulator.meters;

import io.heathub.testkit.SettableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.heathub.api.driver.DeviceDriver;
import io.heathub.api.driver.DeviceException;
import io.heathub.api.driver.FoundDevice;
import io.heathub.api.driver.LinkFactory.ManagedLink;
import io.heathub.api.driver.Progress;
import io.heathub.driver.cjt188.Cjt188Driver;
import io.heathub.driver.dlt645.Dlt645Driver;
import io.heathub.driver.mbus.MbusDriver;
import io.heathub.simulator.meters.MeterPopulation.Kind;
import io.heathub.simulator.meters.MeterPopulation.Listed;
import io.heathub.transport.TcpLinkFactory;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The hub's own scans (CJ/T 188, DL/T 645, M-Bus drivers) against the simulated multi-drop line,
 * through the transport's TCP link: every meter answers the wildcards its standard or family
 * accepts, several answers collide on the line, and each scan narrows the collisions down to single
 * meters. The line answers at once (no baud-rate emulation), so silent addresses cost only the
 * short scan timeout; the same scans over a 2400-baud pty are in itests (MeterLineScanEndToEndIT).
 */
class LineScanTest {
    private static final String FAST = "60ms";
    private final SettableClock clock = WinterMorning.clock();

    @Test
    void onAMixedLineEachProtocolsScanFindsAllItsMetersAndNoneOfTheOthers() throws Exception {
        List<Listed> meters = List.of(new Listed(Kind.CJT188, "20100000000001"), new Listed(Kind.CJT188, "20100000000002"),
                new Listed(Kind.CJT188_BEFORE, "20200000000003"), new Listed(Kind.WATER, "10100000000004"),
                new Listed(Kind.DLT645, "640000000001"), new Listed(Kind.DLT645, "640000000002"),
                new Listed(Kind.MBUS, "1:71000001"));
        MeterLine line = line(meters, Cjt188Meter.AddressWildcards.HIGH, true);
        List<String> requests = recordRequests(line);

        Scan cjt188 = scan(line, new Cjt188Driver(), "scanWildcard", "high");
        assertThat(cjt188.found()).extracting(FoundDevice::address).containsExactlyInAnyOrder("20100000000001",
                "20100000000002", "20200000000003", "10100000000004");
        assertThat(cjt188.device("20100000000001").settings()).containsEntry("unitPosition", "after")
                .doesNotContainKey("meterType");
        assertThat(cjt188.device("20200000000003").settings()).containsEntry("unitPosition", "before");
        assertThat(cjt188.device("10100000000004").settings()).containsEntry("meterType", "10");
        assertThat(cjt188.device("10100000000004").description()).startsWith("cold water meter (T 10)");
        // the broadcast, AAAAAAAAAAAA00..99 (one level: the meters differ in their last byte), and one
        // current-data read of each meter found
        assertThat(requests).hasSize(1 + 100 + 4);
        assertThat(cjt188.progress()).last().isEqualTo(List.of(101L, 101L));

        requests.clear();
        Scan dlt645 = scan(line, new Dlt645Driver());
        assertThat(dlt645.found()).extracting(FoundDevice::address).containsExactly("640000000001", "640000000002");
        assertThat(dlt645.found()).allSatisfy(d -> assertThat(d.description()).startsWith("electric.energy "));
        assertThat(requests).hasSize(1 + 100);
        assertThat(requests.get(1)).isEqualTo("68 00 AA AA AA AA AA 68 11 04 33 33 34 33 04 16"); // AAAAAAAAAA00

        Scan mbus = scan(line, new MbusDriver()); // alone on the line among its kind: one select finds it
        assertThat(mbus.found()).extracting(FoundDevice::address).containsExactly("71000001.HHS.01.04");
    }

    @Test
    void metersSharingLongAddressPartsAreNarrowedByteByByte() throws Exception {
        // one batch: sequential numbers share ten digits, the low-first search separates them at once;
        // 640000000101 shares its last byte with 640000000001: one level deeper
        List<Listed> meters = new ArrayList<>();
        for (String address : List.of("640000000001", "640000000002", "640000000003", "640000000101")) {
            meters.add(new Listed(Kind.DLT645, address));
        }
        MeterLine line = line(meters, Cjt188Meter.AddressWildcards.HIGH, true);
        List<String> requests = recordRequests(line);

        Scan dlt645 = scan(line, new Dlt645Driver());
        assertThat(dlt645.found()).extracting(FoundDevice::address).containsExactlyInAnyOrder("640000000001",
                "640000000002", "640000000003", "640000000101");
        assertThat(dlt645.found()).noneMatch(FoundDevice::collision);
        // read address, AAAAAAAAAA00..99, and under 01: AAAAAAAA0001..AAAAAAAA9901
        assertThat(requests).hasSize(1 + 100 + 100);
        // depth first: right after AAAAAAAAAA01 collided comes AAAAAAAA0001
        assertThat(requests.get(3)).isEqualTo("68 01 00 AA AA AA AA 68 11 04 33 33 34 33 5B 16");
        assertThat(dlt645.progress()).last().isEqualTo(List.of(201L, 201L));
        assertThat(dlt645.messages()).anySatisfy(m -> assertThat(m).startsWith("AAAAAAAAAA01: several meters"));
    }

    @Test
    void aCjt188FamilyWithoutPartialWildcardsGetsAClearMessage() throws Exception {
        List<Listed> meters = List.of(new Listed(Kind.CJT188, "20100000000001"), new Listed(Kind.CJT188, "20100000000002"));
        MeterLine line = line(meters, Cjt188Meter.AddressWildcards.NONE, true);

        DeviceException standard = catchThrowableOfType(DeviceException.class, () -> scan(line, new Cjt188Driver()));
        assertThat(standard.kind()).isEqualTo(DeviceException.Kind.CONFIG);
        assertThat(standard.getMessage()).contains("several meters answered the broadcast",
                "CJ/T 188 has no standard partial wildcard (scanWildcard: none)", "set scanWildcard: high",
                "scanFrom and scanTo or scanAddresses");

        DeviceException unsupported = catchThrowableOfType(DeviceException.class,
                () -> scan(line, new Cjt188Driver(), "scanWildcard", "high"));
        assertThat(unsupported.kind()).isEqualTo(DeviceException.Kind.CONFIG);
        assertThat(unsupported.getMessage()).contains("none answered at an address with AA only in the high bytes",
                "this meter family does not accept partial wildcards (scanWildcard: high)",
                "set scanWildcard: none and give scanFrom and scanTo or scanAddresses");

        Scan range = scan(line, new Cjt188Driver(), "scanFrom", "20100000000000", "scanTo", "20100000000003");
        assertThat(range.found()).extracting(FoundDevice::address).containsExactly("20100000000001", "20100000000002");
    }

    @Test
    void dlt645MetersThatIgnoreAbbreviatedAddressesGetAClearMessage() throws Exception {
        MeterLine line = line(List.of(new Listed(Kind.DLT645, "640000000001"), new Listed(Kind.DLT645, "640000000002")),
                Cjt188Meter.AddressWildcards.HIGH, false);
        DeviceException e = catchThrowableOfType(DeviceException.class, () -> scan(line, new Dlt645Driver()));
        assertThat(e.kind()).isEqualTo(DeviceException.Kind.CONFIG);
        assertThat(e.getMessage()).contains("none answered a read at an abbreviated address",
                "do not honour abbreviated addressing", "give scanFrom and scanTo or scanAddresses");
    }

    /** The meters, and a silent {@link Recorder} last, on a line that answers at once. */
    private MeterLine line(List<Listed> meters, Cjt188Meter.AddressWildcards wildcards, boolean abbreviated) {
        MeterPopulation population = new MeterPopulation(0, 0, 0, 0, 0, meters, wildcards, abbreviated);
        List<SimulatedMeter> all = new ArrayList<>(population.build(7, WinterMorning.environment(clock)));
        all.add(new Recorder());
        return new MeterLine(all, new MeterLine.Timing(0, Duration.ZERO, false));
    }

    /** Every request the line carried, in hex without wake-up bytes. */
    private static List<String> recordRequests(MeterLine line) {
        return ((Recorder) line.meters().get(line.meters().size() - 1)).requests;
    }

    /** What one scan found and reported. */
    private record Scan(List<FoundDevice> found, List<List<Long>> progress, List<String> messages) {
        FoundDevice device(String address) {
            return found.stream().filter(d -> d.address().equals(address)).findFirst().orElseThrow();
        }
    }

    private Scan scan(MeterLine line, DeviceDriver driver, String... keyValues) throws Exception {
        Map<String, String> settings = new HashMap<>(Map.of("scanTimeout", FAST));
        for (int i = 0; i < keyValues.length; i += 2) {
            settings.put(keyValues[i], keyValues[i + 1]);
        }
        List<List<Long>> updates = new CopyOnWriteArrayList<>();
        List<String> messages = new CopyOnWriteArrayList<>();
        Progress progress = (done, total, message) -> {
            updates.add(List.of(done, total));
            messages.add(message);
        };
        try (TcpMeterLineServer server = TcpMeterLineServer.start(line, InetAddress.getLoopbackAddress(), 0);
             ManagedLink link = new TcpLinkFactory().open(URI.create("tcp://127.0.0.1:" + server.port()))) {
            return new Scan(driver.scan(link, settings, progress), updates, messages);
        }
    }

    /** A meter that never answers and notes what it hears. */
    static final class Recorder implements SimulatedMeter {
        final List<String> requests = new CopyOnWriteArrayList<>();

        @Override
        public String protocol() {
            return "none";
        }

        @Override
        public String describe() {
            return "recorder";
        }

        @Override
        public java.util.Optional<byte[]> answer(LineFrame request) {
            requests.add(request.hex());
            return java.util.Optional.empty();
        }
    }
}
