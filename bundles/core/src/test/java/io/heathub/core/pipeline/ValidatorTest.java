package io.heathub.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.heathub.api.Quality;
import io.heathub.api.Reading;
import io.heathub.api.Points;
import io.heathub.api.Unit;
import io.heathub.wire.ReadingInput;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValidatorTest {
    private final Instant t = Instant.parse("2026-11-23T00:00:00Z");
    /** The hub's clock: a day after {@code t}, so every reading of these tests lies in the past. */
    private final Clock hub = Clock.fixed(t.plus(Duration.ofDays(1)), ZoneOffset.UTC);
    private final Validator validator = new Validator(new ReadingInput(ReadingInput.Limits.DEFAULT, hub),
            Duration.ofHours(1), hub);

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

    private Reading energy(long minutes, String value) {
        return Reading.good("m1", "heat.energy", new BigDecimal(value), Unit.KWH, t.plus(Duration.ofMinutes(minutes)));
    }

    private Quality quality(Reading r) {
        return validator.validate(List.of(r)).get(0).quality();
    }

    @Test
    void aSingleSpikeDoesNotPoisonTheCounter() {
        assertThat(quality(energy(0, "1200"))).isEqualTo(Quality.GOOD);
        assertThat(quality(energy(5, "999999"))).isEqualTo(Quality.GOOD); // a spike looks like a big rise
        // the next readings contradict it: suspect while they could still be the glitch ...
        assertThat(quality(energy(10, "1201"))).isEqualTo(Quality.SUSPECT);
        assertThat(quality(energy(15, "1202"))).isEqualTo(Quality.SUSPECT);
        // ... until the third in a row agrees with the two before: the spike was the outlier
        assertThat(quality(energy(20, "1203"))).isEqualTo(Quality.GOOD);
        assertThat(quality(energy(25, "1204"))).isEqualTo(Quality.GOOD);
        // and the counter is guarded as before
        assertThat(validator.validate(List.of(energy(30, "1100"))).get(0).reason())
                .isEqualTo("counter went backwards from 1204 to 1100 kWh");
    }

    @Test
    void contradictingReadingsThatDisagreeAmongThemselvesDoNotOverruleTheReference() {
        assertThat(quality(energy(0, "1200"))).isEqualTo(Quality.GOOD);
        // three glitches, but not a consistent run: 5, then 900 (up), then 3 (down again)
        assertThat(quality(energy(5, "5"))).isEqualTo(Quality.SUSPECT);
        assertThat(quality(energy(10, "900"))).isEqualTo(Quality.SUSPECT);
        assertThat(quality(energy(15, "3"))).isEqualTo(Quality.SUSPECT);
        assertThat(quality(energy(20, "1201"))).isEqualTo(Quality.GOOD);
    }

    @Test
    void aFutureDatedCounterReadingIsSuspectAndNeverTheReference() {
        assertThat(quality(energy(0, "1200"))).isEqualTo(Quality.GOOD);
        Reading future = validator.validate(List.of(Reading.good("m1", "heat.energy", new BigDecimal("1300"), Unit.KWH,
                Instant.parse("2099-01-01T00:00:00Z")))).get(0);
        assertThat(future.quality()).isEqualTo(Quality.SUSPECT);
        assertThat(future.reason()).isEqualTo("counter reading time-stamped 26336 days ahead of hub time 2026-11-24T00:00:00Z");
        // later readings are judged against 1200, not against a reading of 2099
        for (int i = 1; i <= 5; i++) {
            assertThat(quality(energy(5L * i, String.valueOf(1200 + 150 * i)))).as("reading %d", i).isEqualTo(Quality.GOOD);
        }
    }

    @Test
    void aPollFailingTheDoorsChecksIsMarkedNotDropped() {
        List<Reading> poll = validator.validatePoll(List.of(
                Reading.good("m2", "temp.supply", new BigDecimal("70"), Unit.CELSIUS, Instant.parse("9999-01-01T00:00:00Z")),
                Reading.good("m2", "flow", new BigDecimal("1e25"), Unit.CUBIC_METRE_PER_HOUR, t),
                Reading.good("m2", "temp.return", new BigDecimal("40"), Unit.CELSIUS, t)));
        assertThat(poll).extracting(Reading::quality).containsExactly(Quality.SUSPECT, Quality.SUSPECT, Quality.GOOD);
        assertThat(poll.get(0).reason()).startsWith("time: 9999-01-01T00:00:00Z is 2911751 days ahead of the hub's clock");
        assertThat(poll.get(1).reason()).isEqualTo("value: 1E+25 has more than 20 digits before the point");
    }

    @Test
    void aMeterClockFarFromHubTimeMakesItsDevicesReadingsSuspectUntilItIsSet() {
        Instant now = hub.instant();
        Reading clock2099 = Reading.good("m3", Points.METER_CLOCK,
                BigDecimal.valueOf(Instant.parse("2099-01-01T00:00:00Z").getEpochSecond()), Unit.NONE, now);
        List<Reading> poll = validator.validatePoll(List.of(clock2099,
                Reading.good("m3", "heat.energy", new BigDecimal("10"), Unit.KWH, now)));
        assertThat(poll).extracting(Reading::quality).containsOnly(Quality.SUSPECT);
        assertThat(poll.get(1).reason()).isEqualTo("meter clock 2099-01-01T00:00:00Z is 26336 days ahead of hub time"
                + " 2026-11-24T00:00:00Z (more than 60 min)");
        // a poll without a clock reading is still suspect: the clock has not been seen right since
        assertThat(validator.validatePoll(List.of(Reading.good("m3", "flow", BigDecimal.ONE, Unit.CUBIC_METRE_PER_HOUR,
                now)))).extracting(Reading::quality).containsOnly(Quality.SUSPECT);
        // another device is not concerned
        assertThat(validator.validatePoll(List.of(Reading.good("m4", "flow", BigDecimal.ONE, Unit.CUBIC_METRE_PER_HOUR,
                now)))).extracting(Reading::quality).containsOnly(Quality.GOOD);
        // the clock set (40 min off is within the hour): good again
        Reading set = Reading.good("m3", Points.METER_CLOCK, BigDecimal.valueOf(now.getEpochSecond() - 2400), Unit.NONE, now);
        assertThat(validator.validatePoll(List.of(set, Reading.good("m3", "heat.energy", new BigDecimal("11"), Unit.KWH,
                now)))).extracting(Reading::quality).containsOnly(Quality.GOOD);
        // readings posted from outside are not judged by a meter's clock
        validator.validatePoll(List.of(clock2099));
        assertThat(validator.validate(List.of(Reading.good("m3", "alarm.clockDrift", BigDecimal.ONE, Unit.NONE, now))))
                .extracting(Reading::quality).containsOnly(Quality.GOOD);
    }
}
