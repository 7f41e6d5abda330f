package io.heathub.driver.modbus.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.heathub.api.SourceUnit;
import java.math.BigDecimal;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Encoding a value and decoding the registers gives the value back, for every type and order. */
class DataTypeRoundTripTest {

    record Case(DataType type, BigDecimal value, WordOrder words, ByteOrder bytes) {
    }

    @Property(tries = 2000)
    void everyTypeAndOrderRoundTrips(@ForAll("cases") Case c) throws Exception {
        int[] registers = c.type().encode(c.value(), c.words(), c.bytes());
        assertThat(registers).hasSize(c.type().registers());
        assertThat(java.util.Arrays.stream(registers).boxed().toList())
                .allSatisfy(w -> assertThat(w).isBetween(0, c.type() == DataType.BOOL ? 1 : 0xFFFF));
        assertThat(c.type().decode(registers, 0, c.words(), c.bytes())).isEqualByComparingTo(c.value());
        // decoded from the middle of a block, as a poll does
        int[] block = new int[registers.length + 3];
        System.arraycopy(registers, 0, block, 2, registers.length);
        assertThat(c.type().decode(block, 2, c.words(), c.bytes())).isEqualByComparingTo(c.value());
    }

    @Property(tries = 500)
    void theOrdersAreReversalsOfWordsAndSwapsOfBytes(@ForAll("cases") Case c) throws Exception {
        int[] big = c.type().encode(c.value(), WordOrder.BIG, ByteOrder.BIG);
        int[] ordered = c.type().encode(c.value(), c.words(), c.bytes());
        int n = big.length;
        for (int i = 0; i < n; i++) {
            int word = big[c.words() == WordOrder.BIG ? i : n - 1 - i];
            int expected = c.bytes() == ByteOrder.BIG || c.type() == DataType.BOOL ? word
                    : ((word & 0xFF) << 8) | (word >>> 8);
            assertThat(ordered[i]).isEqualTo(expected);
        }
    }

    @Property(tries = 500)
    void aNibbleAboveNineIsNeverAValue(@ForAll @IntRange(min = 0, max = 0xFFFF) int word,
                                       @ForAll @IntRange(min = 0, max = 3) int nibble,
                                       @ForAll @IntRange(min = 10, max = 15) int digit) {
        int bad = (word & ~(0xF << (4 * nibble))) | (digit << (4 * nibble));
        assertThatThrownBy(() -> DataType.BCD16.decode(new int[] {bad}, 0, WordOrder.BIG, ByteOrder.BIG))
                .isInstanceOf(DataType.NotBcdException.class)
                .hasMessageContaining(String.format("0x%04X is not BCD", bad));
        assertThatThrownBy(() -> DataType.BCD32.decode(new int[] {0x1234, bad}, 0, WordOrder.BIG, ByteOrder.BIG))
                .isInstanceOf(DataType.NotBcdException.class);
    }

    @Property(tries = 1000)
    void scaledPointsInOtherUnitsWriteBackTheRegisterTheyRead(@ForAll @IntRange(min = 0, max = 0xFFFF) int register)
            throws Exception {
        PointDefinition p = new PointDefinition("pressure.supply", 0, DataType.INT16, RegisterFunction.HOLDING,
                WordOrder.BIG, ByteOrder.LITTLE, new BigDecimal("0.01"), new BigDecimal("-1"), SourceUnit.BAR, true,
                null, null, new TreeMap<>(), new TreeMap<>(), false, false, "test:1");
        BigDecimal kPa = p.decode(new int[] {register}, 0);
        assertThat(p.encode(kPa)).containsExactly(register);
    }

    @Provide
    Arbitrary<Case> cases() {
        return Arbitraries.of(DataType.values()).flatMap(type -> Combinators.combine(values(type),
                Arbitraries.of(WordOrder.values()), Arbitraries.of(ByteOrder.values()))
                .as((value, words, bytes) -> new Case(type, value, words, bytes)));
    }

    private static Arbitrary<BigDecimal> values(DataType type) {
        return switch (type) {
            case BOOL -> Arbitraries.of(BigDecimal.ZERO, BigDecimal.ONE);
            case INT16 -> Arbitraries.integers().between(Short.MIN_VALUE, Short.MAX_VALUE).map(BigDecimal::valueOf);
            case UINT16 -> Arbitraries.integers().between(0, 0xFFFF).map(BigDecimal::valueOf);
            case INT32 -> Arbitraries.integers().map(BigDecimal::valueOf);
            case UINT32 -> Arbitraries.longs().between(0, 0xFFFF_FFFFL).map(BigDecimal::valueOf);
            case FLOAT32 -> Arbitraries.floats().filter(Float::isFinite).map(f -> new BigDecimal(Float.toString(f)));
            case FLOAT64 -> Arbitraries.doubles().filter(Double::isFinite).map(d -> new BigDecimal(Double.toString(d)));
            case BCD16 -> Arbitraries.integers().between(0, 9_999).map(BigDecimal::valueOf);
            case BCD32 -> Arbitraries.integers().between(0, 99_999_999).map(BigDecimal::valueOf);
        };
    }
}
