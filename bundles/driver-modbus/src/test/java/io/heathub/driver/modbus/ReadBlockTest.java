package io.heathub.driver.modbus;

import static org.assertj.core.api.Assertions.assertThat;

import io.heathub.api.SourceUnit;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReadBlockTest {

    @Test
    void mergesAcrossSmallGapsPerFunction() {
        List<ReadBlock> blocks = ReadBlock.plan(List.of(
                point("a", 0, DataType.INT16, RegisterFunction.HOLDING),
                point("b", 9, DataType.FLOAT32, RegisterFunction.HOLDING),   // 8 unused: merged
                point("c", 20, DataType.INT16, RegisterFunction.HOLDING),    // 9 unused: new block
                point("d", 0, DataType.INT16, RegisterFunction.INPUT)), 8, 125);
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
                point("c", 125, DataType.FLOAT32, RegisterFunction.HOLDING)), 200, 125);
        assertThat(blocks).extracting(ReadBlock::start, ReadBlock::count).containsExactly(
                org.assertj.core.groups.Tuple.tuple(0, 125),
                org.assertj.core.groups.Tuple.tuple(125, 2));
    }

    private static PointDefinition point(String name, int address, DataType type, RegisterFunction function) {
        return new PointDefinition(name, address, type, function, WordOrder.BIG, BigDecimal.ONE, BigDecimal.ZERO,
                SourceUnit.NONE, false, null, null, "test:1");
    }
}
