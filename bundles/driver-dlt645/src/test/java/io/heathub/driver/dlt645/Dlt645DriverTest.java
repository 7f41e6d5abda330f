package io.heathub.driver.dlt645;

import static io.heathub.testkit.Bytes.concat;
import static io.heathub.testkit.Bytes.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.heathub.api.Reading;
import io.heathub.api.Unit;
import io.heathub.api.driver.CommandResult;
import io.heathub.api.driver.DeviceConfig;
import io.heathub.api.driver.DeviceException;
import io.heathub.api.driver.DeviceException.Kind;
import io.heathub.api.driver.DeviceSession;
import io.heathub.api.driver.LinkFactory.ManagedLink;
import io.heathub.testkit.line.ScriptedLine;
import io.heathub.testkit.line.ScriptedTcpPeer;
import io.heathub.transport.TcpLinkFactory;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The driver against a scripted meter on a real local TCP socket (as behind a serial-to-TCP
 * converter), through the transport bundle's link.
 */
class Dlt645DriverTest {
    private static final MeterAddress METER = new MeterAddress("000000000161");
    private ScriptedTcpPeer peer;
    private ManagedLink link;

    @AfterEach
    void stop() throws IOException {
        if (link != null) {
            link.close();
        }
        if (peer != null) {
            peer.close();
        }
    }

    /** The honest meter's clock: 2026-11-23 (a Monday) 09:30:05 local time. */
    private static final java.time.LocalDateTime METER_TIME = java.time.LocalDateTime.of(2026, 11, 23, 9, 30, 5);

