package io.heathub.simulator.meters;

import static io.heathub.simulator.meters.Decoded.frame;
import static io.heathub.simulator.meters.Decoded.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.heathub.api.Points;
import io.heathub.api.driver.DeviceException.Kind;
import io.heathub.api.driver.FrameException;
import io.heathub.driver.cjt188.Cjt188Codec;
import io.heathub.driver.dlt645.DataItem;
import io.heathub.driver.dlt645.Dlt645Codec;
import io.heathub.driver.dlt645.MeterAddress;
import io.heathub.driver.mbus.MbusTelegram;
import io.heathub.testkit.SettableClock;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Each meter model answers the hub's requests; the hub's decoders read the replies. */
class MeterRepliesTest {
    private final SettableClock clock = WinterMorning.clock();
    private final MeterEnvironment environment = WinterMorning.environment(clock);

    private Cjt188Meter heat(String address, Cjt188Meter.UnitPosition position, Faults faults) {
        return new Cjt188Meter(address, Cjt188Meter.TYPE_HEAT, position, Cjt188Meter.EnergyUnit.KWH, 7, faults, environment);
    }

    private static byte[] answer(SimulatedMeter meter, byte[] request) {
        return meter.answer(frame(request)).orElseThrow(() -> new AssertionError(meter.describe() + " did not answer "
                + Master.HEX.formatHex(request)));
    }

    @ParameterizedTest
    @EnumSource(Cjt188Meter.UnitPosition.class)
    void cjt188HeatMeterCountersAdvanceAndDecodeInBothUnitPositions(Cjt188Meter.UnitPosition position) throws Exception {
        Cjt188Meter meter = heat("20100000000001", position, Faults.NONE);
        byte[] request = Cjt188Codec.readCurrentData(4, 0x20, "20100000000001", 9);
        byte[] reply = answer(meter, request);
        assertThat(Master.HEX.formatHex(reply)).startsWith("FE FE FE FE 68 20 01 00 00 00 00 10 20 81 2E 90 1F 09");
        Map<String, BigDecimal> first = Decoded.cjt188(reply, position.setting());
        assertThat(first.get(Points.TEMP_SUPPLY)).isBetween(new BigDecimal("55"), new BigDecimal("70"));
        assertThat(first.get(Points.TEMP_RETURN)).isLessThan(first.get(Points.TEMP_SUPPLY));
        assertThat(first.get(Points.FLOW)).isBetween(new BigDecimal("0.1"), new BigDecimal("0.7"));
        assertThat(first.get(Points.HEAT_POWER)).isPositive();
        assertThat(first.get(Points.HEAT_ENERGY_DUE_DAY)).isLessThan(first.get(Points.HEAT_ENERGY));

        clock.advance(Duration.ofHours(2));
        Map<String, BigDecimal> later = Decoded.cjt188(answer(meter, request), position.setting());
        BigDecimal energyGain = later.get(Points.HEAT_ENERGY).subtract(first.get(Points.HEAT_ENERGY));
        // two hours at roughly the power read: within 25 % (the flow wobbles)
        BigDecimal expected = first.get(Points.HEAT_POWER).multiply(BigDecimal.valueOf(2));
        assertThat(energyGain.doubleValue()).isBetween(expected.doubleValue() * 0.75, expected.doubleValue() * 1.25);
        assertThat(later.get(Points.VOLUME)).isGreaterThan(first.get(Points.VOLUME));
        assertThat(later.get(Points.HOURS).subtract(first.get(Points.HOURS))).isBetween(BigDecimal.ONE, new BigDecimal("3"));
    }

    @Test
    void cjt188WrongPositionSettingIsRejectedByTheHub() {
        byte[] reply = answer(heat("20200000000001", Cjt188Meter.UnitPosition.BEFORE, Faults.NONE),
                Cjt188Codec.readCurrentData(0, 0x20, "20200000000001", 1));
        assertThatThrownBy(() -> Decoded.cjt188(reply, "after")).isInstanceOf(FrameException.class)
                .hasMessageContaining("unitPosition");
    }

    @Test
    void cjt188AnswersTheSwappedDataIdentifierInTheOrderAsked() throws Exception {
        Cjt188Meter meter = heat("20100000000002", Cjt188Meter.UnitPosition.AFTER, Faults.NONE);
        byte[] reply = answer(meter, Cjt188Codec.encode(0, 0x20, "20100000000002", 0x01, 0x1F90, 3, new byte[0]));
        assertThat(Master.HEX.formatHex(reply)).contains("81 2E 1F 90 03");
        assertThat(Decoded.cjt188(reply, "after")).containsKey(Points.HEAT_ENERGY);
    }

