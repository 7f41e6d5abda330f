package io.heathub.driver.wmbus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heathub.api.Reading;
import io.heathub.api.driver.DeviceConfig;
import io.heathub.api.driver.DeviceException;
import io.heathub.api.driver.DeviceException.Kind;
import io.heathub.api.driver.DeviceSession;
import io.heathub.testkit.line.ScriptedLine;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Several meters behind one receiver (what the kit cannot hold, see {@link WMBusConformanceTest}):
 * each poll takes its own meter's telegram and skips the others', and the failures say what was
 * heard. On the kit's scripted line with its virtual clock.
 */
class WMBusSessionTest {
    private static final String SECOND_KEY = "F0E1D2C3B4A5968778695A4B3C2D1E0F";
    private final byte[] heatMeter = Telegrams.indication(Telegrams.telegram("HUB", "41122026", 1, 4, 0x20, 0,
            Telegrams.HEAT_METER_KEY, Telegrams.heatMeterRecords(123_456)), 0xB4);
    private final byte[] secondMeter = Telegrams.indication(Telegrams.telegram("HUB", "41122027", 1, 4, 0x30, 0,
            SECOND_KEY, Telegrams.heatMeterRecords(222_222)), 0x90);
    private final byte[] omsGasMeter = Telegrams.indication(Telegrams.hex(Telegrams.OMS_ANNEX_N_2_1), 0x70);

    @Test
    void eachMeterOfOneReceiverGetsItsOwnTelegram() throws DeviceException {
        ScriptedLine line = ScriptedLine.of(new Im871aReceiver()
                .hears(Duration.ofSeconds(1), omsGasMeter)
                .hears(Duration.ofSeconds(3), secondMeter)
                .hears(Duration.ofSeconds(5), heatMeter));
        DeviceSession first = open("hm-1", "41122026", Map.of("key", Telegrams.HEAT_METER_KEY), line);
        DeviceSession second = open("hm-2", "41122027", Map.of("key", SECOND_KEY), line);
        DeviceSession gas = open("gm-1", "12345678", Map.of("key", Telegrams.OMS_ANNEX_N_2_1_KEY,
                "manufacturer", "els"), line);

        Duration start = line.elapsed();
        assertEquals("12345.6", value(first.read(Set.of()), "heat.energy"));
        // a poll listens only until its meter's telegram: 5 s of the line, not the 30 s timeout
        assertEquals(Duration.ofSeconds(5), line.elapsed().minus(start));
        assertEquals("22222.2", value(second.read(Set.of()), "heat.energy"));
        assertEquals("28504.27", value(gas.read(Set.of()), "volume"));
        assertTrue(first.read(Set.of()).stream().allMatch(r -> r.device().equals("hm-1")));
        // every poll asked the receiver a ping and nothing else
        assertEquals(List.of(), line.sentHex().stream().filter(h -> !h.startsWith("A5 81 01 00")).toList());
    }

    @Test
    void silentMeterTimesOutNamingTheMetersItHeard() throws DeviceException {
        ScriptedLine line = ScriptedLine.of(new Im871aReceiver()
                .hears(Duration.ofSeconds(1), omsGasMeter)
                .hears(Duration.ofSeconds(2), secondMeter));
        DeviceSession session = open("hm-1", "41122026", Map.of("key", Telegrams.HEAT_METER_KEY), line);
        Duration before = line.elapsed();

        DeviceException e = assertThrows(DeviceException.class, () -> session.read(Set.of()));

        assertEquals(Kind.TIMEOUT, e.kind());
        assertTrue(e.getMessage().contains("no telegram from meter 41122026 within 30000 ms"), e.getMessage());
        assertTrue(e.getMessage().contains("the receiver answered"), e.getMessage());
        assertTrue(e.getMessage().contains("ELS 12345678, HUB 41122027"), e.getMessage());
        assertEquals(Duration.ofSeconds(30), line.elapsed().minus(before));
        assertFalse(e.getMessage().replace(" ", "").contains(Telegrams.HEAT_METER_KEY), e.getMessage());
    }

    @Test
    void silentReceiverSaysSo() throws DeviceException {
        ScriptedLine line = ScriptedLine.of();
        DeviceSession session = open("hm-1", "41122026", Map.of("timeout", "2s"), line);

        DeviceException e = assertThrows(DeviceException.class, () -> session.read(Set.of()));

        assertEquals(Kind.TIMEOUT, e.kind());
        assertTrue(e.getMessage().contains("the receiver did not answer A5 81 01 00"), e.getMessage());
    }

