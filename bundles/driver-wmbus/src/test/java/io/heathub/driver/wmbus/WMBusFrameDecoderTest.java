package io.heathub.driver.wmbus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heathub.api.Reading;
import io.heathub.api.Unit;
import io.heathub.api.driver.DeviceException.Kind;
import io.heathub.api.driver.FrameException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The decoder on published telegrams (sources in {@link Telegrams}) and on damaged ones. */
class WMBusFrameDecoderTest {
    private static final Instant RECEIVED = Instant.parse("2026-12-01T08:00:00Z");
    private final WMBusFrameDecoder decoder = new WMBusFrameDecoder();

    @Test
    void omsAnnexNTelegramDecryptsToItsPublishedValues() throws FrameException {
        List<Reading> readings = decoder.decode(Telegrams.indication(Telegrams.hex(Telegrams.OMS_ANNEX_N_2_1), 0x70),
                Map.of("key", Telegrams.OMS_ANNEX_N_2_1_KEY, "zone", "UTC"), RECEIVED);

        assertEquals(Map.of("volume", "28504.27 m³", "status.error", "0 ", "status.powerLow", "0 ",
                "status.permanentError", "0 ", "status.temporaryError", "0 ", "radio.rssi", "112 "), values(readings));
        assertTrue(readings.stream().allMatch(r -> r.device().equals("ELS 12345678")), readings.toString());
        // the meter clock, 2008-05-31 23:50 in the meter's zone
        assertTrue(readings.stream().allMatch(r -> r.time().equals(Instant.parse("2008-05-31T23:50:00Z"))),
                readings.toString());
    }

    @Test
    void meterClockIsReadInTheConfiguredZone() throws FrameException {
        List<Reading> readings = decoder.decode(Telegrams.indication(Telegrams.hex(Telegrams.OMS_ANNEX_N_2_1), 0x70),
                Map.of("key", Telegrams.OMS_ANNEX_N_2_1_KEY, "zone", "Europe/Berlin"), RECEIVED);

        assertEquals(Instant.parse("2008-05-31T21:50:00Z"), readings.get(0).time());
    }

    @Test
    void jmbusNegativeTemperatureTelegramGivesItsValues() throws FrameException {
        List<Reading> readings = decoder.decode(Telegrams.indication(Telegrams.hex(Telegrams.JMBUS_NEGATIVE_TEMPERATURE),
                0x90), Map.of(), RECEIVED);

        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("heat.energy", "0 kWh");
        expected.put("volume", "0 m³");
        expected.put("hours", "14122 h");
        expected.put("temp.supply", "24.1 °C");
        expected.put("temp.return", "-4 °C");
        expected.put("status.powerLow", "0 ");
        expected.put("status.permanentError", "0 ");
        expected.put("status.temporaryError", "1 ");
        expected.put("radio.rssi", "144 ");
        assertEquals(expected, values(readings));
        // no clock in the telegram: the time it was received
        assertTrue(readings.stream().allMatch(r -> r.time().equals(RECEIVED)));
        assertEquals("LUG 67991306", readings.get(0).device());
    }

    @Test
    void wrongKeyIsAnErrorThatNeverShowsTheKey() {
        String wrongKey = "0102030405060708090A0B0C0D0E0F12";
        FrameException e = assertThrows(FrameException.class, () -> decoder.decode(
                Telegrams.indication(Telegrams.hex(Telegrams.OMS_ANNEX_N_2_1), 0x70), Map.of("key", wrongKey), RECEIVED));

        assertEquals(Kind.MALFORMED, e.kind());
        assertTrue(e.getMessage().contains("settings.key is not this meter's key"), e.getMessage());
        assertFalse(e.getMessage().replace(" ", "").contains(wrongKey), e.getMessage());
        assertFalse(e.getMessage().replace(" ", "").contains(Telegrams.OMS_ANNEX_N_2_1_KEY), e.getMessage());
    }

    @Test
    void encryptedTelegramWithoutAKeyAsksForTheKey() {
        FrameException e = assertThrows(FrameException.class, () -> decoder.decode(
                Telegrams.indication(Telegrams.hex(Telegrams.OMS_ANNEX_N_2_1), 0x70), Map.of(), RECEIVED));

        assertEquals(Kind.MALFORMED, e.kind());
        assertTrue(e.getMessage().contains("encrypted") && e.getMessage().contains("settings.key is not set"),
                e.getMessage());
    }

    @Test
    void plainTelegramFromAMeterThatEncryptsIsRefused() {
        byte[] plain = Telegrams.telegram("HUB", "41122026", 1, 4, 7, 0, null, Telegrams.heatMeterRecords(1));
        FrameException e = assertThrows(FrameException.class, () -> decoder.decode(Telegrams.indication(plain, 0x70),
                Map.of("key", Telegrams.HEAT_METER_KEY), RECEIVED));

        assertTrue(e.getMessage().contains("unencrypted"), e.getMessage());
    }

