package io.heathub.driver.modbus;

import static org.assertj.core.api.Assertions.assertThat;

import io.heathub.driver.modbus.profile.DataType;
import io.heathub.driver.modbus.profile.PointDefinition;
import io.heathub.driver.modbus.profile.ReadLimits;
import io.heathub.driver.modbus.profile.RegisterFunction;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReadBlockTest {

    @Test
    void mergesAcrossSmallGapsPerFunction() {
        List<ReadBlock> blocks = ReadBlock.plan(List.of(
                point("a", 0, DataType.INT16, RegisterFunction.HOLDING),
                point("b", 9, DataType.FLOAT32, RegisterFunction.HOLDING),   // 8 unused: merged
                point("c", 20, DataType.INT16, RegisterFunction.HOLDING),    // 9 unused: new block
                point("d", 0, DataType.INT16, RegisterFunction.INPUT)), ReadLimits.DEFAULT);
        assertThat(blocks).extracting(ReadBlock::function, ReadBlock::start, ReadBlock::count).containsExactly(
                org.assertj.core.groups.Tuple.tuple(RegisterFunction.HOLDING, 0, 11),
                org.assertj.core.groups.Tuple.tuple(RegisterFunction.HOLDING, 20, 1),
                org.assertj.core.groups.Tuple.tuple(RegisterFunction.INPUT, 0, 1));
        assertThat(blocks.get(0).describe()).isEqualTo("holding registers 0..10 (a, b)");
    }

    @Test
    void neverReadsMoreThanTheLimitInOneRequest() {
        List<ReadBlock> blocks = ReadBlock.plan(List.of(
                point("a", 0, DataType.INT16, RegisterFunction.HOLDING),
                point("b", 123, DataType.FLOAT32, RegisterFunction.HOLDING),  // ends at 125: fits exactly
                point("c", 125, DataType.FLOAT32, RegisterFunction.HOLDING)), new ReadLimits(125, 0, 125, 2000));
        assertThat(blocks).extracting(ReadBlock::start, ReadBlock::count).containsExactly(
                org.assertj.core.groups.Tuple.tuple(0, 125),
                org.assertj.core.groups.Tuple.tuple(125, 2));
    }

    @Test
    void bitsAreGroupedWithTheirOwnGapAndLimit() {
        List<ReadBlock> blocks = ReadBlock.plan(List.of(
                point("a", 0, DataType.BOOL, RegisterFunction.COIL),
                point("b", 65, DataType.BOOL, RegisterFunction.COIL),        // 64 unused bits: merged
                point("c", 1999, DataType.BOOL, RegisterFunction.COIL),      // far: new block
                point("d", 2000, DataType.BOOL, RegisterFunction.COIL),
                point("e", 3, DataType.BOOL, RegisterFunction.DISCRETE)), ReadLimits.DEFAULT);
        assertThat(blocks).extracting(ReadBlock::function, ReadBlock::start, ReadBlock::count).containsExactly(
                org.assertj.core.groups.Tuple.tuple(RegisterFunction.COIL, 0, 66),
                org.assertj.core.groups.Tuple.tuple(RegisterFunction.COIL, 1999, 2),
                org.assertj.core.groups.Tuple.tuple(RegisterFunction.DISCRETE, 3, 1));
        assertThat(blocks.get(0).describe()).isEqualTo("coils 0..65 (a, b)");

        // a device that accepts at most 100 bits per request
        List<ReadBlock> small = ReadBlock.plan(List.of(
                point("a", 0, DataType.BOOL, RegisterFunction.COIL),
                point("b", 99, DataType.BOOL, RegisterFunction.COIL),
                point("c", 100, DataType.BOOL, RegisterFunction.COIL)), new ReadLimits(8, 2000, 125, 100));
        assertThat(small).extracting(ReadBlock::start, ReadBlock::count).containsExactly(
                org.assertj.core.groups.Tuple.tuple(0, 100),
                org.assertj.core.groups.Tuple.tuple(100, 1));
    }

    private static PointDefinition point(String name, int address, DataType type, RegisterFunction function) {
        return PointDefinition.simple(name, address, type, function, "test:1");
    }
}
