package io.heathub.driver.modbus;

import static org.assertj.core.api.Assertions.assertThat;

import io.heathub.api.Quality;
import io.heathub.api.Reading;
import io.heathub.api.Unit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One point of every type, word order and byte order, bit fields and status words, coils and
 * discrete inputs; the register image a server must hold for them, built here independently of
 * the driver's own encoder; and the readings the driver must produce from it.
 */
final class TypesFixture {
    static final String PROFILE = """
            name: types
            description: one point of every type, word order and byte order
            defaults: { function: holding }
            points:
              - { point: t.int16, address: 0, type: int16 }
              - { point: t.uint16, address: 1, type: uint16 }
              - { point: t.int32.big, address: 2, type: int32, wordOrder: big }
              - { point: t.int32.little, address: 4, type: int32, wordOrder: little }
              - { point: t.uint32.big, address: 6, type: uint32 }
              - { point: t.uint32.little, address: 8, type: uint32, wordOrder: little }
              - { point: t.float32.big, address: 10, type: float32, unit: °C }
              - { point: t.float32.little, address: 12, type: float32, wordOrder: little, unit: °C }
              - { point: t.scaled, address: 14, type: int16, scale: 0.1, offset: -10, unit: bar }
              - { point: t.int16.swapped, address: 15, type: int16, byteOrder: little }
              - { point: t.float32.swapped, address: 16, type: float32, byteOrder: little }
              - { point: t.float32.both, address: 18, type: float32, wordOrder: little, byteOrder: little }
              - { point: t.energy, address: 20, type: uint32, unit: MWh }
              - { point: t.float64.big, address: 22, type: float64 }
              - { point: t.float64.little, address: 26, type: float64, wordOrder: little }
              - { point: t.float64.swapped, address: 30, type: float64, byteOrder: little }
              - { point: t.bcd16, address: 34, type: bcd16 }
              - { point: t.bcd32.big, address: 35, type: bcd32, scale: 0.01, unit: kWh }
              - { point: t.bcd32.little, address: 37, type: bcd32, wordOrder: little }
              - { point: t.bcd16.swapped, address: 39, type: bcd16, byteOrder: little }
              - { point: status, address: 40, type: uint16, bits: {0: running, 1: fault, 15: remote} }
              - { point: state, address: 41, type: uint16, enum: {1: forward, 2: reverse, 3: stopped} }
              - { point: state.odd, address: 42, type: uint16, enum: {1: forward, 3: stopped} }
              - { point: t.input, address: 100, type: int16, function: input, scale: 0.5, unit: °C }
              - { point: t.input.far, address: 140, type: uint16, function: input }   # 39 unused: own block
              - { point: c.pump, address: 3, function: coil }
              - { point: c.valve, address: 10, function: coil }
              - { point: c.far, address: 200, function: coil }                       # 189 unused bits: own block
              - { point: d.alarm, address: 0, function: discrete }
              - { point: d.door, address: 7, function: discrete }
            """;
    /** holding 0..42, input 100, input 140, coils 3..10, coil 200, discrete 0..7. */
    static final int REQUESTS_FOR_ALL = 6;
    static final int READINGS_FOR_ALL = 33; // 30 points + 3 bits

    private TypesFixture() {
    }

    /** The unit's tables: hr, ir, co, di. */
    static Map<String, int[]> image() {
        int[] hr = new int[64];
        hr[0] = -200 & 0xFFFF;
        hr[1] = 0xFF38;
        put(hr, 2, words(-123456789, 2, false, false));
        put(hr, 4, words(-123456789, 2, true, false));
        put(hr, 6, words(4_000_000_000L, 2, false, false));
        put(hr, 8, words(4_000_000_000L, 2, true, false));
        put(hr, 10, words(Float.floatToIntBits(21.5f), 2, false, false));
        put(hr, 12, words(Float.floatToIntBits(-3.25f), 2, true, false));
        hr[14] = 125;
        hr[15] = 0x38FF;                                                     // -200 with swapped bytes
        put(hr, 16, words(Float.floatToIntBits(1.5f), 2, false, true));
        put(hr, 18, words(Float.floatToIntBits(-1000.125f), 2, true, true));
        put(hr, 20, words(1234, 2, false, false));
        put(hr, 22, words(Double.doubleToLongBits(123456.789012), 4, false, false));
        put(hr, 26, words(Double.doubleToLongBits(-0.000125), 4, true, false));
        put(hr, 30, words(Double.doubleToLongBits(6.02e23), 4, false, true));
        hr[34] = 0x1234;
        hr[35] = 0x0012;
        hr[36] = 0x3456;
        hr[37] = 0x5678;
        hr[38] = 0x1234;
        hr[39] = 0x3412;
        hr[40] = 0x8002;
        hr[41] = 3;
        hr[42] = 7;
        hr[43] = 0x12A4;                                                     // not BCD
        int[] ir = new int[150];
        ir[100] = -7 & 0xFFFF;
        ir[140] = 65535;
        int[] co = new int[201];
        co[3] = 1;
        co[200] = 1;
        int[] di = new int[8];
        di[0] = 1;
        di[7] = 1;
        Map<String, int[]> image = new HashMap<>();
        image.put("hr", hr);
        image.put("ir", ir);
        image.put("co", co);
        image.put("di", di);
        return image;
    }

