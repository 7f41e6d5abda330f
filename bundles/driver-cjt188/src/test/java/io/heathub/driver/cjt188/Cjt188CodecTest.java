package io.heathub.driver.cjt188;

import static io.heathub.testkit.Bytes.hex;
import static io.heathub.driver.cjt188.Frames.withChecksum;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.heathub.api.Quality;
import io.heathub.api.Reading;
import io.heathub.api.Unit;
import io.heathub.api.driver.DeviceException.Kind;
import io.heathub.api.driver.FrameException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class Cjt188CodecTest {
    /** docs/protocols.md §1.9: unit-before-value heat meter, address 00 00 00 40 31 41 32. */
    static final String PUBLISHED_REPLY = "68 20 32 41 31 40 00 00 00 81 2E 90 1F 01 08 02 00 00 00 08 02 00 00 00 "
            + "17 00 00 00 00 35 00 00 00 00 2C 34 10 00 00 35 25 00 66 25 00 00 00 00 53 00 12 10 07 15 20 00 00 31 16";
    static final Map<String, String> BEFORE = Map.of("unitPosition", "before");
    private final Cjt188FrameDecoder decoder = new Cjt188FrameDecoder();

    private static Map<String, Reading> byPoint(List<Reading> readings) {
        return readings.stream().collect(Collectors.toMap(Reading::point, Function.identity(), (a, b) -> a,
                LinkedHashMap::new));
    }

    @Test
    void publishedRequestBytes() {
        assertThat(Cjt188Codec.readCurrentData(4, 0x20, "00000040314132", 1))
                .isEqualTo(hex("FE FE FE FE 68 20 32 41 31 40 00 00 00 01 03 90 1F 01 20 16"));
    }

    @Test
    void publishedReadAddressRequest() {
        assertThat(Cjt188Codec.readAddress(0, 0)).isEqualTo(hex("68 AA AA AA AA AA AA AA AA 03 03 81 0A 00 49 16"));
    }

    @Test
    void publishedValveOpenFrameWithVendorControlCode() throws FrameException {
        byte[] published = hex("FE FE FE 68 10 01 00 00 05 08 00 00 2A 04 A0 17 00 55 C0 16");
        assertThat(Cjt188Codec.valveControl(3, 0x10, "00000805000001", 0x2A, 0, true)).isEqualTo(published);
        Cjt188Frame frame = Cjt188Codec.parse(published);
        assertThat(frame.start()).isEqualTo(3);
        assertThat(frame.type()).isEqualTo(0x10);
        assertThat(frame.address()).isEqualTo("00000805000001");
        assertThat(frame.isReply()).isFalse();
        assertThat(Cjt188Codec.dataIdentifier(frame, Cjt188Codec.DI_VALVE_CONTROL)).isEqualTo(0xA017);
        assertThat(frame.at(Cjt188Codec.dataOffset(frame))).isEqualTo(0x55);
        // the standard C of a valve write is 04, close is 99
        assertThat(Cjt188Codec.valveControl(0, 0x10, "00000805000001", 0x04, 7, false))
                .isEqualTo(withChecksum(hex("68 10 01 00 00 05 08 00 00 04 04 A0 17 07 99 00 16")));
    }

    @Test
    void publishedUnitBeforeValueReply() throws FrameException {
        List<Reading> readings = decoder.decode(hex(PUBLISHED_REPLY), BEFORE, Instant.EPOCH);
        Map<String, Reading> r = byPoint(readings);
        Instant clock = LocalDateTime.of(2015, 7, 10, 12, 0, 53).atZone(ZoneId.of("Asia/Shanghai")).toInstant();
        assertThat(readings).allSatisfy(x -> {
            assertThat(x.device()).isEqualTo("00000040314132");
            assertThat(x.time()).isEqualTo(clock);
            assertThat(x.quality()).isEqualTo(Quality.GOOD);
        });
        assertThat(r.keySet()).containsExactly("heat.energy.dueDay", "heat.energy", "heat.power", "flow", "volume",
                "temp.supply", "temp.return", "hours", "status.valveClosed", "status.valveFault", "status.batteryLow");
        assertValue(r, "heat.energy.dueDay", "20", Unit.KWH);
        assertValue(r, "heat.energy", "20", Unit.KWH);
        assertValue(r, "heat.power", "0", Unit.KW);
        assertValue(r, "flow", "0", Unit.CUBIC_METRE_PER_HOUR);
        assertValue(r, "volume", "10.34", Unit.CUBIC_METRE);
        assertValue(r, "temp.supply", "25.35", Unit.CELSIUS);
        assertValue(r, "temp.return", "25.66", Unit.CELSIUS);
        assertValue(r, "hours", "0", Unit.HOUR);
        assertValue(r, "status.valveClosed", "0", Unit.NONE);
        assertValue(r, "status.valveFault", "0", Unit.NONE);
        assertValue(r, "status.batteryLow", "0", Unit.NONE);
    }

    private static void assertValue(Map<String, Reading> r, String point, String value, Unit unit) {
        assertThat(r.get(point).value()).as(point).isEqualByComparingTo(new BigDecimal(value));
        assertThat(r.get(point).unit()).as(point).isEqualTo(unit);
    }

    @Test
    void zoneSettingMovesTheClock() throws FrameException {
        List<Reading> readings = decoder.decode(hex(PUBLISHED_REPLY),
                Map.of("unitPosition", "before", "zone", "UTC"), Instant.EPOCH);
        assertThat(readings.get(0).time()).isEqualTo(Instant.parse("2015-07-10T12:00:53Z"));
    }

    @Test
    void publishedReplyWithWrongUnitPositionIsRejectedNotMisread() {
        FrameException e = catchThrowableOfType(FrameException.class,
                () -> decoder.decode(hex(PUBLISHED_REPLY), Map.of(), Instant.EPOCH));
        assertThat(e.kind()).isEqualTo(Kind.MALFORMED);
        assertThat(e.offset()).isEqualTo(18); // 4th byte of the first value read as its unit
        assertThat(e.getMessage()).contains("unitPosition");
    }

    @Test
    void wakeUpBytesAreSkipped() throws FrameException {
        List<Reading> readings = decoder.decode(hex("FE FE FE FE FE FE " + PUBLISHED_REPLY), BEFORE, Instant.EPOCH);
        assertThat(byPoint(readings).get("volume").value()).isEqualByComparingTo("10.34");
    }

    @Test
    void bothDataIdentifierOrders() throws FrameException {
        byte[] swapped = hex(PUBLISHED_REPLY);
        swapped[11] = 0x1F;
        swapped[12] = (byte) 0x90;
        List<Reading> readings = decoder.decode(withChecksum(swapped), BEFORE, Instant.EPOCH);
        assertThat(readings).isEqualTo(decoder.decode(hex(PUBLISHED_REPLY), BEFORE, Instant.EPOCH));
        byte[] other = hex(PUBLISHED_REPLY);
        other[11] = (byte) 0x90;
        other[12] = 0x2F;
        assertFrameError(withChecksum(other), Kind.MALFORMED, 11, "DI 90 2F");
    }

    @Test
    void truncatedFrame() {
        byte[] full = hex(PUBLISHED_REPLY);
        assertFrameError(Arrays.copyOf(full, 40), Kind.MALFORMED, 40, "truncated");
        assertFrameError(Arrays.copyOf(full, 5), Kind.MALFORMED, 5, "truncated");
        assertFrameError(new byte[0], Kind.MALFORMED, 0, "empty");
        assertFrameError(hex("FE FE"), Kind.MALFORMED, 2, "only FE");
    }

    @Test
    void badChecksum() {
        byte[] bad = hex(PUBLISHED_REPLY);
        bad[57] = 0x32;
        assertFrameError(bad, Kind.CHECKSUM, 57, "checksum is 32, computed 31");
    }

    @Test
    void missingEndByte() {
        byte[] bad = hex(PUBLISHED_REPLY);
        bad[58] = 0x17;
        assertFrameError(bad, Kind.MALFORMED, 58, "end byte 16");
        byte[] longer = Arrays.copyOf(hex(PUBLISHED_REPLY), 60);
        assertFrameError(longer, Kind.MALFORMED, 59, "after the end byte");
    }

    @Test
    void badStartByte() {
        assertFrameError(hex("FE 69 20"), Kind.MALFORMED, 1, "start byte 68");
    }

    @Test
    void requestInsteadOfReply() {
        assertFrameError(hex("FE FE FE FE 68 20 32 41 31 40 00 00 00 01 03 90 1F 01 20 16"),
                Kind.MALFORMED, 13, "not a reply");
    }

    @Test
    void badBcdNamesTheByte() {
        byte[] bad = hex(PUBLISHED_REPLY);
        bad[36] = 0x3A; // volume, 2nd BCD byte
        assertFrameError(withChecksum(bad), Kind.MALFORMED, 36, "volume: 3A is not a BCD byte");
        byte[] badTemp = hex(PUBLISHED_REPLY);
        badTemp[41] = (byte) 0xF0; // supply temperature, 3rd byte
        assertFrameError(withChecksum(badTemp), Kind.MALFORMED, 41, "supply temperature");
        byte[] badAddress = hex(PUBLISHED_REPLY);
        badAddress[4] = (byte) 0x4B;
        assertFrameError(withChecksum(badAddress), Kind.MALFORMED, 4, "not 14 BCD digits");
    }

    @Test
    void invalidClockNamesTheByte() {
        byte[] month13 = hex(PUBLISHED_REPLY);
        month13[52] = 0x13;
        assertFrameError(withChecksum(month13), Kind.MALFORMED, 52, "clock month 13");
        byte[] feb30 = hex(PUBLISHED_REPLY);
        feb30[51] = 0x30;
        feb30[52] = 0x02;
        assertFrameError(withChecksum(feb30), Kind.MALFORMED, 51, "clock day 30");
        byte[] hour24 = hex(PUBLISHED_REPLY);
        hour24[50] = 0x24;
        assertFrameError(withChecksum(hour24), Kind.MALFORMED, 50, "clock hours 24");
    }

    @Test
    void unknownUnitCode() {
        byte[] bad = hex(PUBLISHED_REPLY);
        bad[14] = 0x03;
        assertFrameError(withChecksum(bad), Kind.MALFORMED, 14, "unknown unit code 03");
        byte[] wrongDimension = hex(PUBLISHED_REPLY);
        wrongDimension[34] = 0x05; // kWh where the volume unit belongs
        assertFrameError(withChecksum(wrongDimension), Kind.MALFORMED, 34, "not a unit of m³");
    }

    @Test
    void wrongLengthForAHeatMeter() {
        byte[] frame = withChecksum(hex("68 20 32 41 31 40 00 00 00 81 03 90 1F 01 00 16"));
        assertFrameError(frame, Kind.MALFORMED, 10, "L = 03");
    }

    @Test
    void errorReplyIsANakWithTheStatusExplained() {
        byte[] nak = withChecksum(hex("68 20 32 41 31 40 00 00 00 C1 03 01 05 00 00 16"));
        FrameException e = assertFrameError(nak, Kind.NAK, 9, "status 05 00 (valve closed, battery low)");
        assertThat(e.getMessage()).contains("C = C1").contains("00000040314132");
    }

    @Test
    void settingsErrors() {
        FrameException e = catchThrowableOfType(FrameException.class,
                () -> decoder.decode(hex(PUBLISHED_REPLY), Map.of("unitPosition", "middle"), Instant.EPOCH));
        assertThat(e.kind()).isEqualTo(Kind.CONFIG);
        assertThat(e.getMessage()).contains("unitPosition").contains("middle");
        assertThatThrownBy(() -> DecodeSettings.from(Map.of("flowDecimals", "x"))).hasMessageContaining("flowDecimals");
        assertThatThrownBy(() -> DecodeSettings.from(Map.of("zone", "Mars/Base"))).hasMessageContaining("zone");
    }

    @Test
    void flowDecimalsSetting() throws FrameException {
        // standard order (unit after value), flow 12 34 56 00 m³/h, status: valve closed and battery low
        byte[] frame = HeatReplies.standard("12345678901234", 0x05, 56341200L);
        Map<String, Reading> four = byPoint(decoder.decode(frame, Map.of(), Instant.EPOCH));
        Map<String, Reading> three = byPoint(decoder.decode(frame, Map.of("flowDecimals", "3"), Instant.EPOCH));
        assertThat(four.get("flow").value()).isEqualByComparingTo("5634.12");
        assertThat(three.get("flow").value()).isEqualByComparingTo("56341.2");
        assertThat(four.get("status.valveClosed").value()).isEqualByComparingTo("1");
        assertThat(four.get("status.valveFault").value()).isEqualByComparingTo("0");
        assertThat(four.get("status.batteryLow").value()).isEqualByComparingTo("1");
        assertThat(four.get("heat.energy").device()).isEqualTo("12345678901234");
    }

    @Test
    void waterMeterCurrentData() throws FrameException {
        // T=10 cold water, L=16: current 1234.56 m³, settlement 1200.00 m³, clock 2024-01-31 23:59:58, ST 02 00
        byte[] frame = withChecksum(hex("68 10 01 00 00 00 00 00 00 81 16 90 1F 05 56 34 12 00 2C 00 00 12 00 2C "
                + "58 59 23 31 01 24 20 02 00 00 16"));
        Map<String, Reading> r = byPoint(decoder.decode(frame, Map.of(), Instant.EPOCH));
        assertThat(r.keySet()).containsExactly("volume", "volume.dueDay", "status.valveClosed",
                "status.valveFault", "status.batteryLow");
        assertThat(r.get("volume").value()).isEqualByComparingTo("1234.56");
        assertThat(r.get("volume.dueDay").value()).isEqualByComparingTo("1200");
        assertThat(r.get("status.valveFault").value()).isEqualByComparingTo("1");
        assertThat(r.get("volume").time()).isEqualTo(Instant.parse("2024-01-31T15:59:58Z"));
        assertThat(r.get("volume").device()).isEqualTo("00000000000001");
    }

    @Test
    void unsupportedMeterType() {
        byte[] gas = withChecksum(hex("68 30 01 00 00 00 00 00 00 81 16 90 1F 05 56 34 12 00 2C 00 00 12 00 2C "
                + "58 59 23 31 01 24 20 02 00 00 16"));
        assertFrameError(gas, Kind.MALFORMED, 1, "meter type 30");
    }

    @Test
    void frameBoundary() {
        byte[] reply = hex("FE FE " + PUBLISHED_REPLY);
        for (int n = 0; n < 13; n++) {
            assertThat(Cjt188Codec.frameLength(reply, n)).as("after %d bytes", n).isEqualTo(-1);
        }
        assertThat(Cjt188Codec.frameLength(reply, 13)).isEqualTo(reply.length);
        assertThat(Cjt188Codec.frameLength(hex("FE 55 01"), 3)).isEqualTo(3);
    }

    private FrameException assertFrameError(byte[] frame, Kind kind, int offset, String text) {
        FrameException e = catchThrowableOfType(FrameException.class,
                () -> decoder.decode(frame, BEFORE, Instant.EPOCH));
        assertThat(e).as("expected a FrameException").isNotNull();
        assertThat(e.kind()).isEqualTo(kind);
        assertThat(e.offset()).isEqualTo(offset);
        assertThat(e.getMessage()).contains(text);
        return e;
    }
}