    /** The data identifier a read request asks for. */
    private static int identifier(byte[] request) {
        try {
            Dlt645Frame frame = Dlt645Codec.parse(request);
            return (frame.data()[0] & 0xFF) | (frame.data()[1] & 0xFF) << 8 | (frame.data()[2] & 0xFF) << 16
                    | (frame.data()[3] & 0xFF) << 24;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A meter that answers every read of a supported identifier with a fixed value, and its clock. */
    private static byte[] honestMeter(byte[] request) {
        try {
            int di = identifier(request);
            if (di == MeterClock.DATE) {
                return MeterClock.dateReply(METER, METER_TIME.toLocalDate(), 2);
            }
            if (di == MeterClock.TIME) {
                return MeterClock.timeReply(METER, METER_TIME.toLocalTime(), 2);
            }
            DataItem item = DataItem.byIdentifier(di).orElseThrow();
            BigDecimal value = switch (item) {
                case FORWARD_ACTIVE_ENERGY -> new BigDecimal("12345.67");
                case TOTAL_ACTIVE_POWER -> new BigDecimal("-3.5000");
                case PHASE_A_VOLTAGE -> new BigDecimal("229.8");
                case FREQUENCY -> new BigDecimal("50.01");
                default -> BigDecimal.ONE;
            };
            return Dlt645Codec.readReply(METER, item, value, 2);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void readsEachConfiguredPointWithItsOwnRequest() throws Exception {
        DeviceSession session = open(Dlt645DriverTest::honestMeter,
                Map.of("points", "electric.energy, electric.power,voltage.a,frequency"));
        List<Reading> readings = session.read(Set.of());
        assertThat(readings).extracting(Reading::point)
                .containsExactly("electric.energy", "electric.power", "voltage.a", "frequency", "meter.clock");
        assertThat(readings).extracting(Reading::value).containsExactly(new BigDecimal("12345.67"),
                new BigDecimal("-3.5000"), new BigDecimal("229.8"), new BigDecimal("50.01"),
                BigDecimal.valueOf(METER_TIME.atZone(java.time.ZoneId.of("Asia/Shanghai")).toEpochSecond()));
        assertThat(readings).extracting(Reading::unit).containsExactly(Unit.KWH, Unit.KW, Unit.VOLT, Unit.HERTZ, Unit.NONE);
        assertThat(readings).allSatisfy(r -> assertThat(r.device()).isEqualTo("pump-meter"));
        assertThat(requests()).containsExactly(
                "FE FE FE FE 68 61 01 00 00 00 00 68 11 04 33 33 34 33 14 16",
                "FE FE FE FE 68 61 01 00 00 00 00 68 11 04 33 33 36 35 18 16",
                "FE FE FE FE 68 61 01 00 00 00 00 68 11 04 33 34 34 35 17 16",
                "FE FE FE FE 68 61 01 00 00 00 00 68 11 04 35 33 B3 35 97 16",
                // then the meter's clock: time (04 00 01 02), date (04 00 01 01)
                "FE FE FE FE 68 61 01 00 00 00 00 68 11 04 35 34 33 37 1A 16",
                "FE FE FE FE 68 61 01 00 00 00 00 68 11 04 34 34 33 37 19 16");
    }

    @Test
    void defaultsToEnergyAndPowerAndHonoursTheWantedSetAndWakeUp() throws Exception {
        DeviceSession session = open(Dlt645DriverTest::honestMeter, Map.of("wakeUp", "0"));
        assertThat(session.read(Set.of())).extracting(Reading::point)
                .containsExactly("electric.energy", "electric.power", "meter.clock");
        assertThat(session.read(Set.of("frequency", "no.such.point"))).extracting(Reading::point).containsExactly("frequency");
        assertThat(requests().get(0)).isEqualTo("68 61 01 00 00 00 00 68 11 04 33 33 34 33 14 16");
    }

    @Test
    void theMeterClockIsReadInTheSitesZoneAtMostOncePerClockInterval() throws Exception {
        DeviceConfig inUtcSite = new DeviceConfig("pump-meter", "dlt645", "meters", "000000000161",
                Map.of("timeout", "1s"), Duration.ofSeconds(10), Path.of("config"), "config/site.yaml:7",
                java.time.ZoneOffset.UTC);
        peer = new ScriptedTcpPeer(ScriptedLine.answering(Dlt645DriverTest::honestMeter), Dlt645Codec::frameLength);
        link = new TcpLinkFactory().open(URI.create(peer.uri()));
        DeviceSession session = new Dlt645Driver().open(inUtcSite, link);
        java.time.Instant before = java.time.Instant.now();
        assertThat(session.read(Set.of())).filteredOn(r -> r.point().equals("meter.clock")).singleElement()
                .satisfies(r -> {
                    assertThat(r.value()).isEqualByComparingTo(String.valueOf(
                            java.time.Instant.parse("2026-11-23T09:30:05Z").getEpochSecond()));
                    assertThat(r.time()).isBetween(before, java.time.Instant.now()); // hub time, not the meter's
                });
        // within the hour: the next polls do not ask for it again
        assertThat(session.read(Set.of())).extracting(Reading::point).doesNotContain("meter.clock");
        assertThat(requests()).hasSize(4 + 2);
        // asked for by name, it is read
        assertThat(session.read(Set.of("meter.clock"))).hasSize(1);
    }

    @Test
    void aDateReadJustAfterMidnightIsReadAgainSoTheClockIsNeverADayOff() throws Exception {
        java.util.concurrent.atomic.AtomicInteger timeReads = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger dateReads = new java.util.concurrent.atomic.AtomicInteger();
        DeviceSession session = open(request -> {
            int di = identifier(request);
            if (di == MeterClock.TIME) {
                // 23:59:59 at the first read, 00:00:00 the next day at the second
                return MeterClock.timeReply(METER, timeReads.getAndIncrement() == 0 ? java.time.LocalTime.of(23, 59, 59)
                        : java.time.LocalTime.MIDNIGHT, 0);
            }
            if (di == MeterClock.DATE) {
                // the first date read came just after midnight already
                dateReads.incrementAndGet();
                return MeterClock.dateReply(METER, java.time.LocalDate.of(2026, 11, 24), 0);
            }
            return honestMeter(request);
        }, Map.of("points", "electric.energy", "zone", "UTC"));
        assertThat(session.read(Set.of())).filteredOn(r -> r.point().equals("meter.clock")).singleElement()
                .satisfies(r -> assertThat(r.value()).isEqualByComparingTo(String.valueOf(
                        java.time.Instant.parse("2026-11-24T00:00:00Z").getEpochSecond())));
        assertThat(timeReads.get()).isEqualTo(2);
        assertThat(dateReads.get()).isEqualTo(2);
    }

    @Test
    void aMeterThatRefusesItsClockIsStillReadAndNotAskedAgain() throws Exception {
        DeviceSession session = open(request -> {
            int di = identifier(request);
            return di == MeterClock.TIME || di == MeterClock.DATE ? Dlt645Codec.errorReply(METER, 0x02, 0)
                    : honestMeter(request);
        }, Map.of("clockInterval", "1ms"));
        assertThat(session.read(Set.of())).extracting(Reading::point).containsExactly("electric.energy", "electric.power");
        assertThat(session.read(Set.of())).extracting(Reading::point).containsExactly("electric.energy", "electric.power");
        assertThat(requests()).hasSize(2 + 1 + 2);
        assertThatThrownBy(() -> new Dlt645Driver().validate(config("000000000161", Map.of("clockInterval", "hourly"))))
                .hasMessageContaining("settings.clockInterval: expected a duration like 1s or 500ms, got \"hourly\"");
        assertThatThrownBy(() -> new Dlt645Driver().validate(config("000000000161", Map.of("zone", "Mars/Base"))))
                .hasMessageContaining("settings.zone: expected a time zone id like Asia/Shanghai, got \"Mars/Base\"");
        new Dlt645Driver().validate(config("000000000161", Map.of("clockInterval", "off")));
    }

    @Test
    void theEchoOfTheRequestIsSkipped() throws Exception {
        DeviceSession session = open(request -> concat(request, honestMeter(request)), Map.of());
        assertThat(session.read(Set.of("electric.energy"))).singleElement()
                .satisfies(r -> assertThat(r.value()).isEqualTo(new BigDecimal("12345.67")));
    }

    @Test
    void aReplyFromAnotherMeterIsSkippedAndNamedWhenNothingElseComes() throws Exception {
        DeviceSession session = open(request -> Dlt645Codec.readReply(new MeterAddress("000000000162"),
                DataItem.FORWARD_ACTIVE_ENERGY, BigDecimal.TEN, 0), Map.of("timeout", "300ms"));
        assertThatThrownBy(() -> session.read(Set.of()))
                .isInstanceOfSatisfying(DeviceException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TIMEOUT))
                .hasMessageStartingWith("meter 000000000161: ")
                .hasMessageContaining("read electric.energy (DI 00 01 00 00): no reply within 300 ms; skipped a reply"
                        + " from meter 000000000162, not 000000000161");
    }

    @Test
    void aLateReplyFromAnotherMeterBeforeOursIsSkipped() throws Exception {
        byte[] late = Dlt645Codec.readReply(new MeterAddress("000000000162"), DataItem.FORWARD_ACTIVE_ENERGY,
                BigDecimal.TEN, 0);
        DeviceSession session = open(request -> concat(request, late, honestMeter(request)), Map.of());
        assertThat(session.read(Set.of("electric.energy"))).singleElement()
                .satisfies(r -> assertThat(r.value()).isEqualTo(new BigDecimal("12345.67")));
    }

    @Test
    void aReplyForAnotherIdentifierIsMalformed() throws Exception {
        DeviceSession session = open(request -> Dlt645Codec.readReply(METER, DataItem.FREQUENCY, BigDecimal.TEN, 0), Map.of());
        assertThatThrownBy(() -> session.read(Set.of()))
                .isInstanceOfSatisfying(DeviceException.class, e -> assertThat(e.kind()).isEqualTo(Kind.MALFORMED))
                .hasMessageContaining("reply carries DI 02 80 00 02 (frequency)");
    }

    @Test
    void anErrorReplyIsANakNamingPointAndReason() throws Exception {
        DeviceSession session = open(request -> Dlt645Codec.errorReply(METER, 0x02, 4), Map.of());
        assertThatThrownBy(() -> session.read(Set.of()))
                .isInstanceOfSatisfying(DeviceException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NAK))
                .hasMessageContaining("read electric.energy (DI 00 01 00 00): byte 14: meter 000000000161 answered with an error (C D1, error byte 02): no data requested")
                .hasMessageContaining("reply was FE FE FE FE 68 61 01 00 00 00 00 68 D1 01 35 39 16");
    }

    @Test
    void aBadChecksumIsAChecksumError() throws Exception {
        DeviceSession session = open(request -> {
            byte[] reply = honestMeter(request);
            reply[reply.length - 2]++;
            return reply;
        }, Map.of());
        assertThatThrownBy(() -> session.read(Set.of()))
                .isInstanceOfSatisfying(DeviceException.class, e -> assertThat(e.kind()).isEqualTo(Kind.CHECKSUM))
                .hasMessageContaining("checksum is");
    }

    @Test
    void silenceIsATimeoutShowingTheRequest() throws Exception {
        DeviceSession session = open(request -> null, Map.of("timeout", "300ms"));
        long start = System.nanoTime();
        assertThatThrownBy(() -> session.read(Set.of()))
                .isInstanceOfSatisfying(DeviceException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TIMEOUT))
                .hasMessageContaining("read electric.energy (DI 00 01 00 00): no reply within 300 ms; request was "
                        + "FE FE FE FE 68 61 01 00 00 00 00 68 11 04 33 33 34 33 14 16");
        assertThat((System.nanoTime() - start) / 1_000_000).isBetween(290L, 2000L);
    }

    @Test
    void aTruncatedReplyIsATimeoutShowingTheBytes() throws Exception {
        DeviceSession session = open(request -> hex("FE 68 61 01 00 00 00 00 68 91 08 33"), Map.of("timeout", "300ms"));
        assertThatThrownBy(() -> session.read(Set.of()))
                .isInstanceOfSatisfying(DeviceException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TIMEOUT))
                .hasMessageContaining("(got 12 bytes: FE 68 61 01 00 00 00 00 68 91 08 33)");
    }

