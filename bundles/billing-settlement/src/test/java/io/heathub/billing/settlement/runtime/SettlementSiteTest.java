package io.heathub.billing.settlement.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.heathub.calendar.section.CalendarSection;
import io.heathub.billing.fixtures.TestSite;
import io.heathub.billing.hub.AppliedSite;
import io.heathub.billing.hub.HouseholdsSection;
import io.heathub.billing.settlement.SettlementService.SettlementException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Settlement's sections as core's site owner applies them: tariff: by {@link TariffSection}, households: by billing's reader. */
class SettlementSiteTest {
    @TempDir
    Path dir;

    private TestSite site(String yaml) {
        return TestSite.of(dir, yaml, new HouseholdsSection(), new TariffSection(), new CalendarSection());
    }

    @Test
    void readsZoneHouseholdsAndTariff() throws Exception {
        try (TestSite site = site("""
                site: { id: demo, zone: UTC }
                households:
                  - { household: h-1, areaM2: 90, meter: m-1, roomSensor: p-1, tariff: two-part }
                  - { id: h-2, zone: east, areaM2: 60.5, tariff: area }
                tariff: { areaPricePerM2: 24, basePricePerM2: 7.2, energyPricePerKWh: 0.188 }
                health: { stuckAfter: often }
                """); AppliedSite applied = new AppliedSite(site.service())) {
            // health: is not settlement's to read (nor anyone's here: a warning, not a problem)
            assertThat(site.service().problems()).isEmpty();
            SettlementSite s = SettlementSite.of(applied, "site", "households", "tariff");
            assertThat(s.zone()).isEqualTo(ZoneId.of("UTC"));
            assertThat(s.householdMeters()).containsExactly("m-1");
            assertThat(s.tariff()).hasValueSatisfying(t -> assertThat(t.energyPricePerKWh()).isEqualByComparingTo("0.188"));
        }
    }

    @Test
    void aBrokenTariffIsLocatedAndConcernsTheTariffOnly() {
        try (TestSite site = site("""
                households:
                  - { household: h-1, areaM2: 90, meter: m-1, tariff: two-part }
                tariff: { areaPricePerM2: 24, basePricePerM2: 7.2, energyPricePerKWh: cheap, policy: refundOnce }
                """); AppliedSite applied = new AppliedSite(site.service())) {
            assertThat(site.problems("tariff")).containsExactly(
                    site.siteFile() + ":3:71: tariff.energyPricePerKWh: expected a number, got \"cheap\"",
                    site.siteFile() + ":3:86: tariff.policy: unknown policy \"refundOnce\" (did you mean 'refundOnly'?);"
                            + " expected refundAndCharge or refundOnly");
            assertThat(site.problems("site", "households")).isEmpty();
            assertThatThrownBy(() -> SettlementSite.of(applied, "site", "households", "tariff"))
                    .isInstanceOfSatisfying(SettlementException.class, e -> assertThat(e.problems()).hasSize(2));
        }
    }

    @Test
    void typosInTheSectionAndItsKeysAreNamedWithTheNearestSpelling() {
        try (TestSite site = site("households: []\ntarif: { areaPricePerM2: 24 }\n")) {
            assertThat(site.problems("tariff")).containsExactly(site.siteFile() + ":2:8: tarif: unknown section 'tarif' (did you mean 'tariff'?)");
            site.write("tariff: { areaPricePerM2: 24, basePricePerM2: 7.2, energyPricePerKwh: 0.188 }\n");
            assertThat(site.problems("tariff")).contains(
                    site.siteFile() + ":1:52: tariff.energyPricePerKwh: unknown field 'energyPricePerKwh' (did you mean 'energyPricePerKWh'?)");
        }
    }

    @Test
    void theShippedDemoSiteReadsCleanly() throws Exception {
        try (TestSite site = site(Files.readString(Path.of("../../config/site.yaml")));
             AppliedSite applied = new AppliedSite(site.service())) {
            SettlementSite s = SettlementSite.of(applied, "site", "households", "tariff");
            assertThat(s.zone()).isEqualTo(ZoneId.of("Asia/Shanghai"));
            assertThat(s.tariff()).isPresent();
            assertThat(s.households()).hasSize(24);
            assertThat(s.households().stream().map(h -> h.areaM2()).reduce(BigDecimal.ZERO, BigDecimal::add)).isPositive();
        }
    }
}
