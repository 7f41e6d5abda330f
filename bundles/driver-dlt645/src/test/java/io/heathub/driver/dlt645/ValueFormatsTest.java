package io.heathub.driver.dlt645;

import static io.heathub.testkit.Bytes.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.heathub.api.Reading;
import io.heathub.api.Unit;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * Each supported identifier's format, from hand-written data fields (DI0..DI3 then the value,
 * least significant byte first, before the +33h masking) rather than from the encoder.
 */
class ValueFormatsTest {
    private static final MeterAddress METER = new MeterAddress("202411110002");

    @ParameterizedTest(name = "{1} from {0}")
    @CsvSource({
            // data field (unmasked)    , point                   , value       , unit
            "00 00 00 00 56 34 12 00    , electric.energy.combined, 1234.56     , KWH",
            "00 00 00 00 56 34 12 80    , electric.energy.combined, -1234.56    , KWH",
            "00 00 01 00 99 99 99 99    , electric.energy         , 999999.99   , KWH",
            "00 00 02 00 05 00 00 00    , electric.energy.reverse , 0.05        , KWH",
            "00 01 01 02 01 22          , voltage.a               , 220.1       , VOLT",
            "00 01 02 02 50 12 00       , current.a               , 1.250       , AMPERE",
            "00 01 02 02 50 12 80       , current.a               , -1.250      , AMPERE",
            "00 00 03 02 34 12 00       , electric.power          , 0.1234      , KW",
            "00 00 03 02 89 67 95       , electric.power          , -15.6789    , KW",
            "02 00 80 02 98 49          , frequency               , 49.98       , HERTZ",
    })
    void decodesTheStandardsFormat(String data, String point, String value, Unit unit) throws Exception {
        byte[] frame = Dlt645Codec.encode(METER, 0x91, hex(data.trim()), 4);
        Reading reading = new Dlt645FrameDecoder().decode(frame, Map.of(), Instant.EPOCH).get(0);
        assertThat(reading.point()).isEqualTo(point);
        assertThat(reading.value()).isEqualTo(new BigDecimal(value));
        assertThat(reading.unit()).isEqualTo(unit);
        assertThat(reading.device()).isEqualTo("202411110002");
    }

    @Test
    void theEncoderRefusesWhatTheFormatCannotHold() {
        assertThatThrownBy(() -> DataItem.FORWARD_ACTIVE_ENERGY.encode(new BigDecimal("-1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unsigned");
        assertThatThrownBy(() -> DataItem.TOTAL_ACTIVE_POWER.encode(new BigDecimal("80")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exceeds 79.9999");
        assertThatThrownBy(() -> DataItem.PHASE_A_VOLTAGE.encode(new BigDecimal("220.15")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("more than 1 decimals");
        assertThat(DataItem.COMBINED_ACTIVE_ENERGY.maxMagnitude()).isEqualTo(new BigDecimal("799999.99"));
        assertThat(DataItem.FREQUENCY.maxMagnitude()).isEqualTo(new BigDecimal("99.99"));
    }
}
