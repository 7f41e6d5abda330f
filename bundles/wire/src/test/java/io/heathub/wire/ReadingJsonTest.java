package io.heathub.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.heathub.api.Quality;
import io.heathub.api.Reading;
import io.heathub.api.Unit;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReadingJsonTest {
    private final ReadingJson json = new ReadingJson();

    @Test
    void writesTheDocumentedShape() {
        Reading r = new Reading("m-1", "flow", new BigDecimal("1.2500"), Unit.CUBIC_METRE_PER_HOUR,
                Instant.parse("2026-11-23T09:30:00Z"), Quality.SUSPECT, "flow above rated maximum");
        assertThat(new String(json.write(r), StandardCharsets.UTF_8)).isEqualTo(
                "{\"device\":\"m-1\",\"point\":\"flow\",\"value\":1.2500,\"unit\":\"m³/h\","
                        + "\"time\":\"2026-11-23T09:30:00Z\",\"quality\":\"SUSPECT\",\"reason\":\"flow above rated maximum\"}");
    }

    @Test
    void writesDecimalsPlainNeverInScientificNotation() {
        Reading r = Reading.good("p", "temp.supply", new BigDecimal("60").stripTrailingZeros(), Unit.CELSIUS, Instant.EPOCH);
        assertThat(new String(json.write(r), StandardCharsets.UTF_8)).contains("\"value\":60,");
        Reading small = Reading.good("p", "flow", new BigDecimal("1E-7"), Unit.CUBIC_METRE_PER_HOUR, Instant.EPOCH);
        assertThat(new String(json.write(small), StandardCharsets.UTF_8)).contains("\"value\":0.0000001,");
    }

    @Test
    void roundTripsExactDecimals() throws Exception {
        List<Reading> in = List.of(
                Reading.good("a", "heat.energy", new BigDecimal("123456.78"), Unit.KWH, Instant.ofEpochMilli(1_700_000_000_123L)),
                Reading.good("b\"x", "temp.room", new BigDecimal("-3.5"), Unit.CELSIUS, Instant.EPOCH));
        assertThat(json.readArray(json.writeArray(in))).isEqualTo(in);
    }

    @Test
    void rejectsIncompleteOrForeignInput() {
        assertThatThrownBy(() -> json.read("{\"device\":\"a\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(WireFormatException.class).hasMessageContaining("needs device, point, value, unit and time");
        assertThatThrownBy(() -> json.read("{\"device\":\"a\",\"point\":\"p\",\"value\":1,\"unit\":\"parsec\",\"time\":\"2026-01-01T00:00:00Z\"}".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("unknown unit \"parsec\"");
        assertThatThrownBy(() -> json.read("[1]".getBytes(StandardCharsets.UTF_8))).isInstanceOf(WireFormatException.class);
    }

    @Test
    void anUplinkWritesTheHubFirstAndReadersIgnoreIt() throws Exception {
        Reading r = Reading.good("heat-101", "heat.energy", new BigDecimal("12.5"), Unit.KWH,
                Instant.parse("2026-11-23T09:30:00Z"));
        byte[] one = json.write(r, "site-a");
        assertThat(new String(one, StandardCharsets.UTF_8)).startsWith("{\"hub\":\"site-a\",\"device\":\"heat-101\",");
        byte[] array = ReadingJson.joinArray(List.of(one, json.write(r, "site-b")));
        assertThat(json.readArray(array)).containsExactly(r, r);
        assertThat(ReadingJson.joinArray(List.of())).isEqualTo("[]".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aReadingJsonCannotWriteIsRefusedWithTheReasonNotHalfWritten() {
        Reading huge = Reading.good("heat-101", "heat.energy", new BigDecimal("1e10000"), Unit.KWH, Instant.EPOCH);
        assertThatThrownBy(() -> json.write(huge, "hub")).isInstanceOf(WireFormatException.class)
                .hasMessageContaining("heat-101 heat.energy cannot be written as JSON").hasMessageContaining("10001 digits");
        Reading far = Reading.good("heat-101", "heat.energy", BigDecimal.ONE, Unit.KWH,
                Instant.parse("+300000000-01-01T00:00:00Z"));
        assertThatThrownBy(() -> json.write(far, "hub")).isInstanceOf(WireFormatException.class)
                .hasMessageContaining("overflow");
    }

    /** Found by ReadingJsonFuzzTest (seed crash-value-1e1000-unreadable-plain-form): 1e1000 was sent as 1001 digits no reader takes. */
    @Test
    void aValueLongerWrittenPlainThanReadersAcceptIsRefusedNotSentUnreadable() throws WireFormatException {
        Reading longest = Reading.good("heat-101", "heat.energy", new BigDecimal("1e999"), Unit.KWH, Instant.EPOCH);
        assertThat(json.read(json.write(longest, "hub")).value()).isEqualByComparingTo("1e999");
        Reading tooLong = Reading.good("heat-101", "heat.energy", new BigDecimal("1e1000"), Unit.KWH, Instant.EPOCH);
        assertThatThrownBy(() -> json.write(tooLong, "hub")).isInstanceOf(WireFormatException.class)
                .hasMessageContaining("1001 digits written plain, more than JSON readers accept (1000)");
        Reading tinyFraction = Reading.good("heat-101", "heat.energy", new BigDecimal("1e-1000"), Unit.KWH, Instant.EPOCH);
        assertThatThrownBy(() -> json.write(tinyFraction, "hub")).isInstanceOf(WireFormatException.class)
                .hasMessageContaining("1001 digits");
    }
}