    @Test
    void cjt188PublishedRequestIsAnsweredByAMeterWithThatAddress() throws Exception {
        // docs/protocols.md §1.9: unit-before meter 00 00 00 40 31 41 32, request with FE wake-up bytes
        Cjt188Meter meter = heat("00000040314132", Cjt188Meter.UnitPosition.BEFORE, Faults.NONE);
        byte[] reply = answer(meter, hex("FE FE FE FE 68 20 32 41 31 40 00 00 00 01 03 90 1F 01 20 16"));
        assertThat(Master.HEX.formatHex(reply)).startsWith("FE FE FE FE 68 20 32 41 31 40 00 00 00 81 2E 90 1F 01");
        Map<String, BigDecimal> readings = Decoded.cjt188(reply, "before");
        assertThat(readings).containsKeys(Points.HEAT_ENERGY, Points.VOLUME, Points.TEMP_SUPPLY);
    }

    @Test
    void cjt188MeterClockIsLocalTimeWithinAMinuteOrTwo() throws Exception {
        Cjt188Meter meter = heat("20100000000003", Cjt188Meter.UnitPosition.AFTER, Faults.NONE);
        byte[] reply = answer(meter, Cjt188Codec.readCurrentData(0, 0x20, "20100000000003", 1));
        int clockAt = 4 + 11 + 3 + 5 * 5 + 3 * 3;
        LocalDateTime shown = LocalDateTime.of(2000 + bcd(reply[clockAt + 5]) + (bcd(reply[clockAt + 6]) - 20) * 100,
                bcd(reply[clockAt + 4]), bcd(reply[clockAt + 3]), bcd(reply[clockAt + 2]), bcd(reply[clockAt + 1]),
                bcd(reply[clockAt]));
        Instant meterTime = shown.atZone(ZoneId.of("Asia/Shanghai")).toInstant();
        assertThat(Duration.between(clock.instant(), meterTime).abs()).isLessThanOrEqualTo(Duration.ofSeconds(60));
    }

    private static int bcd(byte b) {
        return (b >> 4 & 0x0F) * 10 + (b & 0x0F);
    }

    @Test
    void cjt188ReadAddressByBroadcastNamesTheMeter() {
        Cjt188Meter meter = heat("20100000000004", Cjt188Meter.UnitPosition.AFTER, Faults.NONE);
        byte[] reply = answer(meter, hex("68 AA AA AA AA AA AA AA AA 03 03 81 0A 00 49 16"));
        assertThat(Master.HEX.formatHex(reply)).startsWith("FE FE FE FE 68 20 04 00 00 00 00 10 20 83 03 81 0A 00");
        assertThat(catchFrame(reply)).isNull();
    }

    private static FrameException catchFrame(byte[] reply) {
        try {
            Cjt188Codec.parseReply(reply);
            return null;
        } catch (FrameException e) {
            return e;
        }
    }

    @Test
    void cjt188ValveCloseStopsTheFlowAndShowsInTheStatus() throws Exception {
        Cjt188Meter meter = heat("20100000000005", Cjt188Meter.UnitPosition.AFTER, Faults.NONE);
        byte[] closed = answer(meter, Cjt188Codec.valveControl(2, 0x20, "20100000000005", 0x04, 5, false));
        assertThat(Master.HEX.formatHex(closed)).contains("84 05 A0 17 05 01 00");
        assertThat(meter.valveOpen()).isFalse();
        byte[] read = Cjt188Codec.readCurrentData(0, 0x20, "20100000000005", 6);
        Map<String, BigDecimal> whileClosed = Decoded.cjt188(answer(meter, read), "after");
        assertThat(whileClosed.get("status.valveClosed")).isEqualByComparingTo("1");
        assertThat(whileClosed.get(Points.FLOW)).isZero();
        clock.advance(Duration.ofHours(1));
        assertThat(Decoded.cjt188(answer(meter, read), "after").get(Points.HEAT_ENERGY))
                .isEqualByComparingTo(whileClosed.get(Points.HEAT_ENERGY));
        answer(meter, Cjt188Codec.valveControl(0, 0x20, "20100000000005", 0x04, 7, true));
        assertThat(Decoded.cjt188(answer(meter, read), "after").get("status.valveClosed")).isZero();
    }