    /** Checks the readings of a poll of every point of {@link #PROFILE} against {@link #image()}. */
    static void assertAllReadings(List<Reading> readings) {
        Map<String, Reading> byPoint = byPoint(readings);
        assertThat(byPoint).hasSize(READINGS_FOR_ALL);
        assertValue(byPoint, "t.int16", "-200", Unit.NONE);
        assertValue(byPoint, "t.uint16", "65336", Unit.NONE);
        assertValue(byPoint, "t.int32.big", "-123456789", Unit.NONE);
        assertValue(byPoint, "t.int32.little", "-123456789", Unit.NONE);
        assertValue(byPoint, "t.uint32.big", "4000000000", Unit.NONE);
        assertValue(byPoint, "t.uint32.little", "4000000000", Unit.NONE);
        assertValue(byPoint, "t.float32.big", "21.5", Unit.CELSIUS);
        assertValue(byPoint, "t.float32.little", "-3.25", Unit.CELSIUS);
        assertValue(byPoint, "t.scaled", "250", Unit.KPA);                 // (125 × 0.1 − 10) bar
        assertValue(byPoint, "t.int16.swapped", "-200", Unit.NONE);
        assertValue(byPoint, "t.float32.swapped", "1.5", Unit.NONE);
        assertValue(byPoint, "t.float32.both", "-1000.125", Unit.NONE);
        assertValue(byPoint, "t.energy", "1234000", Unit.KWH);             // 1234 MWh
        assertValue(byPoint, "t.float64.big", "123456.789012", Unit.NONE);
        assertValue(byPoint, "t.float64.little", "-0.000125", Unit.NONE);
        assertValue(byPoint, "t.float64.swapped", "6.02E+23", Unit.NONE);
        assertValue(byPoint, "t.bcd16", "1234", Unit.NONE);
        assertValue(byPoint, "t.bcd32.big", "1234.56", Unit.KWH);
        assertValue(byPoint, "t.bcd32.little", "12345678", Unit.NONE);
        assertValue(byPoint, "t.bcd16.swapped", "1234", Unit.NONE);
        assertValue(byPoint, "status", "32770", Unit.NONE);
        assertValue(byPoint, "status.running", "0", Unit.NONE);
        assertValue(byPoint, "status.fault", "1", Unit.NONE);
        assertValue(byPoint, "status.remote", "1", Unit.NONE);
        assertValue(byPoint, "state", "3", Unit.NONE);
        assertValue(byPoint, "state.odd", "7", Unit.NONE);
        assertValue(byPoint, "t.input", "-3.5", Unit.CELSIUS);
        assertValue(byPoint, "t.input.far", "65535", Unit.NONE);
        assertValue(byPoint, "c.pump", "1", Unit.NONE);
        assertValue(byPoint, "c.valve", "0", Unit.NONE);
        assertValue(byPoint, "c.far", "1", Unit.NONE);
        assertValue(byPoint, "d.alarm", "1", Unit.NONE);
        assertValue(byPoint, "d.door", "1", Unit.NONE);
        assertThat(byPoint.get("state.odd").quality()).isEqualTo(Quality.SUSPECT);
        assertThat(byPoint.get("state.odd").reason()).contains("value 7 is not a documented state (1 forward, 3 stopped");
        assertThat(readings).filteredOn(r -> !r.point().equals("state.odd"))
                .allSatisfy(r -> assertThat(r.quality()).as(r.point()).isEqualTo(Quality.GOOD));
    }

    static Map<String, Reading> byPoint(List<Reading> readings) {
        return readings.stream().collect(Collectors.toMap(Reading::point, Function.identity()));
    }

    static void assertValue(Map<String, Reading> byPoint, String point, String value, Unit unit) {
        assertThat(byPoint).containsKey(point);
        Reading r = byPoint.get(point);
        assertThat(r.value()).as(point).isEqualByComparingTo(value);
        assertThat(r.unit()).as(point).isEqualTo(unit);
    }

    /**
     * The registers of a value: {@code count} words most significant first, then reversed for
     * little word order, then each word's bytes swapped for little byte order.
     */
    static int[] words(long bits, int count, boolean littleWords, boolean swapBytes) {
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            int word = (int) (bits >>> (16 * (count - 1 - i))) & 0xFFFF;
            out[i] = swapBytes ? Integer.reverseBytes(word) >>> 16 : word;
        }
        if (littleWords) {
            for (int i = 0; i < count / 2; i++) {
                int t = out[i];
                out[i] = out[count - 1 - i];
                out[count - 1 - i] = t;
            }
        }
        return out;
    }

    static void put(int[] registers, int address, int[] words) {
        System.arraycopy(words, 0, registers, address, words.length);
    }
}
