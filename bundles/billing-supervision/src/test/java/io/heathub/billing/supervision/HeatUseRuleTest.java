package io.heathub.billing.supervision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.heathub.api.Reading;
import io.heathub.api.Unit;
import io.heathub.billing.Household;
import io.heathub.billing.supervision.HeatUseRule.Basis;
import io.heathub.config.ConfigNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Zibo 2022 (after the Shandong heating regulations, art. 21): with the community's total heat-use rate
 * at 30 % (inclusive) or more, a unit heating zone at 70 % (inclusive) or more owes ≥ 18 °C; from 30 %
 * (inclusive) to below 70 % the agreed temperature; below 30 % the company decides, and heats to the
 * agreed temperature if it does. The cases sit on each side of each threshold.
 */
class HeatUseRuleTest {
    private static final BigDecimal STATUTORY = new BigDecimal("18");

    private static HeatUseRule rule(String community, Map<String, BigDecimal> buildings, String agreed) {
        return new HeatUseRule(Optional.of(new BigDecimal(community)), buildings,
                agreed == null ? Optional.empty() : Optional.of(new BigDecimal(agreed)),
                new BigDecimal("30"), new BigDecimal("70"), new BigDecimal("30"));
    }

    private static Map<String, BigDecimal> rates(String... pairs) {
        java.util.Map<String, BigDecimal> out = new java.util.LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            out.put(pairs[i], new BigDecimal(pairs[i + 1]));
        }
        return out;
    }

    @Test
    void theThresholdsAreInclusiveFromBelow() {
        HeatUseRule rule = rule("30", rates("at70", "70", "just-below70", "69.99", "at30", "30", "just-below30", "29.99",
                "full", "100", "empty", "0"), "16");
        assertThat(rule.obligation("at70", STATUTORY).basis()).isEqualTo(Basis.STATUTORY);
        assertThat(rule.obligation("at70", STATUTORY).minimumC()).contains(STATUTORY);
        assertThat(rule.obligation("full", STATUTORY).basis()).isEqualTo(Basis.STATUTORY);
        assertThat(rule.obligation("just-below70", STATUTORY).basis()).isEqualTo(Basis.AGREED);
        assertThat(rule.obligation("just-below70", STATUTORY).minimumC()).contains(new BigDecimal("16"));
        assertThat(rule.obligation("at30", STATUTORY).basis()).isEqualTo(Basis.AGREED);
        assertThat(rule.obligation("just-below30", STATUTORY).basis()).isEqualTo(Basis.COMPANY_DECIDES);
        assertThat(rule.obligation("just-below30", STATUTORY).minimumC()).contains(new BigDecimal("16"));
        assertThat(rule.obligation("empty", STATUTORY).basis()).isEqualTo(Basis.COMPANY_DECIDES);
        assertThat(rule.obligation("not-listed", STATUTORY).basis()).isEqualTo(Basis.STATUTORY_BY_DEFAULT);
        assertThat(rule.obligation("not-listed", STATUTORY).minimumC()).contains(STATUTORY);
    }

    @Test
    void aCommunityBelowThirtyPercentIsOutsideTheConditionsWhateverItsBuildings() {
        HeatUseRule rule = rule("29.99", rates("b-1", "100"), "16");
        HeatUseRule.Obligation b1 = rule.obligation("b-1", STATUTORY);
        assertThat(b1.basis()).isEqualTo(Basis.OUTSIDE_CONDITIONS);
        assertThat(b1.minimumC()).contains(new BigDecimal("16"));
        assertThat(b1.reason()).isEqualTo("community heat-use rate 29.99 % below 30 %: outside the regulation's conditions 16 °C");
        assertThat(rule.obligation("not-listed", STATUTORY).basis()).isEqualTo(Basis.OUTSIDE_CONDITIONS);
        // at exactly 30 % the community is inside the conditions
        assertThat(rule("30", rates("b-1", "100"), "16").obligation("b-1", STATUTORY).basis()).isEqualTo(Basis.STATUTORY);
    }

    @Test
    void withoutAnAgreedTemperatureAnAgreementIsNotJudgedButTheStatuteIs() {
        HeatUseRule rule = rule("90", rates("high", "80", "mid", "50", "low", "10"), null);
        assertThat(rule.obligation("high", STATUTORY).minimumC()).contains(STATUTORY);
        assertThat(rule.obligation("mid", STATUTORY).minimumC()).isEmpty();
        assertThat(rule.obligation("mid", STATUTORY).reason()).endsWith("none given (agreedMinimumC): not judged");
        assertThat(rule.obligation("low", STATUTORY).minimumC()).isEmpty();
    }

    @Test
    void withoutRatesEveryBuildingOwesTheStatutoryMinimum() {
        HeatUseRule.Obligation o = HeatUseRule.none().obligation("b-9", new BigDecimal("18.5"));
        assertThat(o.basis()).isEqualTo(Basis.STATUTORY_BY_DEFAULT);
        assertThat(o.minimumC()).contains(new BigDecimal("18.5"));
    }

    @Test
    void theThresholdsAreConfigurable() throws Exception {
        HeatUseRule rule = HeatUseRule.read(ConfigNode.parse("site.yaml", """
                communityPercent: 50
                buildings: { b-1: 79.9, b-2: 80, b-3: 39.9 }
                agreedMinimumC: 16.5
                communityFromPercent: 40
                statutoryFromPercent: 80
                agreedFromPercent: 40
                """));
        assertThat(rule.obligation("b-1", STATUTORY).basis()).isEqualTo(Basis.AGREED);
        assertThat(rule.obligation("b-1", STATUTORY).minimumC()).contains(new BigDecimal("16.5"));
        assertThat(rule.obligation("b-2", STATUTORY).basis()).isEqualTo(Basis.STATUTORY);
        assertThat(rule.obligation("b-3", STATUTORY).basis()).isEqualTo(Basis.COMPANY_DECIDES);
        HeatUseRule defaults = HeatUseRule.read(ConfigNode.parse("site.yaml", "communityPercent: 30\n"));
        assertThat(defaults.communityFromPercent()).isEqualByComparingTo("30");
        assertThat(defaults.statutoryFromPercent()).isEqualByComparingTo("70");
        assertThat(defaults.agreedFromPercent()).isEqualByComparingTo("30");
    }

    @Test
    void badRatesAreLocatedErrors() {
        assertThatThrownBy(() -> HeatUseRule.read(ConfigNode.parse("site.yaml", "communityPercent: 85\nbuildings: { b-1: 101 }\n")))
                .hasMessageContaining("site.yaml:2:").hasMessageContaining("expected a percentage within 0–100, got 101");
        assertThatThrownBy(() -> HeatUseRule.read(ConfigNode.parse("site.yaml", "buildings: { b-1: 80 }\n")))
                .hasMessageContaining("site.yaml:1:").hasMessageContaining("need the community's: add communityPercent");
        assertThatThrownBy(() -> HeatUseRule.read(ConfigNode.parse("site.yaml", "communityPercent: 85\nstatutoryPercent: 70\n")))
                .hasMessageContaining("site.yaml:2:").hasMessageContaining("statutoryPercent");
        assertThatThrownBy(() -> HeatUseRule.read(ConfigNode.parse("site.yaml",
                "communityPercent: 85\nstatutoryFromPercent: 60\nagreedFromPercent: 65\n")))
                .hasMessageContaining("agreedFromPercent (65) must not exceed statutoryFromPercent (60)");
        assertThatThrownBy(() -> HeatUseRule.read(ConfigNode.parse("site.yaml", "communityPercent: 85\nagreedMinimumC: 40\n")))
                .hasMessageContaining("site.yaml:2:").hasMessageContaining("within 0–30 °C, got 40");
        assertThatThrownBy(() -> HeatUseRule.read(ConfigNode.parse("site.yaml", "communityPercent: lots\n")))
                .hasMessageContaining("site.yaml:1:");
    }

    @Test
    void warmRoomsJudgesEachBuildingAgainstItsOwnMinimumAndLeavesOutTheUnjudged() {
        HeatUseRule rule = rule("85", rates("b-1", "55", "b-2", "70", "b-3", "40"), null);
        List<Household> households = List.of(household("h-1", "panel-1", "b-1"), household("h-2", "panel-2", "b-2"),
                household("h-3", "panel-3", "b-3"));
        Instant at = Instant.parse("2024-11-14T16:00:00Z");
        List<Reading> readings = List.of(
                Reading.good("panel-1", "temp.room", new BigDecimal("10"), Unit.CELSIUS, at.minusSeconds(60)),
                Reading.good("panel-2", "temp.room", new BigDecimal("17.99"), Unit.CELSIUS, at.minusSeconds(60)),
                Reading.good("panel-3", "temp.room", new BigDecimal("10"), Unit.CELSIUS, at.minusSeconds(60)));
        List<WarmRooms> judged = WarmRooms.check(households, readings, at.minusSeconds(3600), at,
                b -> rule.obligation(b, STATUTORY).minimumC());
        // b-1 (55 %) and b-3 (40 %) are under an agreement with no temperature given: not judged
        assertThat(judged).extracting(WarmRooms::building).containsExactly("b-2");
        assertThat(judged.get(0).below()).containsExactly("h-2 17.99");
    }

    private static Household household(String id, String roomSensor, String building) {
        return new Household(id, new BigDecimal("80"), "", roomSensor, io.heathub.billing.HouseholdTariff.AREA, List.of(), building, "");
    }
}