    @Test
    void cjt188UnknownDataIdentifierGetsAnErrorReply() {
        Cjt188Meter meter = heat("20100000000006", Cjt188Meter.UnitPosition.AFTER, Faults.NONE);
        byte[] reply = answer(meter, Cjt188Codec.encode(0, 0x20, "20100000000006", 0x01, 0x907F, 8, new byte[0]));
        assertThat(Master.HEX.formatHex(reply)).contains("C1 03 08 00 00");
        assertThatThrownBy(() -> Cjt188Codec.parseReply(reply)).isInstanceOfSatisfying(FrameException.class,
                e -> assertThat(e.kind()).isEqualTo(Kind.NAK));
    }

    @Test
    void cjt188IgnoresOtherAddressesAndOtherMeterTypes() {
        Cjt188Meter meter = heat("20100000000007", Cjt188Meter.UnitPosition.AFTER, Faults.NONE);
        assertThat(meter.answer(frame(Cjt188Codec.readCurrentData(0, 0x20, "20100000000008", 1)))).isEmpty();
        assertThat(meter.answer(frame(Cjt188Codec.readCurrentData(0, 0x10, "20100000000007", 1)))).isEmpty();
        assertThat(meter.answer(frame(Cjt188Codec.readCurrentData(0, 0xAA, "20100000000007", 1)))).isPresent();
    }

    @Test
    void cjt188WaterMeterVolumeAdvances() throws Exception {
        Cjt188Meter meter = new Cjt188Meter("10100000000001", Cjt188Meter.TYPE_WATER, Cjt188Meter.UnitPosition.AFTER,
                Cjt188Meter.EnergyUnit.KWH, 3, Faults.NONE, environment);
        byte[] request = Cjt188Codec.readCurrentData(0, 0x10, "10100000000001", 1);
        Map<String, BigDecimal> first = Decoded.cjt188(answer(meter, request), "after");
        clock.advance(Duration.ofHours(10));
        Map<String, BigDecimal> later = Decoded.cjt188(answer(meter, request), "after");
        assertThat(later.get(Points.VOLUME).subtract(first.get(Points.VOLUME)))
                .isBetween(new BigDecimal("0.1"), new BigDecimal("1.0"));
        assertThat(later.get("volume.dueDay")).isEqualByComparingTo(first.get("volume.dueDay"));
    }

    @Test
    void faultsStickDriftAndSilenceMeters() throws Exception {
        byte[] request = Cjt188Codec.readCurrentData(0, 0x20, "20100000000009", 1);
        Cjt188Meter healthy = heat("20100000000009", Cjt188Meter.UnitPosition.AFTER, Faults.NONE);
        Cjt188Meter drifting = heat("20100000000009", Cjt188Meter.UnitPosition.AFTER, new Faults(1.5, false, false));
        Cjt188Meter stuck = heat("20100000000009", Cjt188Meter.UnitPosition.AFTER, new Faults(1.0, true, false));
        Cjt188Meter offline = heat("20100000000009", Cjt188Meter.UnitPosition.AFTER, new Faults(1.0, false, true));
        BigDecimal start = Decoded.cjt188(answer(healthy, request), "after").get(Points.HEAT_ENERGY);
        BigDecimal stuckStart = Decoded.cjt188(answer(stuck, request), "after").get(Points.HEAT_ENERGY);
        clock.advance(Duration.ofHours(4));
        BigDecimal healthyGain = Decoded.cjt188(answer(healthy, request), "after").get(Points.HEAT_ENERGY).subtract(start);
        BigDecimal driftGain = Decoded.cjt188(answer(drifting, request), "after").get(Points.HEAT_ENERGY).subtract(start);
        Map<String, BigDecimal> stuckNow = Decoded.cjt188(answer(stuck, request), "after");
        assertThat(driftGain.doubleValue()).isCloseTo(healthyGain.doubleValue() * 1.5, org.assertj.core.data.Offset.offset(0.05));
        assertThat(stuckNow.get(Points.HEAT_ENERGY)).isEqualByComparingTo(stuckStart);
        assertThat(stuckNow.get(Points.HEAT_POWER)).isPositive();
        assertThat(offline.answer(frame(request))).isEmpty();
        assertThatThrownBy(() -> new Faults(0, false, false)).hasMessageContaining("drift");
    }