    @Test
    void manufacturerSettingTellsMetersWithOneIdApart() throws DeviceException {
        byte[] sameIdOtherMaker = Telegrams.indication(Telegrams.telegram("KAM", "12345678", 1, 4, 1, 0, null,
                Telegrams.heatMeterRecords(5)), 0x90);
        ScriptedLine line = ScriptedLine.of(new Im871aReceiver()
                .hears(Duration.ofSeconds(1), sameIdOtherMaker)
                .hears(Duration.ofSeconds(2), omsGasMeter));
        DeviceSession gas = open("gm-1", "12345678", Map.of("key", Telegrams.OMS_ANNEX_N_2_1_KEY,
                "manufacturer", "ELS"), line);

        assertEquals("28504.27", value(gas.read(Set.of()), "volume"));
    }

    @Test
    void linkModeIsSetAtEveryPollAndARefusalIsANak() throws DeviceException {
        ScriptedLine line = ScriptedLine.of(new Im871aReceiver().configStatus(1)
                .hears(Duration.ofSeconds(1), heatMeter));
        DeviceSession session = open("hm-1", "41122026", Map.of("key", Telegrams.HEAT_METER_KEY, "mode", "c1"), line);

        DeviceException e = assertThrows(DeviceException.class, () -> session.read(Set.of()));

        assertEquals(Kind.NAK, e.kind());
        assertTrue(e.getMessage().contains("refused link mode C1A"), e.getMessage());
        // SET_CONFIG, volatile, device mode other, link mode C1a (6), RSSI attached
        assertTrue(line.sentHex().get(0).startsWith("A5 81 03 06 00 03 00 06 10 01"), line.sentHex().toString());
    }

    @Test
    void wrongKeyFailsThePollWithoutShowingTheKey() throws DeviceException {
        ScriptedLine line = ScriptedLine.of(new Im871aReceiver().hears(Duration.ofSeconds(1), heatMeter));
        DeviceSession session = open("hm-1", "41122026", Map.of("key", SECOND_KEY), line);

        DeviceException e = assertThrows(DeviceException.class, () -> session.read(Set.of()));

        assertEquals(Kind.MALFORMED, e.kind());
        assertTrue(e.getMessage().contains("settings.key is not this meter's key"), e.getMessage());
        assertFalse(e.getMessage().replace(" ", "").contains(SECOND_KEY), e.getMessage());
    }

    @Test
    void settingsAreCheckedAtOpenWithoutQuotingTheKey() {
        DeviceException key = assertThrows(DeviceException.class, () -> open("hm-1", "41122026",
                Map.of("key", "00112233445566778899AABBCCDDEE"), ScriptedLine.of()));
        DeviceException mode = assertThrows(DeviceException.class, () -> open("hm-1", "41122026",
                Map.of("mode", "X9"), ScriptedLine.of()));
        DeviceException zone = assertThrows(DeviceException.class, () -> open("hm-1", "41122026",
                Map.of("zone", "Mars/Olympus"), ScriptedLine.of()));

        assertEquals(Kind.CONFIG, key.kind());
        assertTrue(key.getMessage().startsWith("settings.key: expected the meter's AES-128 key as 32 hex digits, got 30"),
                key.getMessage());
        assertFalse(key.getMessage().contains("00112233"), key.getMessage());
        assertTrue(mode.getMessage().startsWith("settings.mode:"), mode.getMessage());
        assertTrue(zone.getMessage().startsWith("settings.zone:"), zone.getMessage());
    }

    private static DeviceSession open(String id, String address, Map<String, String> settings, ScriptedLine line)
            throws DeviceException {
        Map<String, String> all = new HashMap<>(settings);
        all.putIfAbsent("timeout", "30s");
        return new WMBusDriver().open(new DeviceConfig(id, "wmbus", "radio", address, all, Duration.ofMinutes(15),
                Path.of("."), "site.yaml:1"), line);
    }

    private static String value(List<Reading> readings, String point) {
        return readings.stream().filter(r -> r.point().equals(point)).findFirst().orElseThrow()
                .value().stripTrailingZeros().toPlainString();
    }
}
