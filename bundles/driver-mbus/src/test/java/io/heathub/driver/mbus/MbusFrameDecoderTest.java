package io.heathub.driver.mbus;

import static io.heathub.testkit.Bytes.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.heathub.api.Quality;
import io.heathub.api.Reading;
import io.heathub.api.Unit;
import io.heathub.api.driver.DeviceException.Kind;
import io.heathub.api.driver.FrameException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class MbusFrameDecoderTest {
    private static final Instant T = Instant.parse("2026-01-15T08:00:00Z");
    private final MbusFrameDecoder decoder = new MbusFrameDecoder();

    private static Map<String, Reading> byPoint(List<Reading> readings) {
        return readings.stream().collect(Collectors.toMap(Reading::point, Function.identity()));
    }

    @Test
    void decodesThePublishedSensusPolluThermFrame() throws Exception {
        MbusTelegram telegram = decoder.decodeTelegram(hex(Frames.POLLUTHERM), null, T);

        assertThat(telegram.manufacturer()).isEqualTo("SPX");
        assertThat(telegram.identification()).isEqualTo("21050076");
        assertThat(telegram.deviceId()).isEqualTo("21050076");
        assertThat(telegram.version()).isEqualTo(0x31);
        assertThat(telegram.medium()).isEqualTo(0x04); // heat
        assertThat(telegram.primaryAddress()).isEqualTo(8);
        assertThat(telegram.accessNumber()).isEqualTo(0x51);
        assertThat(telegram.status()).isZero();
        assertThat(telegram.moreRecords()).isTrue(); // DIF 0x1F closes the user data
        // not mapped: VIF 7B (jMBus 3.3.0 rejects it), temperature difference, fabrication number, customer location
        assertThat(telegram.unmappedRecords()).isEqualTo(4);

        Map<String, Reading> readings = byPoint(telegram.readings());
        assertThat(readings).containsOnlyKeys("heat.energy", "volume", "heat.power", "temp.supply", "temp.return");
        assertReading(readings.get("heat.energy"), "8640", Unit.KWH);
        assertReading(readings.get("volume"), "7998.92", Unit.CUBIC_METRE);
        assertReading(readings.get("heat.power"), "54.58", Unit.KW);
        assertReading(readings.get("temp.supply"), "75.5", Unit.CELSIUS);
        assertReading(readings.get("temp.return"), "59.4", Unit.CELSIUS);
        assertThat(telegram.readings()).allSatisfy(r -> {
            assertThat(r.device()).isEqualTo("21050076");
            assertThat(r.time()).isEqualTo(T);
            assertThat(r.quality()).isEqualTo(Quality.GOOD);
        });
        assertThat(decoder.decode(hex(Frames.POLLUTHERM), Map.of(), T)).isEqualTo(telegram.readings());
        assertThat(decoder.protocol()).isEqualTo("mbus");
    }

    private static void assertReading(Reading reading, String value, Unit unit) {
        assertThat(reading.value()).isEqualByComparingTo(new BigDecimal(value));
        assertThat(reading.value().toPlainString()).isEqualTo(value); // exact, no binary floating point residue
        assertThat(reading.unit()).isEqualTo(unit);
    }

    @Test
    void mapsFlowDueDayStorageTariffAndTimeRecordsWithUnitConversion() throws Exception {
        byte[] records = hex(
                "04 06 39 30 00 00"           // energy 12345 kWh binary (VIF 06: 10^3 Wh)
                + " 44 06 10 27 00 00"        // storage 1: energy 10000 kWh -> due day
                + " 84 01 06 E8 03 00 00"     // storage 2 (DIFE storage bit 0 = 1, DIF storage bit = 0): 1000 kWh
                + " 84 10 06 64 00 00 00"     // tariff 1: 100 kWh
                + " 0C 0E 12 34 56 00"        // energy 563412 x 10^0 J? VIF 0E = 10^(6) J -> MJ
                + " 4C 13 45 23 01 00"        // storage 1 volume 12345 L -> 12.345 m3
                + " 02 3B 12 06"              // flow 1554 x 10^-3 m3/h
                + " 0B 2B 00 50 01"           // power 15000 W -> 15 kW
                + " 04 22 1A 27 00 00");      // on time 0x271A = 10010 h
        MbusTelegram telegram = decoder.decodeTelegram(Frames.rspUd(3, "12345678", "KAM", 0, records), "hm-1", T);
        Map<String, Reading> r = byPoint(telegram.readings());
        assertThat(r.get("heat.energy").value()).isEqualByComparingTo("12345");
        assertThat(r.get("heat.energy.dueDay").value()).isEqualByComparingTo("10000");
        assertThat(r.get("heat.energy.storage2").value()).isEqualByComparingTo("1000");
        assertThat(r.get("heat.energy.tariff1").value()).isEqualByComparingTo("100");
        assertThat(r.get("volume.dueDay").value()).isEqualByComparingTo("12.345");
        assertThat(r.get("flow").value()).isEqualByComparingTo("1.554");
        assertThat(r.get("heat.power").value()).isEqualByComparingTo("15");
        assertThat(r.get("hours").value()).isEqualByComparingTo("10010");
        // the MJ record duplicates heat.energy: the first one is kept
        assertThat(telegram.unmappedRecords()).isEqualTo(1);
        assertThat(telegram.readings()).allSatisfy(x -> assertThat(x.device()).isEqualTo("hm-1"));
        assertThat(telegram.manufacturer()).isEqualTo("KAM");
    }

    @Test
    void convertsJoulesMinutesSecondsAndPerMinuteFlows() throws Exception {
        byte[] records = hex(
                "0C 0F 25 00 00 00"           // energy 25 x 10^7 J = 250 MJ = 69.444.. kWh
                + " 04 21 3C 00 00 00"        // on time 60 minutes = 1 h
                + " 84 40 20 10 0E 00 00"     // subunit 1: on time 3600 s = 1 h
                + " 02 FD 17 00 00");         // error flags (VIF FD 17): not mapped
        Map<String, Reading> r = byPoint(decoder.decodeTelegram(Frames.rspUd(1, "00000001", "ABB", 0, records), null, T)
                .readings());
        assertThat(r.get("heat.energy").value()).isEqualByComparingTo(new BigDecimal("250").multiply(BigDecimal.TEN)
                .divide(new BigDecimal("36"), java.math.MathContext.DECIMAL128));
        assertThat(r.get("hours").value()).isEqualByComparingTo("1");
        assertThat(r.get("hours.subunit1").value()).isEqualByComparingTo("1");
    }

    @Test
    void nonDecimalBcdIsABadReadingAndNegativeBcdIsNegative() throws Exception {
        byte[] records = hex("0A 5A EE EE 0A 5E 25 F0");
        Map<String, Reading> r = byPoint(decoder.decodeTelegram(Frames.rspUd(1, "00000001", "ABB", 0, records), null, T)
                .readings());
        assertThat(r.get("temp.supply").quality()).isEqualTo(Quality.BAD);
        assertThat(r.get("temp.supply").reason()).contains("EE EE");
        assertThat(r.get("temp.return").value()).isEqualByComparingTo("-2.5");
    }

    @Test
    void meterErrorStatusMarksReadingsSuspect() throws Exception {
        byte[] frame = Frames.rspUd(1, "00000001", "ABB", 0x08, hex("0C 07 64 08 00 00"));
        Reading reading = decoder.decodeTelegram(frame, null, T).readings().get(0);
        assertThat(reading.quality()).isEqualTo(Quality.SUSPECT);
        assertThat(reading.reason()).isEqualTo("meter status 0x08: permanent error");
    }

    @Test
    void truncatedFrameNamesTheOffsetWhereBytesAreMissing() {
        byte[] frame = hex(Frames.POLLUTHERM);
        byte[] truncated = java.util.Arrays.copyOf(frame, 60);
        assertFrameError(truncated, Kind.MALFORMED, 60, "truncated: L=66 needs 72 bytes, got 60");
        assertFrameError(java.util.Arrays.copyOf(frame, 2), Kind.MALFORMED, 2, "truncated");
    }

    @Test
    void lengthMismatchSecondStartChecksumAndStopByte() {
        byte[] frame = hex(Frames.POLLUTHERM);
        byte[] lMismatch = frame.clone();
        lMismatch[2] = 0x43;
        assertFrameError(lMismatch, Kind.MALFORMED, 2, "length fields differ: L=0x42, repeated 0x43");
        byte[] secondStart = frame.clone();
        secondStart[3] = 0x69;
        assertFrameError(secondStart, Kind.MALFORMED, 3, "second start byte");
        byte[] checksum = frame.clone();
        checksum[20] ^= 0x01; // a data bit flips
        assertFrameError(checksum, Kind.CHECKSUM, 70, "checksum is 0xB3, computed 0xB2");
        byte[] stop = frame.clone();
        stop[71] = 0x17;
        assertFrameError(stop, Kind.MALFORMED, 71, "expected stop byte 0x16, got 0x17");
        byte[] extra = java.util.Arrays.copyOf(frame, 73);
        assertFrameError(extra, Kind.MALFORMED, 72, "1 bytes after the end");
        assertFrameError(hex("E5"), Kind.MALFORMED, 0, "single-character ACK");
        assertFrameError(new byte[0], Kind.MALFORMED, 0, "empty");
    }

    @Test
    void wrongControlFieldCiAndRecordOverrun() {
        assertFrameError(MbusFrames.longFrame(0x53, 1, 0x72, new byte[12]), Kind.MALFORMED, 4, "not a RSP_UD");
        assertFrameError(MbusFrames.longFrame(0x08, 1, 0x51, new byte[0]), Kind.MALFORMED, 6, "CI field 0x51");
        // header cut short: L leaves 5 header bytes
        assertFrameError(MbusFrames.longFrame(0x08, 1, 0x72, hex("76 00 05 21 18")), Kind.MALFORMED, 12,
                "long header (12 bytes) needs 12 bytes");
        // a BCD-8 record with only 2 data bytes before the checksum (at offset 19 + 4 = 23)
        byte[] overrun = Frames.rspUd(1, "00000001", "ABB", 0, hex("0C 07 64 08"));
        assertFrameError(overrun, Kind.MALFORMED, 23, "record at byte 19 (DIF 0x0C) needs 4 data bytes, only 2 left");
        byte[] noVif = Frames.rspUd(1, "00000001", "ABB", 0, hex("84 80"));
        assertFrameError(noVif, Kind.MALFORMED, 21, "record at byte 19 is cut off before its DIFE");
        byte[] notBcdId = Frames.rspUd(1, "00000001", "ABB", 0, new byte[0]);
        notBcdId[8] = 0x1A;
        notBcdId[notBcdId.length - 2] = (byte) MbusFrames.checksum(notBcdId, 4, notBcdId.length - 2);
        assertFrameError(notBcdId, Kind.MALFORMED, 8, "identification number byte 0x1A is not BCD");
    }

    private void assertFrameError(byte[] frame, Kind kind, int offset, String message) {
        assertThatThrownBy(() -> decoder.decode(frame, Map.of(), T))
                .isInstanceOfSatisfying(FrameException.class, e -> {
                    assertThat(e.kind()).isEqualTo(kind);
                    assertThat(e.offset()).isEqualTo(offset);
                })
                .hasMessageContaining(message);
    }
}
