package io.heathub.driver.mbus;

import static org.assertj.core.api.Assertions.assertThat;

import io.heathub.api.Reading;
import io.heathub.api.driver.FrameException;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Valid frames built from EN 13757-3 record definitions decode to exactly the values encoded. */
class MbusFramePropertiesTest {
    private static final Instant T = Instant.parse("2026-01-15T08:00:00Z");
    private final MbusFrameDecoder decoder = new MbusFrameDecoder();

    /** A quantity: its VIF base, the number of exponent bits, the exponent offset and the factor to canonical. */
    enum Quantity {
        ENERGY_WH("heat.energy", 0x00, 7, -3, new BigDecimal("0.001")),
        VOLUME("volume", 0x10, 7, -6, BigDecimal.ONE),
        POWER_W("heat.power", 0x28, 7, -3, new BigDecimal("0.001")),
        FLOW("flow", 0x38, 7, -6, BigDecimal.ONE),
        FLOW_TEMPERATURE("temp.supply", 0x58, 3, -3, BigDecimal.ONE),
        RETURN_TEMPERATURE("temp.return", 0x5C, 3, -3, BigDecimal.ONE);

        final String point;
        final int vifBase;
        final int maxN;
        final int exponentOffset;
        final BigDecimal factor;

        Quantity(String point, int vifBase, int maxN, int exponentOffset, BigDecimal factor) {
            this.point = point;
            this.vifBase = vifBase;
            this.maxN = maxN;
            this.exponentOffset = exponentOffset;
            this.factor = factor;
        }
    }

    record Rec(Quantity quantity, int n, long raw, boolean bcd, int storage) {
        String point() {
            return quantity.point + (storage == 1 ? ".dueDay" : storage > 1 ? ".storage" + storage : "");
        }

        BigDecimal expected() {
            return BigDecimal.valueOf(raw).scaleByPowerOfTen(Math.min(n, quantity.maxN) + quantity.exponentOffset)
                    .multiply(quantity.factor);
        }

        void encode(ByteArrayOutputStream out) {
            int dif = (bcd ? 0x0C : 0x04) | (storage & 1) << 6 | (storage > 1 ? 0x80 : 0);
            out.write(dif);
            if (storage > 1) {
                out.write(storage >> 1);
            }
            out.write(quantity.vifBase | Math.min(n, quantity.maxN));
            long value = raw;
            for (int i = 0; i < 4; i++) {
                if (bcd) {
                    out.write((int) (value % 10 | (value / 10 % 10) << 4));
                    value /= 100;
                } else {
                    out.write((int) (value & 0xFF));
                    value >>= 8;
                }
            }
        }
    }

    @Provide
    Arbitrary<Rec> records() {
        return Combinators.combine(Arbitraries.of(Quantity.class), Arbitraries.integers().between(0, 7),
                        Arbitraries.longs().between(0, 99_999_999L), Arbitraries.of(true, false),
                        Arbitraries.integers().between(0, 5))
                .as(Rec::new);
    }

    @Provide
    Arbitrary<List<Rec>> recordLists() {
        return records().list().ofMinSize(1).ofMaxSize(12);
    }

    @Property(tries = 300)
    void generatedFramesDecodeToTheEncodedValues(@ForAll("recordLists") List<Rec> generated,
                                                 @ForAll @IntRange(min = 0, max = 250) int address) throws Exception {
        Set<String> points = new HashSet<>();
        List<Rec> unique = generated.stream().filter(r -> points.add(r.point())).toList();
        ByteArrayOutputStream records = new ByteArrayOutputStream();
        unique.forEach(r -> r.encode(records));
        byte[] frame = Frames.rspUd(address, "87654321", "LUG", 0, records.toByteArray());

        MbusTelegram telegram = decoder.decodeTelegram(frame, null, T);

        Map<String, Reading> decoded = telegram.readings().stream()
                .collect(Collectors.toMap(Reading::point, Function.identity()));
        assertThat(decoded.keySet()).isEqualTo(points);
        for (Rec r : unique) {
            assertThat(decoded.get(r.point()).value()).as(r.toString()).isEqualByComparingTo(r.expected());
        }
        assertThat(telegram.primaryAddress()).isEqualTo(address);
        assertThat(telegram.identification()).isEqualTo("87654321");
        assertThat(telegram.manufacturer()).isEqualTo("LUG");
    }

    @Property(tries = 500)
    void corruptedFramesGiveReadingsOrAFrameExceptionNeverAnotherException(
            @ForAll("recordLists") List<Rec> generated, @ForAll @IntRange(min = 0, max = 200) int at,
            @ForAll byte value, @ForAll boolean fixChecksum) {
        ByteArrayOutputStream records = new ByteArrayOutputStream();
        generated.forEach(r -> r.encode(records));
        byte[] frame = Frames.rspUd(1, "00000001", "ABB", 0, records.toByteArray());
        int index = at % frame.length;
        frame[index] = value;
        if (fixChecksum && frame.length > 6) { // reach the record decoding behind the checksum
            frame[frame.length - 2] = (byte) MbusFrames.checksum(frame, 4, frame.length - 2);
        }
        try {
            decoder.decode(frame, Map.of(), T);
        } catch (FrameException expected) {
            assertThat(expected.offset()).isBetween(-1, frame.length);
        }
    }
}
