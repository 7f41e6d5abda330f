package io.heathub.driver.cjt188;

import static io.heathub.testkit.Bytes.hex;
import static io.heathub.driver.cjt188.Frames.withChecksum;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.heathub.api.Reading;
import io.heathub.api.driver.Command;
import io.heathub.api.driver.CommandResult;
import io.heathub.api.driver.DeviceConfig;
import io.heathub.api.driver.DeviceException;
import io.heathub.api.driver.DeviceException.Kind;
import io.heathub.api.driver.DeviceSession;
import io.heathub.api.driver.LinkFactory.ManagedLink;
import io.heathub.testkit.Bytes;
import io.heathub.testkit.line.ScriptedDevice;
import io.heathub.testkit.line.ScriptedLine;
import io.heathub.testkit.line.ScriptedTcpPeer;
import io.heathub.transport.TcpLinkFactory;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The driver over a real TCP link to a scripted meter behind a serial-to-TCP converter. */
class Cjt188DriverTest {
    private static final String METER = "00000040314132";
    private final Cjt188Driver driver = new Cjt188Driver();
    private ScriptedTcpPeer meter;
    private ManagedLink link;

    /** A meter that answers each request by {@code script} (null: silence). */
    private static ScriptedTcpPeer meter(UnaryOperator<byte[]> script) throws java.io.IOException {
        return new ScriptedTcpPeer(ScriptedLine.answering(script), Cjt188Codec::frameLength);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (link != null) {
            link.close();
        }
        if (meter != null) {
            meter.close();
        }
    }

    private DeviceSession open(String address, Map<String, String> settings) throws Exception {
        link = new TcpLinkFactory().open(URI.create(meter.uri()));
        return driver.open(new DeviceConfig("hm-1", "cjt188", "line-1", address, settings, Duration.ofMinutes(15),
                Path.of("config"), "config/site.yaml:7"), link);
    }

