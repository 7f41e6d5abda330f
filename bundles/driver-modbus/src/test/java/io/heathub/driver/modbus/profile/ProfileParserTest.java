package io.heathub.driver.modbus.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.heathub.api.SourceUnit;
import io.heathub.config.ConfigException;
import java.math.BigDecimal;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ProfileParserTest {
    private static final String FILE = "config/profiles/bad.yaml";

    @Test
    void shippedProfilesParse() throws Exception {
        Profile plc = ProfileParser.parse(Path.of("../../config/profiles/substation-plc.yaml"));
        assertThat(plc.name()).isEqualTo("substation-plc");
        assertThat(plc.points()).extracting(PointDefinition::name).containsExactly("temp.outdoor", "temp.supply",
                "temp.return", "pressure.supply", "pressure.return", "setpoint.supply", "valve.opening");
        assertThat(plc.points()).allSatisfy(p -> {
            assertThat(p.type()).isEqualTo(DataType.FLOAT32);
            assertThat(p.wordOrder()).isEqualTo(WordOrder.BIG);
            assertThat(p.address()).isEven();
        });
        PointDefinition setpoint = plc.byName().get("setpoint.supply");
        assertThat(setpoint.writable()).isTrue();
        assertThat(setpoint.min()).isEqualByComparingTo("20");
        assertThat(setpoint.max()).isEqualByComparingTo("95");
        assertThat(plc.byName().get("pressure.supply").unit()).isEqualTo(SourceUnit.BAR);

        Profile panel = ProfileParser.parse(Path.of("../../config/profiles/bac-002.yaml"));
        assertThat(panel.points()).extracting(PointDefinition::name, PointDefinition::address)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("status.power", 0),
                        org.assertj.core.groups.Tuple.tuple("setpoint.room", 3),
                        org.assertj.core.groups.Tuple.tuple("temp.room", 8),
                        org.assertj.core.groups.Tuple.tuple("valve.state", 9));
        PointDefinition room = panel.byName().get("setpoint.room");
        assertThat(room.scale()).isEqualByComparingTo("0.1");
        assertThat(room.min()).isEqualByComparingTo("5");
        assertThat(room.max()).isEqualByComparingTo("35");
        assertThat(panel.points()).filteredOn(PointDefinition::writable).containsExactly(room);
    }

    @Test
    void defaultsApplyAndPointsOverrideThem() throws Exception {
        Profile p = ProfileParser.parse(FILE, """
                name: d
                defaults: { type: float32, wordOrder: little, function: input, unit: kPa }
                maxGap: 0
                points:
                  - { point: a, address: 0 }
                  - { point: b, address: 2, type: int16, wordOrder: big, unit: bar, scale: 0.01, offset: 1 }
                """);
        PointDefinition a = p.byName().get("a");
        PointDefinition b = p.byName().get("b");
        assertThat(p.limits().maxGap()).isZero();
        assertThat(a.type()).isEqualTo(DataType.FLOAT32);
        assertThat(a.wordOrder()).isEqualTo(WordOrder.LITTLE);
        assertThat(a.function()).isEqualTo(RegisterFunction.INPUT);
        assertThat(a.unit()).isEqualTo(SourceUnit.KPA);
        assertThat(b.type()).isEqualTo(DataType.INT16);
        assertThat(b.unit()).isEqualTo(SourceUnit.BAR);
        assertThat(b.decode(new int[] {150}, 2)).isEqualByComparingTo("250"); // (1.5 + 1) bar
        assertThat(b.encode(new BigDecimal("250"))).containsExactly(150);
        assertThat(a.origin()).isEqualTo(FILE + ":5");
    }

    @Test
    void unknownFieldIsNamedWithItsLine() {
        assertError("""
                name: x
                points:
                  - point: temp.room
                    address: 8
                    type: int16
                    sacle: 0.1
                """, FILE + ":6:5: points[0].sacle: unknown field 'sacle' (did you mean 'scale'?)");
        assertError("""
                name: x
                pionts: []
                """, FILE + ":2:1: pionts: unknown field 'pionts' (did you mean 'points'?)");
    }

    @Test
    void unknownTypeIsNamed() {
        assertError("""
                name: x
                points:
                  - point: temp.room
                    address: 8
                    type: float128
                """, FILE + ":5:11: points[0].type: unknown value \"float128\"; expected one of bool, int16, uint16, int32,"
                + " uint32, float32, float64, bcd16, bcd32");
    }

    @Test
    void unknownUnitIsNamed() {
        assertThatThrownBy(() -> ProfileParser.parse(FILE, """
                name: x
                points:
                  - { point: temp.room, address: 8, type: int16, unit: degF }
                """)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(FILE + ":3:56: points[0].unit: unknown unit \"degF\"; known: Wh, kWh");
    }

    @Test
    void duplicatePointNamesAreNamed() {
        assertError("""
                name: x
                points:
                  - { point: temp.room, address: 8, type: int16 }
                  - { point: temp.room, address: 9, type: int16 }
                """, FILE + ":4:14: points[1].point: duplicate point 'temp.room', first defined at " + FILE + ":3");
    }

    @Test
    void overlappingRegistersAreNamedButOtherFunctionsMayShareAddresses() throws Exception {
        assertError("""
                name: x
                points:
                  - { point: a, address: 10, type: float32 }
                  - { point: b, address: 11, type: int16 }
                """, FILE + ":4:26: points[1].address: registers holding 11 overlap point 'a' at holding 10..11 ("
                + FILE + ":3)");
        Profile ok = ProfileParser.parse(FILE, """
                name: x
                points:
                  - { point: a, address: 10, type: float32 }
                  - { point: b, address: 11, type: int16, function: input }
                """);
        assertThat(ok.points()).hasSize(2);
    }

    @Test
    void writableWithoutLimitsIsNamed() {
        assertError("""
                name: x
                points:
                  - point: setpoint.room
                    address: 3
                    type: int16
                    writable: true
                    min: 5
                """, FILE + ":6:15: points[0].writable: writable point 'setpoint.room' needs both 'min' and 'max' limits"
                + " (in the canonical unit \"\") or an 'enum' of the values it accepts");
        assertError("""
                name: x
                points:
                  - { point: temp.room, address: 3, type: int16, function: input, writable: true, min: 0, max: 1 }
                """, FILE + ":3:77: points[0].writable: only holding registers and coils can be written; 'temp.room' is in input registers");
    }

    @Test
    void otherMistakesAreNamedToo() {
        assertError("""
                name: x
                points:
                  - { point: a, address: 65535, type: int32 }
                """, FILE + ":3:26: points[0].address: expected a 0-based register address 0..65535 (the whole int32 must fit), got 65535");
        assertError("""
                name: x
                points:
                  - { point: a, address: 1, type: int16, scale: 0 }
                """, FILE + ":3:49: points[0].scale: scale must not be 0");
        // found by ProfileParserFuzzTest's seed point-wider-than-maxReadRegisters.yaml: was planned as a 4-register read
        assertError("""
                name: x
                maxReadRegisters: 3
                points:
                  - { point: a, address: 1, type: float64 }
                """, FILE + ":4:5: points[0]: 'a' is a float64 of 4 registers, more than maxReadRegisters (3) allows in one request");
        assertError("""
                name: x
                points: []
                """, FILE + ":2:9: points: a profile needs at least one point");
        assertError("""
                points:
                  - { point: a, address: 1, type: int16 }
                """, FILE + ":1:1: missing required field 'name'");
    }

    private static void assertError(String yaml, String message) {
        assertThatThrownBy(() -> ProfileParser.parse(FILE, yaml))
                .isInstanceOf(ConfigException.class)
                .hasMessage(message);
    }
}
