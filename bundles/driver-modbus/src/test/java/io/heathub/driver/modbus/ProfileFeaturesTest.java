package io.heathub.driver.modbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.heathub.api.SourceUnit;
import io.heathub.config.ConfigException;
import io.heathub.driver.modbus.profile.ByteOrder;
import io.heathub.driver.modbus.profile.DataType;
import io.heathub.driver.modbus.profile.PointDefinition;
import io.heathub.driver.modbus.profile.Profile;
import io.heathub.driver.modbus.profile.ProfileParser;
import io.heathub.driver.modbus.profile.ProfileTemplate;
import io.heathub.driver.modbus.profile.ReadLimits;
import io.heathub.driver.modbus.profile.RegisterFunction;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The profile fields beyond plain registers: coils, bits, states, byte order, writes, read limits. */
class ProfileFeaturesTest {
    private static final String FILE = "config/profiles/bad.yaml";

    @Test
    void shippedPlantProfilesParse() throws Exception {
        Profile fc51 = ProfileParser.parse(Path.of("../../config/profiles/danfoss-fc51.yaml"));
        assertThat(fc51.points()).extracting(PointDefinition::name, PointDefinition::address).containsExactly(
                org.assertj.core.groups.Tuple.tuple("pump.frequency", 16129),
                org.assertj.core.groups.Tuple.tuple("pump.control", 49999),
                org.assertj.core.groups.Tuple.tuple("setpoint.frequency", 50009),
                org.assertj.core.groups.Tuple.tuple("pump.status", 50199));
        // the status word, read-only and whole: an alarm rule judges its bits (bit 3 = trip)
        assertThat(fc51.byName().get("pump.status").writable()).isFalse();
        assertThat(fc51.byName().get("pump.status").decode(new int[] {0x0209}, 50199)).isEqualByComparingTo("521");
        // the bus reference in Hz: 16384 = 100 % = maxFrequency (default 50 Hz)
        PointDefinition reference = fc51.byName().get("setpoint.frequency");
        assertThat(reference.unit()).isEqualTo(SourceUnit.HERTZ);
        assertThat(reference.encode(new java.math.BigDecimal("50"))).containsExactly(16384);
        assertThat(reference.encode(new java.math.BigDecimal("45"))).containsExactly(14746); // 14745.6, half up
        assertThat(reference.decode(new int[] {8192}, 50009)).isEqualByComparingTo("25");
        assertThat(reference.max()).isEqualByComparingTo("50");
        assertThat(fc51.byName().get("pump.frequency").decode(new int[] {503}, 16129)).isEqualByComparingTo("50.3");

        Profile vfd = ProfileParser.parse(Path.of("../../config/profiles/vfd-cn.yaml"));
        assertThat(vfd.points()).extracting(PointDefinition::address).containsExactly(0x1000, 0x2000, 0x3000);
        assertThat(vfd.byName().get("pump.command").writeOnly()).isTrue();
        assertThat(vfd.readableNames()).containsOnlyKeys("setpoint.frequency", "pump.state");
        assertThat(vfd.byName().get("pump.state").describeStates()).isEqualTo("1 forward, 2 reverse, 3 stopped");
        // 0.01 % of the maximum frequency: 45 Hz of 50 Hz = 90.00 %
        assertThat(vfd.byName().get("setpoint.frequency").encode(new java.math.BigDecimal("45"))).containsExactly(9000);

        ProfileTemplate vfd60 = ProfileParser.template(Path.of("../../config/profiles/vfd-cn.yaml"));
        PointDefinition at60 = vfd60.resolve(java.util.Map.of("maxFrequency", "60", "profile", "vfd-cn"))
                .byName().get("setpoint.frequency");
        assertThat(at60.encode(new java.math.BigDecimal("45"))).containsExactly(7500);
        assertThat(at60.max()).isEqualByComparingTo("60");

        Profile boiler = ProfileParser.parse(Path.of("../../config/profiles/boiler.yaml"));
        assertThat(boiler.byName().get("flow").unit()).isEqualTo(SourceUnit.CUBIC_METRE_PER_HOUR);
        assertThat(boiler.points()).filteredOn(PointDefinition::writable).extracting(PointDefinition::name)
                .containsExactly("setpoint.load", "setpoint.flow");

        Profile station = ProfileParser.parse(Path.of("../../config/profiles/bac-002-station.yaml"));
        assertThat(station.points()).filteredOn(PointDefinition::writable).extracting(PointDefinition::name)
                .containsExactly("setpoint.room", "thermostat.mode", "valve.opening", "setpoint.opening");
        assertThat(station.byName().get("thermostat.mode").describeStates())
                .isEqualTo("0 temperature, 1 schedule, 2 flow");
        assertThat(station.byName().get("valve.opening").encode(new java.math.BigDecimal("37.5"))).containsExactly(375);
        // the plain BAC-002 map is unchanged: a real panel answers registers 0..9 only
        assertThat(ProfileParser.parse(Path.of("../../config/profiles/bac-002.yaml")).points())
                .allSatisfy(p -> assertThat(p.end()).isLessThanOrEqualTo(10));
    }