    @Test
    void readAddressFindsTheLoneMeter() throws Exception {
        open(request -> Dlt645Codec.readAddressReply(new MeterAddress("202411110002"), 4), Map.of());
        MeterAddress found = new Dlt645Driver().readAddress(link, Duration.ofMillis(500), 4);
        assertThat(found).isEqualTo(new MeterAddress("202411110002"));
        assertThat(requests()).containsExactly("FE FE FE FE 68 AA AA AA AA AA AA 68 13 00 DF 16");
    }

    @Test
    void commandsAreRefused() throws Exception {
        DeviceSession session = open(Dlt645DriverTest::honestMeter, Map.of());
        CommandResult result = session.execute(new io.heathub.api.driver.Command("r1", "pump-meter", "electric.power",
                BigDecimal.ONE, "test"));
        assertThat(result.status()).isEqualTo(CommandResult.Status.REFUSED);
        assertThat(requests()).isEmpty();
    }

    @Test
    void validateMakesTheSameChecksWithoutALink() throws Exception {
        Dlt645Driver driver = new Dlt645Driver();
        driver.validate(config("000000000161", Map.of()));
        assertThatThrownBy(() -> driver.validate(config("161", Map.of())))
                .hasMessage("address: expected the meter's 12-digit "
                        + "communication address, e.g. 000000000161, got \"161\"");
        assertThatThrownBy(() -> driver.validate(config("999999999999", Map.of())))
                .hasMessageContaining("address: 999999999999 is the broadcast address");
    }