    @Test
    void invalidMeterSettingsAreRejectedWithTheValue() {
        assertThatThrownBy(() -> heat("2010", Cjt188Meter.UnitPosition.AFTER, Faults.NONE)).hasMessageContaining("\"2010\"");
        assertThatThrownBy(() -> new MbusMeter(251, "71000001", "HHS", 1, 4, MbusMeter.EnergyUnit.KWH, 1, Faults.NONE,
                environment)).hasMessageContaining("251");
        assertThatThrownBy(() -> new Dlt645Meter("64000000000X", 1, Faults.NONE, environment))
                .hasMessageContaining("64000000000X");
        assertThatThrownBy(() -> new MeterLine.Timing(-1, Duration.ZERO, false)).hasMessageContaining("-1");
    }

    // ---------------------------------------------------------------- M-Bus

    private MbusMeter mbus(int primary, String id, MbusMeter.EnergyUnit unit) {
        return new MbusMeter(primary, id, "HHS", 1, MbusMeter.MEDIUM_HEAT, unit, primary, Faults.NONE, environment);
    }

    @ParameterizedTest
    @EnumSource(MbusMeter.EnergyUnit.class)
    void mbusRspUdDecodesWithEveryEnergyUnit(MbusMeter.EnergyUnit unit) throws Exception {
        MbusMeter meter = mbus(5, "71000005", unit);
        MbusTelegram telegram = Decoded.mbus(answer(meter, Decoded.mbusShort(0x7B, 5)));
        assertThat(telegram.primaryAddress()).isEqualTo(5);
        assertThat(telegram.identification()).isEqualTo("71000005");
        assertThat(telegram.manufacturer()).isEqualTo("HHS");
        assertThat(telegram.medium()).isEqualTo(0x04);
        Map<String, BigDecimal> readings = Decoded.byPoint(telegram.readings());
        assertThat(readings).containsKeys(Points.HEAT_ENERGY, Points.HEAT_ENERGY_DUE_DAY, Points.VOLUME, Points.HEAT_POWER,
                Points.FLOW, Points.TEMP_SUPPLY, Points.TEMP_RETURN, Points.HOURS);
        assertThat(telegram.unmappedRecords()).isZero();
        assertThat(readings.get(Points.HEAT_ENERGY).doubleValue()).isBetween(1000.0, 20_000.0);
        assertThat(readings.get(Points.HEAT_ENERGY_DUE_DAY)).isLessThan(readings.get(Points.HEAT_ENERGY));
        assertThat(readings.get(Points.TEMP_SUPPLY)).isGreaterThan(readings.get(Points.TEMP_RETURN));
    }

    @Test
    void mbusCountersAdvanceAndTheSameSeedGivesTheSameEnergyInEveryUnit() throws Exception {
        MbusMeter kwh = mbus(6, "71000006", MbusMeter.EnergyUnit.KWH);
        MbusMeter wh = mbus(6, "71000006", MbusMeter.EnergyUnit.WH);
        byte[] request = Decoded.mbusShort(0x5B, 6);
        BigDecimal first = energy(kwh, request);
        assertThat(energy(wh, request).doubleValue()).isCloseTo(first.doubleValue(), org.assertj.core.data.Offset.offset(1.0));
        clock.advance(Duration.ofHours(3));
        assertThat(energy(kwh, request)).isGreaterThan(first);
    }

    private static BigDecimal energy(MbusMeter meter, byte[] request) throws FrameException {
        return Decoded.byPoint(Decoded.mbus(answer(meter, request)).readings()).get(Points.HEAT_ENERGY);
    }

    @Test
    void mbusSndNkeIsAcknowledgedAndOtherAddressesAreIgnored() {
        MbusMeter meter = mbus(7, "71000007", MbusMeter.EnergyUnit.KWH);
        assertThat(answer(meter, Decoded.mbusShort(0x40, 7))).containsExactly(0xE5);
        assertThat(meter.answer(frame(Decoded.mbusShort(0x40, 8)))).isEmpty();
        assertThat(meter.answer(frame(Decoded.mbusShort(0x7B, 8)))).isEmpty();
        assertThat(meter.answer(frame(Decoded.mbusShort(0x7B, 0xFD)))).as("not selected").isEmpty();
    }

