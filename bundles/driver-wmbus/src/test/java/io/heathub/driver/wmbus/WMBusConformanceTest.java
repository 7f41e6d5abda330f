package io.heathub.driver.wmbus;

import io.heathub.api.Points;
import io.heathub.api.Unit;
import io.heathub.drivertest.ConformanceSpec;
import io.heathub.drivertest.DriverConformance;
import io.heathub.drivertest.ExpectedReading;
import io.heathub.drivertest.KitDevice;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The driver against heathub's conformance kit. One device only: the kit's line has every
 * device answer the requests addressed to it, and a receiver's ping or SET_CONFIG is addressed to
 * the receiver, not to a meter, so a second meter's stand-in would answer it too and collide
 * (README, "What the kit cannot check"). {@link WMBusSessionTest} puts several meters behind one
 * receiver instead. The meter here is constructed (mode 5, key {@link Telegrams#HEAT_METER_KEY});
 * it sends 4 s after the poll's request, among a neighbour's telegram it must skip.
 */
class WMBusConformanceTest extends DriverConformance {
    /** The meter clock in the telegram, 2026-11-30 14:45 in Europe/Berlin. */
    private static final Instant METER_CLOCK = Instant.parse("2026-11-30T13:45:00Z");

    @Override
    protected ConformanceSpec spec() {
        byte[] heatMeter = Telegrams.indication(Telegrams.telegram("HUB", "41122026", 0x01, 0x04, 0x11, 0x00,
                Telegrams.HEAT_METER_KEY, Telegrams.heatMeterRecords(123_456)), 0xB4);
        byte[] neighbour = Telegrams.indication(Telegrams.hex(Telegrams.OMS_ANNEX_N_2_1), 0x80);
        Im871aReceiver receiver = new Im871aReceiver()
                .hears(Duration.ofSeconds(2), neighbour)
                .hears(Duration.ofSeconds(4), heatMeter);
        return ConformanceSpec.of(WMBusDriver::new)
                .device(KitDevice.at("41122026", receiver)
                        .setting("key", Telegrams.HEAT_METER_KEY)
                        .setting("mode", "T1")
                        .setting("zone", "Europe/Berlin")
                        .setting("dueDayStorage", "1")
                        .expect(reading(Points.HEAT_ENERGY, "12345.6", Unit.KWH),
                                reading(Points.VOLUME, "6543.21", Unit.CUBIC_METRE),
                                reading(Points.HEAT_POWER, "12.5", Unit.KW),
                                reading(Points.FLOW, "1.234", Unit.CUBIC_METRE_PER_HOUR),
                                reading(Points.TEMP_SUPPLY, "68.5", Unit.CELSIUS),
                                reading(Points.TEMP_RETURN, "41.2", Unit.CELSIUS),
                                reading(Points.HEAT_ENERGY_DUE_DAY, "11111.1", Unit.KWH),
                                reading("status.error", "0", Unit.NONE),
                                reading("status.powerLow", "0", Unit.NONE),
                                reading("status.permanentError", "0", Unit.NONE),
                                reading("status.temporaryError", "0", Unit.NONE),
                                reading(RecordMapping.RSSI, "180", Unit.NONE)))
                // radio meters send every 16 s to minutes: a poll listens longer than that
                .timeout(Duration.ofSeconds(20))
                .extraPoint(RecordMapping.RSSI, Unit.NONE)
                .invalidAddress("1234567")
                .decoder(new WMBusFrameDecoder(), Map.of("key", Telegrams.HEAT_METER_KEY, "zone", "Europe/Berlin",
                        "dueDayStorage", "1", WMBusFrameDecoder.METER, "41122026"))
                .checksumRepair(WMBusConformanceTest::repairEveryFrame);
    }

    private static ExpectedReading reading(String point, String value, Unit unit) {
        return ExpectedReading.of(point, value, unit).at(METER_CLOCK);
    }

    /** Recomputes the CRC16 of every HCI frame the fuzzer's bytes still hold together. */
    private static byte[] repairEveryFrame(byte[] bytes) {
        byte[] repaired = bytes.clone();
        int at = 0;
        while (at < repaired.length) {
            byte[] rest = java.util.Arrays.copyOfRange(repaired, at, repaired.length);
            int length = Hci.frameLength(rest, rest.length);
            if (length < 7 || length > rest.length) {
                break;
            }
            byte[] one = Hci.withCrc(java.util.Arrays.copyOf(rest, length));
            System.arraycopy(one, 0, repaired, at, length);
            at += length;
        }
        return repaired;
    }
}