    @Test
    void coilsBitsStatesAndOrdersAreRead() throws Exception {
        Profile p = ProfileParser.parse(FILE, """
                name: f
                maxBitGap: 16
                maxReadRegisters: 32
                maxReadBits: 256
                defaults: { byteOrder: little }
                points:
                  - { point: pump.run, address: 3, function: coil, writable: true, write: multiple }
                  - { point: door, address: 3, function: discrete }
                  - { point: status, address: 0, type: uint32, wordOrder: little, bits: {0: running, 0x1F: fault} }
                  - { point: mode, address: 2, type: uint16, byteOrder: big, writable: true, enum: {1: auto, 0x02: manual} }
                """);
        assertThat(p.limits()).isEqualTo(new ReadLimits(8, 16, 32, 256));
        PointDefinition run = p.byName().get("pump.run");
        assertThat(run.type()).isEqualTo(DataType.BOOL);
        assertThat(run.multiple()).isTrue();
        assertThat(p.byName().get("door").function()).isEqualTo(RegisterFunction.DISCRETE);
        PointDefinition status = p.byName().get("status");
        assertThat(status.byteOrder()).isEqualTo(ByteOrder.LITTLE);
        assertThat(status.bits()).containsEntry(0, "status.running").containsEntry(31, "status.fault");
        assertThat(p.readableNames()).containsKeys("status.running", "status.fault");
        // the raw value 0x80000001, little word order and swapped bytes
        assertThat(status.bit(new int[] {0x0100, 0x0080}, 0, 31)).isTrue();
        assertThat(status.bit(new int[] {0x0100, 0x0080}, 0, 0)).isTrue();
        assertThat(status.bit(new int[] {0x0100, 0x0080}, 0, 1)).isFalse();
        PointDefinition mode = p.byName().get("mode");
        assertThat(mode.byteOrder()).isEqualTo(ByteOrder.BIG);
        assertThat(mode.describeStates()).isEqualTo("1 auto, 2 manual");
        assertThat(mode.min()).isNull();
    }

    @Test
    void typesMustSuitTheTable() {
        assertError("name: x\npoints:\n  - { point: a, address: 0, type: bool }\n",
                FILE + ":3:35: points[0].type: type bool needs function coil or discrete; to name single bits of a"
                        + " register use an integer type with 'bits'");
        assertError("name: x\npoints:\n  - { point: a, address: 0, function: coil, type: int16 }\n",
                FILE + ":3:51: points[0].type: coils hold single bits: type must be bool (or left out), got int16");
        assertError("name: x\npoints:\n  - { point: a, address: 0, function: coil, scale: 2 }\n",
                FILE + ":3:52: points[0].scale: 'a' is a single bit (0 or 1): scale does not apply");
        assertError("name: x\npoints:\n  - { point: a, address: 0, type: int16, byteOrder: middle }\n",
                FILE + ":3:53: points[0].byteOrder: unknown value \"middle\"; expected one of big, little");
        assertError("name: x\npoints:\n  - { point: a, address: 65533, type: float64 }\n",
                FILE + ":3:26: points[0].address: expected a 0-based register address 0..65535 (the whole float64"
                        + " must fit), got 65533");
    }

