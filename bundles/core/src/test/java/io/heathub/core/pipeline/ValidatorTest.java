package io.heathub.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.heathub.api.Quality;
import io.heathub.api.Reading;
import io.heathub.api.Unit;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValidatorTest {
    private final Validator validator = new Validator();
    private final Instant t = Instant.parse("2026-11-23T00:00:00Z");

    private Reading r(String point, String value, Unit unit) {
        return Reading.good("m1", point, new BigDecimal(value), unit, t);
    }

    @Test
    void lateCounterReadingsAreCheckedAgainstTime() {
        Instant later = t.plusSeconds(3600);
        assertThat(validator.validate(List.of(Reading.good("m1", "heat.energy", new BigDecimal("500"), Unit.KWH, later))))
                .extracting(Reading::quality).containsExactly(Quality.GOOD);
        // a backfilled reading from an hour earlier, lower: consistent
        assertThat(validator.validate(List.of(r("heat.energy", "480", Unit.KWH)))).extracting(Reading::quality)
                .containsExactly(Quality.GOOD);
        // an earlier reading above the later one: one of them is wrong
        Reading high = validator.validate(List.of(r("heat.energy", "501", Unit.KWH))).get(0);
        assertThat(high.quality()).isEqualTo(Quality.SUSPECT);
        assertThat(high.reason()).isEqualTo("counter at 2026-11-23T00:00:00Z (501 kWh) is above the later reading at "
                + "2026-11-23T01:00:00Z (500)");
        // the late readings did not move the reference: a newer one below 500 is still caught
        Reading next = validator.validate(List.of(Reading.good("m1", "heat.energy", new BigDecimal("499"), Unit.KWH,
                later.plusSeconds(60)))).get(0);
        assertThat(next.quality()).isEqualTo(Quality.SUSPECT);
        assertThat(next.reason()).isEqualTo("counter went backwards from 500 to 499 kWh");
    }

    @Test
    void counterGoingBackwardsIsSuspectButKept() {
        assertThat(validator.validate(List.of(r("heat.energy", "100.5", Unit.KWH)))).extracting(Reading::quality)
                .containsExactly(Quality.GOOD);
        List<Reading> back = validator.validate(List.of(r("heat.energy", "99", Unit.KWH)));
        assertThat(back).singleElement().satisfies(x -> {
            assertThat(x.quality()).isEqualTo(Quality.SUSPECT);
            assertThat(x.reason()).isEqualTo("counter went backwards from 100.5 to 99 kWh");
            assertThat(x.value()).isEqualByComparingTo("99");
        });
        // The glitch does not poison the next good value.
        assertThat(validator.validate(List.of(r("heat.energy", "100.6", Unit.KWH)))).extracting(Reading::quality)
                .containsExactly(Quality.GOOD);
        // Non-counters may go down.
        validator.validate(List.of(r("temp.room", "21", Unit.CELSIUS)));
        assertThat(validator.validate(List.of(r("temp.room", "20", Unit.CELSIUS)))).extracting(Reading::quality)
                .containsExactly(Quality.GOOD);
    }

    @Test
    void supplyColderThanReturnWithFlowMarksBothTemperatures() {
        List<Reading> out = validator.validate(List.of(r("temp.supply", "40.1", Unit.CELSIUS),
                r("temp.return", "45", Unit.CELSIUS), r("flow", "0.8", Unit.CUBIC_METRE_PER_HOUR)));
        assertThat(out).extracting(Reading::quality).containsExactly(Quality.SUSPECT, Quality.SUSPECT, Quality.GOOD);
        assertThat(out.get(0).reason()).isEqualTo("supply 40.1 °C colder than return 45 °C while flow is 0.8 m³/h");
    }

    @Test
    void supplyColderThanReturnWithoutFlowIsNormal() {
        List<Reading> out = validator.validate(List.of(r("temp.supply", "25.35", Unit.CELSIUS),
                r("temp.return", "25.66", Unit.CELSIUS), r("flow", "0", Unit.CUBIC_METRE_PER_HOUR)));
        assertThat(out).extracting(Reading::quality).containsOnly(Quality.GOOD);
    }
}