    private static Map<String, String> settings(String... keyValues) {
        Map<String, String> m = new HashMap<>(Map.of("unitPosition", "before", "timeout", "500ms"));
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    /** Replies to a 901F request with the published frame, SER echoed. */
    private static byte[] publishedReplyEchoing(byte[] request) {
        byte[] reply = hex(Cjt188CodecTest.PUBLISHED_REPLY);
        reply[13] = request[request.length - 3];
        return withChecksum(reply);
    }

    @Test
    void readsThePublishedMeter() throws Exception {
        meter = meter(Cjt188DriverTest::publishedReplyEchoing);
        try (DeviceSession session = open(METER, settings())) {
            List<Reading> readings = session.read(Set.of());
            List<Reading> again = session.read(Set.of("volume", "temp.supply"));

            assertThat(meter.line().sent().get(0))
                    .isEqualTo(hex("FE FE FE FE 68 20 32 41 31 40 00 00 00 01 03 90 1F 00 1F 16"));
            assertThat(meter.line().sent().get(1))
                    .isEqualTo(hex("FE FE FE FE 68 20 32 41 31 40 00 00 00 01 03 90 1F 01 20 16"));
            assertThat(readings).hasSize(12).allSatisfy(r -> assertThat(r.device()).isEqualTo("hm-1"));
            assertThat(readings).filteredOn(r -> r.point().equals("volume")).singleElement()
                    .satisfies(r -> assertThat(r.value()).isEqualByComparingTo("10.34"));
            assertThat(again).extracting(Reading::point).containsExactlyInAnyOrder("volume", "temp.supply");
        }
    }

    @Test
    void theMeterClockIsAReadingInTheSitesZoneUnlessTheDeviceNamesOne() throws Exception {
        meter = meter(Cjt188DriverTest::publishedReplyEchoing);
        // the published meter's clock says 2015-07-10 12:00:53, local time of wherever it hangs
        link = new TcpLinkFactory().open(URI.create(meter.uri()));
        DeviceConfig inUtcSite = new DeviceConfig("hm-1", "cjt188", "line-1", METER, settings(), Duration.ofMinutes(15),
                Path.of("config"), "config/site.yaml:7", java.time.ZoneOffset.UTC);
        java.time.Instant before = java.time.Instant.now();
        try (DeviceSession session = driver.open(inUtcSite, link)) {
            assertThat(session.read(Set.of()))
                    .filteredOn(r -> r.point().equals(io.heathub.api.Points.METER_CLOCK)).singleElement().satisfies(r -> {
                        assertThat(r.value()).isEqualByComparingTo(String.valueOf(
                                java.time.Instant.parse("2015-07-10T12:00:53Z").getEpochSecond()));
                        assertThat(r.unit()).isEqualTo(io.heathub.api.Unit.NONE);
                        assertThat(r.time()).isBetween(before, java.time.Instant.now()); // the hub's time, not the meter's
                    });
        }
        DeviceConfig ownZone = new DeviceConfig("hm-1", "cjt188", "line-1", METER, settings("zone", "Asia/Shanghai"),
                Duration.ofMinutes(15), Path.of("config"), "config/site.yaml:7", java.time.ZoneOffset.UTC);
        try (DeviceSession session = driver.open(ownZone, link)) {
            assertThat(session.read(Set.of(io.heathub.api.Points.METER_CLOCK))).singleElement()
                    .satisfies(r -> assertThat(r.value()).isEqualByComparingTo(String.valueOf(
                            java.time.Instant.parse("2015-07-10T04:00:53Z").getEpochSecond())));
        }
    }

    @Test
    void wakeUpSettingChangesThePreamble() throws Exception {
        meter = meter(Cjt188DriverTest::publishedReplyEchoing);
        try (DeviceSession session = open(METER, settings("wakeUp", "0"))) {
            session.read(Set.of());
            assertThat(meter.line().sent().get(0)).isEqualTo(hex("68 20 32 41 31 40 00 00 00 01 03 90 1F 00 1F 16"));
        }
    }

    @Test
    void replyFromAnotherMeterIsSkippedAndTheTimeoutNamesBothAddresses() throws Exception {
        meter = meter(Cjt188DriverTest::publishedReplyEchoing);
        try (DeviceSession session = open("00000040314133", settings("timeout", "300ms"))) {
            DeviceException e = catchThrowableOfType(DeviceException.class, () -> session.read(Set.of()));
            assertThat(e.kind()).isEqualTo(Kind.TIMEOUT);
            assertThat(e.getMessage()).startsWith("meter 00000040314133: ").doesNotContain("hm-1")
                    .contains("skipped a reply from meter 00000040314132, not 00000040314133");
        }
    }

    @Test
    void theEchoOfTheRequestAndAnotherMetersLateReplyAreSkipped() throws Exception {
        // a half-duplex adapter echoes the request; a meter polled earlier answers late; then ours
        byte[] lateReply = HeatReplies.standard("00000000000007", 0, 100);
        meter = meter(request -> Bytes.concat(request, lateReply, publishedReplyEchoing(request)));
        try (DeviceSession session = open(METER, settings())) {
            List<Reading> readings = session.read(Set.of("volume"));
            assertThat(readings).singleElement().satisfies(r -> assertThat(r.value()).isEqualByComparingTo("10.34"));
            assertThat(meter.line().sent()).hasSize(1);
        }
    }

    @Test
    void aSilentMeterBehindAnEchoingAdapterTimesOutNamingTheEcho() throws Exception {
        meter = meter(request -> request);
        try (DeviceSession session = open(METER, settings("timeout", "300ms"))) {
            DeviceException e = catchThrowableOfType(DeviceException.class, () -> session.read(Set.of()));
            assertThat(e.kind()).isEqualTo(Kind.TIMEOUT);
            assertThat(e.getMessage()).contains("skipped a request (the echo of ours?) [FE FE FE FE 68 20 32 41");
        }
    }

    @Test
    void silentMeterTimesOut() throws Exception {
        meter = meter(request -> null);
        try (DeviceSession session = open(METER, settings("timeout", "300ms"))) {
            long started = System.nanoTime();
            DeviceException e = catchThrowableOfType(DeviceException.class, () -> session.read(Set.of()));
            assertThat(e.kind()).isEqualTo(Kind.TIMEOUT);
            assertThat(e.getMessage()).contains("300 ms").contains("68 20 32 41");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
        }
    }

    @Test
    void truncatedReplyTimesOutWithThePartialBytes() throws Exception {
        meter = meter(request -> Arrays.copyOf(publishedReplyEchoing(request), 30));
        try (DeviceSession session = open(METER, settings("timeout", "300ms"))) {
            DeviceException e = catchThrowableOfType(DeviceException.class, () -> session.read(Set.of()));
            assertThat(e.kind()).isEqualTo(Kind.TIMEOUT);
            assertThat(e.getMessage()).contains("received [68 20 32 41");
        }
    }

    @Test
    void badChecksumAndWrongSequence() throws Exception {
        meter = meter(request -> {
            byte[] reply = publishedReplyEchoing(request);
            reply[57]++;
            return reply;
        });
        try (DeviceSession session = open(METER, settings())) {
            DeviceException e = catchThrowableOfType(DeviceException.class, () -> session.read(Set.of()));
            assertThat(e.kind()).isEqualTo(Kind.CHECKSUM);
            meter.line().devices(ScriptedDevice.answering(request -> hex(Cjt188CodecTest.PUBLISHED_REPLY))); // SER 01 whatever was asked
            session.read(Set.of()); // request SER 01: matches
            DeviceException stale = catchThrowableOfType(DeviceException.class, () -> session.read(Set.of()));
            assertThat(stale.kind()).isEqualTo(Kind.MALFORMED);
            assertThat(stale.getMessage()).contains("SER 01, the request sent 02");
        }
    }

    @Test
    void valveOpenAndCloseAreConfirmed() throws Exception {
        // reply C=84 L=05 DI A0 17 SER ST: status says closed after a close
        meter = meter(request -> {
            int ser = request[request.length - 4] & 0xFF;
            int data = request[request.length - 3] & 0xFF;
            int st = data == 0x99 ? 0x01 : 0x00;
            return Cjt188Codec.encode(2, 0x20, METER, 0x84, 0xA017, ser, new byte[] {(byte) st, 0});
        });
        try (DeviceSession session = open(METER, settings())) {
            CommandResult opened = session.execute(command("valve.state", "1"));
            CommandResult closed = session.execute(command("valve.state", "0"));
            assertThat(meter.line().sent().get(0)).isEqualTo(withChecksum(
                    hex("FE FE FE FE 68 20 32 41 31 40 00 00 00 04 04 A0 17 00 55 00 16")));
            assertThat(meter.line().sent().get(1)).isEqualTo(withChecksum(
                    hex("FE FE FE FE 68 20 32 41 31 40 00 00 00 04 04 A0 17 01 99 00 16")));
            assertThat(opened.status()).isEqualTo(CommandResult.Status.DONE);
            assertThat(opened.readBack()).contains(BigDecimal.ONE);
            assertThat(closed.status()).isEqualTo(CommandResult.Status.DONE);
            assertThat(closed.readBack()).contains(BigDecimal.ZERO);
        }
    }

    @Test
    void valveReplyWithoutStatusIsReadBackFromCurrentData() throws Exception {
        // the write is confirmed without ST (L = 3); the 901F read after it says the valve is closed
        meter = meter(request -> {
            if ((request[13] & 0xFF) == 0x04) { // valve write: SER before the one data byte
                return Cjt188Codec.encode(0, 0x20, METER, 0x84, 0x17A0, request[request.length - 4] & 0xFF, new byte[0]);
            }
            return HeatReplies.reply(0, METER, request[request.length - 3] & 0xFF, true, false, closedValveData());
        });
        try (DeviceSession session = open(METER, settings())) {
            CommandResult closed = session.execute(command("valve.state", "0"));
            assertThat(closed.status()).isEqualTo(CommandResult.Status.DONE);
            assertThat(closed.readBack()).contains(BigDecimal.ZERO);
            assertThat(meter.line().sent()).hasSize(2);
            assertThat(meter.line().sent().get(1)).isEqualTo(hex("FE FE FE FE 68 20 32 41 31 40 00 00 00 01 03 90 1F 01 20 16"));
        }
    }

    @Test
    void valveWithoutStatusAndWithoutCurrentDataIsDoneWithoutReadBack() throws Exception {
        // a bare valve actuator: it confirms the write but does not answer 901F
        meter = meter(request -> (request[13] & 0xFF) == 0x04 ? Cjt188Codec.encode(0, 0x20, METER, 0x84,
                0x17A0, request[request.length - 4] & 0xFF, new byte[0]) : null);
        try (DeviceSession session = open(METER, settings("timeout", "200ms"))) {
            CommandResult opened = session.execute(command("valve.state", "1.0"));
            assertThat(opened.status()).isEqualTo(CommandResult.Status.DONE);
            assertThat(opened.readBack()).isEmpty();
        }
    }

    private static HeatReplies.HeatData closedValveData() {
        return new HeatReplies.HeatData(new HeatReplies.Field(1, 0x05), new HeatReplies.Field(2, 0x05),
                new HeatReplies.Field(0, 0x17), new HeatReplies.Field(0, 0x35), new HeatReplies.Field(3, 0x2C),
                2000, 2000, 5, java.time.LocalDateTime.of(2025, 12, 1, 8, 30, 0), 0x01, 0);
    }

    @Test
    void valveErrorReplyFailsWithTheStatus() throws Exception {
        meter = meter(request -> withChecksum(hex("68 20 32 41 31 40 00 00 00 C4 03 00 02 00 00 16")));
        try (DeviceSession session = open(METER, settings())) {
            CommandResult result = session.execute(command("valve.state", "0"));
            assertThat(result.status()).isEqualTo(CommandResult.Status.FAILED);
            assertThat(result.message()).contains("status 02 00").contains("valve fault");
        }
    }

    @Test
    void otherCommandsAreRefusedBeforeTheWire() throws Exception {
        meter = meter(request -> null);
        try (DeviceSession session = open(METER, settings())) {
            assertThat(session.execute(command("setpoint.room", "21")).status()).isEqualTo(CommandResult.Status.REFUSED);
            CommandResult half = session.execute(command("valve.state", "0.5"));
            assertThat(half.status()).isEqualTo(CommandResult.Status.REFUSED);
            assertThat(half.message()).contains("0.5");
            assertThat(meter.line().sent()).isEmpty();
        }
    }

    @Test
    void configErrorsNameDeviceAndField() throws Exception {
        meter = meter(request -> null);
        assertConfigError("4031413", settings(), "address", "4031413");
        assertConfigError("0000004031413X", settings(), "address", "0000004031413X");
        assertConfigError(METER, settings("unitPosition", "left"), "settings.unitPosition", "left");
        assertConfigError(METER, settings("timeout", "soon"), "settings.timeout", "soon");
        assertConfigError(METER, settings("wakeUp", "-1"), "settings.wakeUp", "-1");
        assertConfigError(METER, settings("flowDecimals", "9"), "settings.flowDecimals", "9");
        assertConfigError(METER, settings("zone", "Nowhere"), "settings.zone", "Nowhere");
        assertConfigError(METER, settings("meterType", "1A"), "settings.meterType", "1A");
    }

    private void assertConfigError(String address, Map<String, String> settings, String field, String value)
            throws Exception {
        DeviceException e = catchThrowableOfType(DeviceException.class, () -> open(address, settings));
        assertThat(e).as(field).isNotNull();
        assertThat(e.kind()).isEqualTo(Kind.CONFIG);
        // the field first: the hub names the device in front of it
        assertThat(e.getMessage()).startsWith(field + ":").contains(value).doesNotContain("hm-1");
        link.close();
        link = null;
        // the same check without a link, as bin/heathub check and the site owner make it
        assertThatThrownBy(() -> driver.validate(new DeviceConfig("hm-1", "cjt188", "line-1", address, settings,
                Duration.ofMinutes(15), Path.of("config"), "config/site.yaml:7"))).hasMessage(e.getMessage());
    }

    private static Command command(String point, String value) {
        return new Command("r-1", "hm-1", point, new BigDecimal(value), "test");
    }
}