    @Test
    void badCrcIsAChecksumErrorAtTheCrc() {
        byte[] frame = Telegrams.indication(Telegrams.hex(Telegrams.JMBUS_NEGATIVE_TEMPERATURE), 0x90);
        frame[frame.length - 1] ^= 0x01;

        FrameException e = assertThrows(FrameException.class, () -> decoder.decode(frame, Map.of(), RECEIVED));

        assertEquals(Kind.CHECKSUM, e.kind());
        assertEquals(frame.length - 2, e.offset());
    }

    @Test
    void truncatedFrameIsMalformed() {
        byte[] frame = Telegrams.indication(Telegrams.hex(Telegrams.JMBUS_NEGATIVE_TEMPERATURE), 0x90);
        byte[] cut = java.util.Arrays.copyOf(frame, 20);

        FrameException e = assertThrows(FrameException.class, () -> decoder.decode(cut, Map.of(), RECEIVED));

        assertEquals(Kind.MALFORMED, e.kind());
        assertTrue(e.getMessage().contains("cut short"), e.getMessage());
    }

    @Test
    void telegramShorterThanItsRecordsSayIsMalformedNotACrash() {
        // the receiver's CRC is right, but the telegram itself ends inside a record
        byte[] telegram = Telegrams.hex(Telegrams.JMBUS_NEGATIVE_TEMPERATURE);
        byte[] shortened = java.util.Arrays.copyOf(telegram, telegram.length - 2);
        shortened[0] = (byte) (shortened.length - 1);

        refusedAsMalformed(shortened);
    }

    @Test
    void unknownManufacturerIsMalformed() {
        byte[] telegram = Telegrams.hex(Telegrams.JMBUS_NEGATIVE_TEMPERATURE);
        telegram[2] = 0x00;
        telegram[3] = 0x00;

        FrameException e = refusedAsMalformed(telegram);

        assertTrue(e.getMessage().contains("unknown manufacturer"), e.getMessage());
    }

    @Test
    void manufacturerSpecificCiIsMalformedWithJmbusReason() {
        byte[] telegram = Telegrams.hex(Telegrams.JMBUS_NEGATIVE_TEMPERATURE);
        telegram[10] = (byte) 0xA0;

        FrameException e = refusedAsMalformed(telegram);

        assertTrue(e.getMessage().contains("A0"), e.getMessage());
    }

    @Test
    void badKeySettingIsAConfigErrorWithoutTheKey() {
        FrameException e = assertThrows(FrameException.class, () -> decoder.decode(
                Telegrams.indication(Telegrams.hex(Telegrams.OMS_ANNEX_N_2_1), 0x70), Map.of("key", "0102XYZ"), RECEIVED));

        assertEquals(Kind.CONFIG, e.kind());
        assertFalse(e.getMessage().contains("0102XYZ"), e.getMessage());
    }

    @Test
    void constructedHeatMeterTelegramGivesEveryPoint() throws FrameException {
        byte[] telegram = Telegrams.telegram("HUB", "41122026", 1, 4, 0x11, 0x04, Telegrams.HEAT_METER_KEY,
                Telegrams.heatMeterRecords(123_456));

        List<Reading> readings = decoder.decode(Telegrams.indication(telegram, 0xB4),
                Map.of("key", Telegrams.HEAT_METER_KEY, "zone", "UTC"), RECEIVED);

        Map<String, String> v = values(readings);
        assertEquals("12345.6 kWh", v.get("heat.energy"));
        assertEquals("11111.1 kWh", v.get("heat.energy.storage1"), "without dueDayStorage: " + v);
        assertEquals("1 ", v.get("status.powerLow"));
        assertEquals(new BigDecimal("12.5"), readings.stream().filter(r -> r.point().equals("heat.power"))
                .findFirst().orElseThrow().value());
        assertEquals(Unit.KW, readings.stream().filter(r -> r.point().equals("heat.power")).findFirst().orElseThrow()
                .unit());
    }

    /** The telegram, received by the iM871A, decoded without settings: refused as MALFORMED. */
    private FrameException refusedAsMalformed(byte[] telegram) {
        FrameException e = assertThrows(FrameException.class, () -> decoder.decode(Telegrams.indication(telegram, 0x90),
                Map.of(), RECEIVED));
        assertEquals(Kind.MALFORMED, e.kind(), e.getMessage());
        return e;
    }

    private static Map<String, String> values(List<Reading> readings) {
        return readings.stream().collect(Collectors.toMap(Reading::point,
                r -> r.value().stripTrailingZeros().toPlainString() + " " + r.unit().symbol(), (a, b) -> a + "|" + b,
                LinkedHashMap::new));
    }
}