    @Test
    void badConfigurationIsReportedAtOpenNamingDeviceAndField() {
        Dlt645Driver driver = new Dlt645Driver();
        assertThat(driver.info().id()).isEqualTo("dlt645");
        assertThatThrownBy(() -> driver.open(config("161", Map.of()), null))
                .isInstanceOfSatisfying(DeviceException.class, e -> assertThat(e.kind()).isEqualTo(Kind.CONFIG))
                .hasMessage("address: expected the meter's 12-digit "
                        + "communication address, e.g. 000000000161, got \"161\"");
        assertThatThrownBy(() -> driver.open(config("999999999999", Map.of()), null))
                .hasMessageContaining("address: 999999999999 is the broadcast address");
        assertThatThrownBy(() -> driver.open(config("000000000161", Map.of("points", "electric.energy,power")), null))
                .isInstanceOfSatisfying(DeviceException.class, e -> assertThat(e.kind()).isEqualTo(Kind.CONFIG))
                .hasMessageContaining("settings.points: unknown point \"power\"; known: electric.energy.combined, electric.energy,");
        assertThatThrownBy(() -> driver.open(config("000000000161", Map.of("points", "electric.energy,")), null))
                .hasMessageContaining("settings.points: empty point name");
        assertThatThrownBy(() -> driver.open(config("000000000161", Map.of("timeout", "soon")), null))
                .hasMessageContaining("settings.timeout: expected a duration like 1s or 500ms, got \"soon\"");
        assertThatThrownBy(() -> driver.open(config("000000000161", Map.of("wakeUp", "17")), null))
                .hasMessageContaining("settings.wakeUp: expected a count of FE bytes 0..16, got \"17\"");
    }

    private DeviceSession open(UnaryOperator<byte[]> meter, Map<String, String> settings) throws Exception {
        peer = new ScriptedTcpPeer(ScriptedLine.answering(meter), Dlt645Codec::frameLength);
        link = new TcpLinkFactory().open(URI.create(peer.uri()));
        Map<String, String> all = new HashMap<>(settings);
        all.putIfAbsent("timeout", "1s");
        return new Dlt645Driver().open(config("000000000161", all), link);
    }

    /** The requests the meter heard, as hex. */
    private List<String> requests() {
        return peer.line().sentHex();
    }

    private static DeviceConfig config(String address, Map<String, String> settings) {
        return new DeviceConfig("pump-meter", "dlt645", "meters", address, settings, Duration.ofSeconds(10),
                Path.of("config"), "config/site.yaml:7");
    }

}