    @Test
    void bitsAndStatesAreChecked() {
        assertError("name: x\npoints:\n  - { point: s, address: 0, type: float32, bits: {0: on} }\n",
                FILE + ":3:50: points[0].bits: bits need an integer type (int16, uint16, int32, uint32), not float32");
        assertError("name: x\npoints:\n  - { point: s, address: 0, type: int16, bits: {16: on} }\n",
                FILE + ":3:53: points[0].bits.16: expected a bit number 0..15 (0 = least significant) of the int16,"
                        + " got '16'");
        assertError("name: x\npoints:\n  - { point: s, address: 0, type: int16, bits: {0: is on} }\n",
                FILE + ":3:52: points[0].bits.0: expected a name part like running or fault, got \"is on\"");
        assertError("name: x\npoints:\n  - { point: s.on, address: 1, type: int16 }\n"
                        + "  - { point: s, address: 0, type: int16, bits: {0: on} }\n",
                FILE + ":4:48: points[1].bits: bit point 's.on' clashes with a point defined at " + FILE + ":3");
        assertError("name: x\npoints:\n  - { point: s, address: 0, type: int16, enum: {run: 1} }\n",
                FILE + ":3:54: points[0].enum.run: enum values are whole numbers (the point's value), got 'run'");
        assertError("name: x\npoints:\n  - { point: s, address: 0, type: float32, enum: {1: a} }\n",
                FILE + ":3:50: points[0].enum: enum lists whole-number states; a float32 has none");
    }

    @Test
    void writeFieldsNeedAWritablePoint() {
        assertError("name: x\npoints:\n  - { point: a, address: 0, type: int16, max: 5 }\n",
                FILE + ":3:47: points[0].max: max only applies to writable points: add 'writable: true' or remove it");
        assertError("name: x\npoints:\n  - { point: a, address: 0, type: int16, writeOnly: true }\n",
                FILE + ":3:53: points[0].writeOnly: writeOnly only applies to writable points: add 'writable: true'"
                        + " or remove it");
        assertError("name: x\npoints:\n  - { point: a, address: 0, type: int16, writable: true, min: 0, max: 9, write: some }\n",
                FILE + ":3:81: points[0].write: unknown value \"some\"; expected one of single, multiple");
        assertError("name: x\npoints:\n  - { point: a, address: 0, function: discrete, writable: true }\n",
                FILE + ":3:59: points[0].writable: only holding registers and coils can be written; 'a' is in"
                        + " discrete inputs");
    }

    @Test
    void readLimitsStayWithinModbus() {
        assertError("name: x\nmaxReadRegisters: 126\npoints:\n  - { point: a, address: 0, type: int16 }\n",
                FILE + ":2:19: maxReadRegisters: expected 1..125 registers, got 126");
        assertError("name: x\nmaxReadBits: 0\npoints:\n  - { point: a, address: 0, type: int16 }\n",
                FILE + ":2:14: maxReadBits: expected 1..2000 bits, got 0");
        assertError("name: x\nmaxBitGap: 2001\npoints:\n  - { point: a, address: 0, type: int16 }\n",
                FILE + ":2:12: maxBitGap: expected 0..2000 bits, got 2001");
        assertError("name: x\npoints:\n  - { point: a, address: 0, type: int16, byteorder: big }\n",
                FILE + ":3:42: points[0].byteorder: unknown field 'byteorder' (did you mean 'byteOrder'?)");
    }

    private static void assertError(String yaml, String message) {
        assertThatThrownBy(() -> ProfileParser.parse(FILE, yaml))
                .isInstanceOf(ConfigException.class)
                .hasMessage(message);
    }
}
