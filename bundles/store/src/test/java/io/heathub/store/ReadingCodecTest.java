package io.heathub.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.heathub.api.Quality;
import io.heathub.api.Reading;
import io.heathub.api.Unit;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ReadingCodecTest {

    @Test
    void roundTripsEveryUnitAndQualityExactly() {
        for (Unit unit : Unit.values()) {
            for (Quality quality : Quality.values()) {
                Reading r = new Reading("plc-1", "heat.energy", new BigDecimal("-12345678901234567890.000123"),
                        unit, Instant.parse("1969-12-31T23:59:59.123456789Z"), quality, "ünïcode ✓");
                assertThat(ReadingCodec.decode(ReadingCodec.encode(r))).isEqualTo(r);
            }
        }
    }

    @Test
    void keepsScaleOfDecimals() {
        Reading r = Reading.good("d", "volume", new BigDecimal("1.500"), Unit.CUBIC_METRE, Instant.EPOCH);
        assertThat(ReadingCodec.decode(ReadingCodec.encode(r)).value()).isEqualTo(new BigDecimal("1.500")).hasScaleOf(3);
    }

    @Test
    void isCompactAndStartsWithTheFormatVersion() {
        byte[] bytes = ReadingCodec.encode(Reading.good("plc-1", "temp.supply", new BigDecimal("71.25"),
                Unit.CELSIUS, Instant.parse("2026-11-23T09:30:00Z")));
        assertThat(bytes[0]).isEqualTo(ReadingCodec.FORMAT_V1);
        assertThat(bytes.length).isLessThan(40);
    }

    @Test
    void rejectsUnknownFormatAndTruncatedRecords() {
        byte[] bytes = ReadingCodec.encode(Readings.numbered(42));
        byte[] future = bytes.clone();
        future[0] = 2;
        assertThatThrownBy(() -> ReadingCodec.decode(future)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("format 2");
        for (int len = 0; len < bytes.length; len++) {
            byte[] truncated = Arrays.copyOf(bytes, len);
            assertThatThrownBy(() -> ReadingCodec.decode(truncated)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
