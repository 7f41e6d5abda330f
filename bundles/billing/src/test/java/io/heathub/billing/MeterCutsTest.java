package io.heathub.billing;

import static io.heathub.billing.fixtures.TestReadings.at;
import static io.heathub.billing.fixtures.TestReadings.heat;
import static org.assertj.core.api.Assertions.assertThat;

import io.heathub.api.Points;
import io.heathub.api.Quality;
import io.heathub.api.Reading;
import io.heathub.api.Unit;
import io.heathub.billing.fixtures.TestReadings;
import java.math.BigDecimal;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class MeterCutsTest {

    @Test
    void aGoodReadingExactlyAtTheCutIsTheCutAndNotEstimated() {
        MeterCuts cuts = MeterCuts.of("m1", List.of(
                heat("m1", "2024-11-14T23:00+08:00", "990"),
                heat("m1", "2024-11-15T00:00+08:00", "1000.25"),
                heat("m1", "2024-11-15T01:00+08:00", "1010")));

        Cut cut = cuts.at(at("2024-11-15T00:00+08:00")).orElseThrow();

        assertThat(cut.kWh()).isEqualByComparingTo("1000.25");
        assertThat(cut.estimated()).isFalse();
    }

    @Test
    void aMeterOfflineAcrossTheCutIsInterpolatedInTime() {
        // last good 22:00 → 1000, first good 03:00 → 1010: 5 h span, the cut is 2 h in
        // 1000 + 10 × 2/5 = 1004
        MeterCuts cuts = MeterCuts.of("m1", List.of(
                heat("m1", "2024-11-14T22:00+08:00", "1000"),
                heat("m1", "2024-11-15T03:00+08:00", "1010")));

        Cut cut = cuts.at(at("2024-11-15T00:00+08:00")).orElseThrow();

        assertThat(cut.kWh()).isEqualByComparingTo("1004");
        assertThat(cut.estimated()).isTrue();
    }

    @Test
    void interpolationKeepsSixDecimals() {
        // 0 at 00:00, 1 at 03:00; cut at 01:00 → 1/3 = 0.333333 (half-up at 6 places)
        MeterCuts cuts = MeterCuts.of("m1", List.of(
                heat("m1", "2024-11-15T00:00Z", "0"),
                heat("m1", "2024-11-15T03:00Z", "1")));

        assertThat(cuts.at(at("2024-11-15T01:00Z")).orElseThrow().kWh()).isEqualByComparingTo("0.333333");
    }

    @Test
    void readingsThatAreNotGoodAreIgnoredForCuts() {
        // the SUSPECT 00:00 reading and the ESTIMATED 01:00 one do not count:
        // 1000 at 23:00, 1020 at 01:00 (good) → 1000 + 20 × 1/2 = 1010, estimated
        MeterCuts cuts = MeterCuts.of("m1", List.of(
                heat("m1", "2024-11-14T23:00+08:00", "1000"),
                heat("m1", "2024-11-15T00:00+08:00", "5000", Quality.SUSPECT),
                heat("m1", "2024-11-15T00:30+08:00", "1012", Quality.ESTIMATED),
                heat("m1", "2024-11-15T01:00+08:00", "1020")));

        Cut cut = cuts.at(at("2024-11-15T00:00+08:00")).orElseThrow();

        assertThat(cut.kWh()).isEqualByComparingTo("1010");
        assertThat(cut.estimated()).isTrue();
    }

    @Test
    void noGoodReadingOnOneSideMeansNoCutAndSaysWhich() {
        MeterCuts cuts = MeterCuts.of("m1", List.of(
                heat("m1", "2024-11-15T06:00+08:00", "1000"),
                heat("m1", "2024-11-16T06:00+08:00", "1020")));
        ZoneId shanghai = ZoneId.of("Asia/Shanghai");

        assertThat(cuts.at(at("2024-11-15T00:00+08:00"))).isEmpty();
        assertThat(cuts.at(at("2024-11-17T00:00+08:00"))).isEmpty();
        assertThat(cuts.whyNoCut(at("2024-11-15T00:00+08:00"), shanghai)).contains(
                "meter m1 has no good heat.energy reading before the cut at 2024-11-15T00:00+08:00 (first one at 2024-11-15T06:00+08:00)");
        assertThat(cuts.whyNoCut(at("2024-11-17T00:00+08:00"), shanghai)).contains(
                "meter m1 has no good heat.energy reading after the cut at 2024-11-17T00:00+08:00 (last one at 2024-11-16T06:00+08:00)");
        assertThat(MeterCuts.of("m2", List.of()).whyNoCut(at("2024-11-15T00:00Z"), shanghai))
                .contains("meter m2 has no good heat.energy reading");
    }

    @Test
    void aCounterGoingBackwardsIsReportedAndLeftOut() {
        // 1000 at 22:00, 990 at 23:00 (backwards: left out), 1012 at 02:00
        // cut at 00:00 from 22:00 and 02:00: 1000 + 12 × 2/4 = 1006
        MeterCuts cuts = MeterCuts.of("m1", List.of(
                heat("m1", "2024-11-14T22:00+08:00", "1000"),
                heat("m1", "2024-11-14T23:00+08:00", "990"),
                heat("m1", "2024-11-15T02:00+08:00", "1012")));

        assertThat(cuts.at(at("2024-11-15T00:00+08:00")).orElseThrow().kWh()).isEqualByComparingTo("1006");
        assertThat(cuts.problems()).singleElement().satisfies(p -> {
            assertThat(p.kWh()).isEqualByComparingTo("990");
            assertThat(p.earlierKWh()).isEqualByComparingTo("1000");
            assertThat(p.describe()).contains("went backwards").contains("990 kWh at 2024-11-14T15:00:00Z");
        });
    }

    @Test
    void aDuplicateReadingIsNotAProblemButAConflictingOneIs() {
        MeterCuts cuts = MeterCuts.of("m1", List.of(
                heat("m1", "2024-11-15T00:00Z", "1000"),
                heat("m1", "2024-11-15T00:00Z", "1000.00"),
                heat("m1", "2024-11-15T01:00Z", "1001"),
                heat("m1", "2024-11-15T01:00Z", "1003")));

        assertThat(cuts.problems()).singleElement()
                .satisfies(p -> assertThat(p.describe()).contains("second, different heat.energy value: 1003 kWh"));
        // kept: 1000 at 00:00 and 1001 at 01:00 → 00:30 is 1000.5
        assertThat(cuts.at(at("2024-11-15T00:30Z")).orElseThrow().kWh()).isEqualByComparingTo("1000.5");
    }

    @Test
    void otherDevicesAndPointsAreSkipped() {
        MeterCuts cuts = MeterCuts.of("m1", List.of(
                heat("m2", "2024-11-15T00:00Z", "7"),
                TestReadings.room("m1", "2024-11-15T00:00Z", "20")));

        assertThat(cuts.at(at("2024-11-15T00:00Z"))).isEmpty();
    }

    @Test
    void anotherCounterIsCutByTheSameRule() {
        // volume 120 at 22:00 and 124 at 02:00 (the heat.energy reading is another point): 120 + 4 × 2/4 = 122 at 00:00
        MeterCuts cuts = MeterCuts.of("w1", Points.VOLUME, List.of(
                Reading.good("w1", Points.VOLUME, new BigDecimal("120"), Unit.CUBIC_METRE, at("2024-11-14T22:00+08:00")),
                heat("w1", "2024-11-14T23:00+08:00", "5000"),
                Reading.good("w1", Points.VOLUME, new BigDecimal("124"), Unit.CUBIC_METRE, at("2024-11-15T02:00+08:00"))));

        assertThat(cuts.at(at("2024-11-15T00:00+08:00")).orElseThrow().kWh()).isEqualByComparingTo("122");
        assertThat(cuts.whyNoCut(at("2024-11-14T00:00+08:00"), ZoneId.of("Asia/Shanghai"))).contains(
                "meter w1 has no good volume reading before the cut at 2024-11-14T00:00+08:00 (first one at 2024-11-14T22:00+08:00)");
    }

    @Test
    void theGoodReadingsAroundAnInstantShowHowFarACutIsFromData() {
        MeterCuts cuts = MeterCuts.of("m1", List.of(
                heat("m1", "2024-11-14T22:00+08:00", "1000"),
                heat("m1", "2024-11-14T23:00+08:00", "1005", Quality.SUSPECT),
                heat("m1", "2024-11-15T03:00+08:00", "1010")));

        // the suspect 23:00 reading does not count
        assertThat(cuts.lastGoodAtOrBefore(at("2024-11-15T00:00+08:00"))).contains(at("2024-11-14T22:00+08:00"));
        assertThat(cuts.firstGoodAtOrAfter(at("2024-11-15T00:00+08:00"))).contains(at("2024-11-15T03:00+08:00"));
        // a reading on the instant is both
        assertThat(cuts.lastGoodAtOrBefore(at("2024-11-15T03:00+08:00"))).contains(at("2024-11-15T03:00+08:00"));
        assertThat(cuts.firstGoodAtOrAfter(at("2024-11-15T03:00+08:00"))).contains(at("2024-11-15T03:00+08:00"));
        assertThat(cuts.lastGoodAtOrBefore(at("2024-11-14T21:00+08:00"))).isEmpty();
        assertThat(cuts.firstGoodAtOrAfter(at("2024-11-15T04:00+08:00"))).isEmpty();
    }
}