    @Test
    void mbusSecondarySelectWithWildcards() throws Exception {
        MbusMeter meter = mbus(9, "71000009", MbusMeter.EnergyUnit.KWH);
        // exact id, any manufacturer/version/medium
        assertThat(answer(meter, Decoded.select(hex("09 00 00 71 FF FF FF FF")))).containsExactly(0xE5);
        assertThat(meter.selected()).isTrue();
        assertThat(Decoded.mbus(answer(meter, Decoded.mbusShort(0x7B, 0xFD))).identification()).isEqualTo("71000009");
        // a select that does not match deselects
        assertThat(meter.answer(frame(Decoded.select(hex("08 00 00 71 FF FF FF FF"))))).isEmpty();
        assertThat(meter.selected()).isFalse();
        // wildcard nibbles, manufacturer HHS = 0x2113, version 01, medium 04
        assertThat(answer(meter, Decoded.select(hex("F9 FF FF 7F 13 21 01 04")))).containsExactly(0xE5);
        assertThat(meter.answer(frame(Decoded.select(hex("F9 FF FF 7F 13 21 02 04"))))).as("other version").isEmpty();
        answer(meter, Decoded.select(hex("FF FF FF FF FF FF FF FF")));
        assertThat(answer(meter, Decoded.mbusShort(0x40, 0xFD))).as("SND_NKE deselects").containsExactly(0xE5);
        assertThat(meter.selected()).isFalse();
    }

    // ---------------------------------------------------------------- DL/T 645

    @Test
    void dlt645AnswersEveryItemTheDriverReads() throws Exception {
        Dlt645Meter meter = new Dlt645Meter("640000000001", 11, Faults.NONE, environment);
        MeterAddress address = new MeterAddress("640000000001");
        for (DataItem item : DataItem.values()) {
            byte[] reply = answer(meter, Dlt645Codec.readRequest(address, item, 4));
            Map<String, BigDecimal> readings = Decoded.dlt645(reply);
            assertThat(readings).as(item.name()).containsKey(item.point());
        }
        BigDecimal voltage = read(meter, address, DataItem.PHASE_A_VOLTAGE);
        BigDecimal power = read(meter, address, DataItem.TOTAL_ACTIVE_POWER);
        BigDecimal current = read(meter, address, DataItem.PHASE_A_CURRENT);
        assertThat(voltage.doubleValue()).isBetween(215.0, 225.0);
        assertThat(read(meter, address, DataItem.FREQUENCY).doubleValue()).isBetween(49.9, 50.1);
        // three phases at power factor 0.85..0.95
        double apparent = 3 * voltage.doubleValue() * current.doubleValue() / 1000;
        assertThat(power.doubleValue() / apparent).isBetween(0.84, 0.96);
        assertThat(read(meter, address, DataItem.COMBINED_ACTIVE_ENERGY))
                .isEqualByComparingTo(read(meter, address, DataItem.FORWARD_ACTIVE_ENERGY));
        BigDecimal energy = read(meter, address, DataItem.FORWARD_ACTIVE_ENERGY);
        clock.advance(Duration.ofHours(1));
        BigDecimal gain = read(meter, address, DataItem.FORWARD_ACTIVE_ENERGY).subtract(energy);
        assertThat(gain.doubleValue()).isBetween(power.doubleValue() * 0.8, power.doubleValue() * 1.2);
    }

    @Test
    void dlt645PowerFactorIsServedThoughTheDriverDoesNotReadIt() {
        Dlt645Meter meter = new Dlt645Meter("640000000002", 11, Faults.NONE, environment);
        byte[] reply = answer(meter, Dlt645Codec.encode(new MeterAddress("640000000002"), 0x11,
                new byte[] {0x00, 0x00, 0x06, 0x02}, 0));
        // 91, L = 6, DI 00 00 06 02 (+33h), value X.XXX
        assertThat(Master.HEX.formatHex(reply)).contains("91 06 33 33 39 35");
        int low = (reply[4 + 14] - 0x33) & 0xFF;
        int high = (reply[4 + 15] - 0x33) & 0xFF;
        double factor = ((high >> 4) * 1000 + (high & 0x0F) * 100 + (low >> 4) * 10 + (low & 0x0F)) / 1000.0;
        assertThat(factor).isBetween(0.85, 0.95);
    }

    private static BigDecimal read(Dlt645Meter meter, MeterAddress address, DataItem item) throws FrameException {
        return Decoded.dlt645(answer(meter, Dlt645Codec.readRequest(address, item, 0))).get(item.point());
    }

