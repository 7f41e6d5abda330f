package io.heathub.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.heathub.api.Quality;
import io.heathub.api.Reading;
import io.heathub.api.SourceUnit;
import io.heathub.api.Unit;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReadingInputTest {
    private static final Instant NOW = Instant.parse("2026-11-23T09:30:00Z");
    private final ReadingInput input = new ReadingInput(new ReadingInput.Limits(4096, 3, 20), Clock.fixed(NOW, ZoneOffset.UTC));

    private List<Reading> json(String text) throws WireFormatException {
        return input.readJson(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void sourceUnitsAreConvertedAndTimeAndQualityDefault() throws Exception {
        List<Reading> in = json("""
                [{"device":"plc-1","point":"heat.energy","value":1.5,"unit":"MWh"},
                 {"device":"plc-1","point":"pressure.supply","value":"4.25","unit":"bar","time":"2026-11-23T08:00:00+08:00"},
                 {"device":"m-2","point":"flow","value":250,"unit":"L/h","quality":"SUSPECT","reason":"noisy"}]""");
        assertThat(in).containsExactly(
                Reading.good("plc-1", "heat.energy", new BigDecimal("1.5E+3"), Unit.KWH, NOW),
                Reading.good("plc-1", "pressure.supply", new BigDecimal("425"), Unit.KPA, Instant.parse("2026-11-23T00:00:00Z")),
                new Reading("m-2", "flow", new BigDecimal("0.25"), Unit.CUBIC_METRE_PER_HOUR, NOW, Quality.SUSPECT, "noisy"));
        assertThat(json("{\"device\":\"d\",\"point\":\"heat.energy\",\"value\":1,\"unit\":\"GJ\"}").get(0).value())
                .isEqualByComparingTo(new BigDecimal("1E+4").divide(new BigDecimal(36), java.math.MathContext.DECIMAL128));
    }

    @Test
    void mapsAndReadingsAreCheckedLikeJson() throws Exception {
        List<Reading> in = input.readObjects(List.of(
                Map.of("device", "plc-1", "point", "temp.supply", "value", 71.5, "unit", "°C"),
                Map.of("device", "plc-1", "point", "volume", "value", 12, "unit", "L", "time", NOW.minusSeconds(60)),
                Reading.good("plc-1", "hours", BigDecimal.TEN, Unit.HOUR, NOW)));
        assertThat(in).extracting(Reading::value).map(BigDecimal::toPlainString).containsExactly("71.5", "0.012", "10");
        assertThat(in.get(1).unit()).isEqualTo(Unit.CUBIC_METRE);
        assertThatThrownBy(() -> input.readObjects(List.of(Reading.good("bus:plc", "x", BigDecimal.ONE, Unit.NONE, NOW))))
                .hasMessageStartingWith("reading [0] (bus:plc x): device: \"bus:plc\" is not a device id");
        assertThatThrownBy(() -> input.readObjects(List.of("text"))).hasMessageContaining("reading [0]: expected a reading or a map");
    }

    @Test
    void everyRefusalSaysWhichReadingAndWhatIsWrong() {
        assertRefused("[{\"device\":\"d\",\"point\":\"t\",\"value\":1,\"unit\":\"degF\"}]",
                "reading [0] (d t): unit: unknown unit \"degF\"; known: Wh, kWh, MWh");
        assertRefused("[{\"device\":\"d\",\"point\":\"t\",\"value\":1,\"unit\":\"\"},{\"device\":\"d d\",\"point\":\"t\",\"value\":1,\"unit\":\"\"}]",
                "reading [1] (d d t): device: \"d d\" is not a device id");
        assertRefused("[{\"device\":\"d\",\"point\":\"temp..supply\",\"value\":1,\"unit\":\"\"}]", "point: \"temp..supply\" is not a point name");
        assertRefused("[{\"device\":\"d\",\"point\":\"t\",\"unit\":\"\"}]", "reading [0] (d t): value: missing");
        assertRefused("[{\"device\":\"d\",\"point\":\"t\",\"value\":\"abc\",\"unit\":\"\"}]", "value: \"abc\" is not a number");
        assertRefused("[{\"device\":\"d\",\"point\":\"t\",\"value\":1e999999,\"unit\":\"\"}]", "has more than 20 digits");
        assertRefused("[{\"device\":\"d\",\"point\":\"t\",\"value\":1,\"unit\":\"\",\"time\":\"yesterday\"}]", "time: \"yesterday\" is not an ISO-8601 time");
        assertRefused("[{\"device\":\"d\",\"point\":\"t\",\"value\":1,\"unit\":\"\",\"time\":\"2026-12-01T09:30:01Z\"}]",
                "time: 2026-12-01T09:30:01Z is 8 days ahead of the hub's clock (2026-11-23T09:30:00Z; at most 7 days ahead");
        assertRefused("[{\"device\":\"d\",\"point\":\"t\",\"value\":1,\"unit\":\"\",\"time\":\"+300000000-01-01T00:00:00Z\"}]",
                "days ahead of the hub's clock");
        assertRefused("[{\"device\":\"d\",\"point\":\"t\",\"value\":1,\"unit\":\"\",\"time\":\"2025-10-18T00:00:00Z\"}]",
                "is 401 days behind the hub's clock (2026-11-23T09:30:00Z; at most 400 days behind");
        assertRefused("[{\"device\":\"d\",\"point\":\"t\",\"value\":1e10000,\"unit\":\"\"}]",
                "value: 1E+10000 has more than 20 digits before or after the point");
        // a value within bounds in MWh is too large in kWh
        assertRefused("[{\"device\":\"d\",\"point\":\"t\",\"value\":99999999999999999999,\"unit\":\"MWh\"}]",
                "has more than 20 digits before the point");
        assertRefused("[{\"device\":\"d\",\"point\":\"t\",\"value\":1,\"unit\":\"\",\"reason\":\"" + "x".repeat(21) + "\"}]", "reason: 21 characters, at most 20");
        assertRefused("[{\"device\":\"d\",\"point\":\"t\",\"value\":1,\"unit\":\"\",\"colour\":\"red\"}]", "reading [0]: unknown field \"colour\"");
        assertRefused("[{\"device\":\"d\",\"point\":\"t\",\"value\":1,\"unit\":\"\",\"quality\":\"FINE\"}]", "quality: \"FINE\" is none of GOOD");
        assertRefused("[{\"device\":\"d\",\"point\":\"t\",\"value\":{\"a\":1},\"unit\":\"\"}]", "value: expected a number, got START_OBJECT");
        assertRefused("[1,2]", "reading [0]: expected a JSON object, got VALUE_NUMBER_INT");
        assertRefused("[{\"device\":\"d\"", "not valid JSON");
        assertRefused("\"hello\"", "expected a JSON array of readings");
        String four = "[" + String.join(",", java.util.Collections.nCopies(4, "{\"device\":\"d\",\"point\":\"t\",\"value\":1,\"unit\":\"\"}")) + "]";
        assertRefused(four, "more than 3 readings in one body");
        assertThatThrownBy(() -> input.readJson(new byte[4097])).hasMessage("body of 4097 bytes is over the limit of 4096");
    }

    /** Found by ReadingInputFuzzTest (seed crash-exponent-too-long-NumberFormatException): Jackson threw NumberFormatException. */
    @Test
    void aNumberWhoseExponentJacksonCannotReadIsARefusalNotANumberFormatException() {
        assertRefused("[{\"device\":\"d\",\"point\":\"t\",\"value\":2e10777777777777777777,\"unit\":\"\"}]",
                "value: 2e10777777777777777777 is not a number that can be read (exponent out of range)");
    }

    private void assertRefused(String body, String message) {
        assertThatThrownBy(() -> json(body)).isInstanceOf(WireFormatException.class).hasMessageContaining(message);
    }

    @Test
    void theWindowIsConfigurableAndDriverReadingsAreJudgedWithoutThrowing() throws Exception {
        ReadingInput narrow = new ReadingInput(ReadingInput.Limits.DEFAULT,
                new ReadingInput.Window(java.time.Duration.ofHours(1), java.time.Duration.ofDays(2)), Clock.fixed(NOW, ZoneOffset.UTC));
        assertThat(narrow.readObjects(List.of(Reading.good("d", "t", BigDecimal.ONE, Unit.NONE, NOW.plusSeconds(3600)))))
                .hasSize(1);
        assertThatThrownBy(() -> narrow.readObjects(List.of(Reading.good("d", "t", BigDecimal.ONE, Unit.NONE,
                NOW.plusSeconds(3601))))).hasMessage("reading [0] (d t): time: 2026-11-23T10:30:01Z is 60 min ahead of the"
                + " hub's clock (2026-11-23T09:30:00Z; at most 60 min ahead: a wrong clock?)");
        // a driver's reading: a canonical GJ conversion carries 34 digits and is fine; a 2099 clock is not; bus devices pass
        Reading gj = Reading.good("bus:plc", "heat.energy", SourceUnit.GJ.toCanonical(BigDecimal.ONE), Unit.KWH, NOW);
        assertThat(narrow.polledProblem(gj)).isEmpty();
        assertThat(narrow.polledProblem(Reading.good("m", "heat.energy", BigDecimal.ONE, Unit.KWH,
                Instant.parse("2099-01-01T00:00:00Z")))).hasValueSatisfying(p -> assertThat(p)
                .startsWith("time: 2099-01-01T00:00:00Z is 26336 days ahead of the hub's clock"));
        assertThat(narrow.polledProblem(Reading.good("m", "heat.energy", new BigDecimal("1e21"), Unit.KWH, NOW)))
                .contains("value: 1E+21 has more than 20 digits before the point");
        assertThat(narrow.polledProblem(Reading.good("m", "bad point!", BigDecimal.ONE, Unit.KWH, NOW))).isPresent();
    }
}
