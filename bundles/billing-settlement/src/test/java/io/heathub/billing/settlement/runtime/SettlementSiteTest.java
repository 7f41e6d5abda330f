package io.heathub.billing.settlement.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class SettlementSiteTest {

    @Test
    void readsZoneHouseholdsAndTariff() {
        SettlementSite s = SettlementSite.parse("site.yaml", """
                site: { id: demo, zone: UTC }
                households:
                  - { household: h-1, areaM2: 90, meter: m-1, roomSensor: p-1, tariff: two-part }
                  - { id: h-2, zone: east, areaM2: 60.5, tariff: area }
                tariff: { areaPricePerM2: 24, basePricePerM2: 7.2, energyPricePerKWh: 0.188 }
                health: { stuckAfter: often }
                """);
        assertThat(s.problems()).isEmpty(); // health: is not settlement's to read
        assertThat(s.zone()).isEqualTo(ZoneId.of("UTC"));
        assertThat(s.householdMeters()).containsExactly("m-1");
        assertThat(s.tariff()).hasValueSatisfying(t -> assertThat(t.energyPricePerKWh()).isEqualByComparingTo("0.188"));
    }

    @Test
    void aBrokenTariffIsLocatedAndTheHouseholdsStay() {
        SettlementSite s = SettlementSite.parse("site.yaml", """
                households:
                  - { household: h-1, areaM2: 90, meter: m-1, tariff: two-part }
                tariff: { areaPricePerM2: 24, basePricePerM2: 7.2, energyPricePerKWh: cheap }
                """);
        assertThat(s.problemsOf("tariff")).singleElement().asString()
                .startsWith("site.yaml:3:").contains("tariff.energyPricePerKWh");
        assertThat(s.problemsOf("site", "households")).isEmpty();
        assertThat(s.tariff()).isEmpty();
        assertThat(s.households()).hasSize(1);
    }

    @Test
    void theShippedDemoSiteReadsCleanly() {
        SettlementSite s = SettlementSite.read(Path.of("../../config/site.yaml"));
        assertThat(s.problems()).isEmpty();
        assertThat(s.zone()).isEqualTo(ZoneId.of("Asia/Shanghai"));
        assertThat(s.tariff()).isPresent();
        assertThat(s.households()).hasSize(24);
        assertThat(s.households().stream().map(h -> h.areaM2()).reduce(BigDecimal.ZERO, BigDecimal::add)).isPositive();
    }
}