    @Test
    void dlt645PublishedRequestAndUnknownIdentifier() throws Exception {
        Dlt645Meter meter = new Dlt645Meter("000000000161", 11, Faults.NONE, environment);
        byte[] reply = answer(meter, hex("68 61 01 00 00 00 00 68 11 04 33 33 34 33 14 16"));
        assertThat(Decoded.dlt645(reply)).containsKey(Points.ELECTRIC_ENERGY);
        byte[] error = answer(meter, Dlt645Codec.encode(new MeterAddress("000000000161"), 0x11,
                new byte[] {0x01, 0x02, 0x03, 0x04}, 0));
        assertThat(Master.HEX.formatHex(error)).isEqualTo("FE FE FE FE 68 61 01 00 00 00 00 68 D1 01 35 39 16");
        assertThatThrownBy(() -> Decoded.dlt645(error)).isInstanceOfSatisfying(FrameException.class, e -> {
            assertThat(e.kind()).isEqualTo(Kind.NAK);
            assertThat(e.getMessage()).contains("no data requested");
        });
    }

    @Test
    void dlt645AnswersItsClockInTheLinesZoneWanderingAtMostAMinute() {
        Dlt645Meter meter = new Dlt645Meter("640000000004", 11, Faults.NONE, environment);
        MeterAddress address = new MeterAddress("640000000004");
        // DI 04 00 01 02 (time) and 04 00 01 01 (date), least significant byte first
        byte[] time = answer(meter, Dlt645Codec.encode(address, 0x11, new byte[] {0x02, 0x01, 0x00, 0x04}, 0));
        byte[] date = answer(meter, Dlt645Codec.encode(address, 0x11, new byte[] {0x01, 0x01, 0x00, 0x04}, 0));
        int[] t = bcd(time, 3);
        int[] d = bcd(date, 4);
        java.time.LocalDateTime said = java.time.LocalDateTime.of(2000 + d[3], d[2], d[1], t[2], t[1], t[0]);
        java.time.LocalDateTime local = java.time.LocalDateTime.ofInstant(clock.instant(), environment.zone());
        assertThat(java.time.Duration.between(local, said).abs()).isLessThanOrEqualTo(java.time.Duration.ofSeconds(60));
        assertThat(d[0]).isEqualTo(said.getDayOfWeek().getValue() % 7);
    }

    /** The {@code count} value bytes after the identifier of a read reply, as BCD numbers (33h taken off). */
    private static int[] bcd(byte[] reply, int count) {
        int first = 4 + 10 + 4; // wake-up, header, identifier
        int[] values = new int[count];
        for (int i = 0; i < count; i++) {
            int b = (reply[first + i] - 0x33) & 0xFF;
            values[i] = (b >> 4) * 10 + (b & 0x0F);
        }
        return values;
    }

    @Test
    void dlt645ReadAddressByWildcard() throws Exception {
        Dlt645Meter meter = new Dlt645Meter("640000000003", 11, Faults.NONE, environment);
        byte[] reply = answer(meter, Dlt645Codec.readAddressRequest(2));
        assertThat(Dlt645Codec.decodeReadAddressReply(Dlt645Codec.parse(reply)).text()).isEqualTo("640000000003");
        assertThat(meter.answer(frame(Dlt645Codec.readRequest(new MeterAddress("640000000004"),
                DataItem.FREQUENCY, 0)))).isEmpty();
    }

    @Test
    void populationAddressesAreDeterministic() {
        List<SimulatedMeter> demo = MeterPopulation.DEMO.build(1, environment);
        assertThat(demo).extracting(SimulatedMeter::describe).containsExactly(
                "cjt188 heat 20100000000001 type=20 unitPosition=after",
                "cjt188 heat 20100000000002 type=20 unitPosition=after",
                "cjt188 heat 20100000000003 type=20 unitPosition=after",
                "cjt188 heat 20200000000001 type=20 unitPosition=before",
                "cjt188 heat 20200000000002 type=20 unitPosition=before",
                "cjt188 heat 20200000000003 type=20 unitPosition=before",
                "cjt188 water 10100000000001 type=10 unitPosition=after",
                "cjt188 water 10100000000002 type=10 unitPosition=after",
                "mbus heat primary 1 secondary 71000001.HHS.01.04 energy kWh",
                "mbus heat primary 2 secondary 71000002.HHS.01.04 energy kWh",
                "dlt645 electricity 640000000001");
        assertThat(Optional.of(demo.size())).contains(11);
    }
}
