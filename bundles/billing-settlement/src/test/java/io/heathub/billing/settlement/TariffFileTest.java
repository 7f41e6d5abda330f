package io.heathub.billing.settlement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;

class TariffFileTest {

    @Test
    void readsEveryKey() throws Exception {
        Tariff t = TariffFile.parse("tariff.yaml", """
                areaPricePerM2: 24
                basePricePerM2: 7.2
                energyPricePerKWh: 0.188
                chargeCapPerM2: 6
                policy: refundOnly
                coldRoom:
                  classes:
                    - { name: chilly, belowC: 20, refundPercent: 10 }
                    - { name: cold, belowC: 15, refundPercent: 60 }
                  noHeatRefundPercent: 90
                """);

        assertThat(t.areaPricePerM2()).isEqualByComparingTo("24");
        assertThat(t.basePricePerM2()).isEqualByComparingTo("7.2");
        assertThat(t.energyPricePerKWh()).isEqualByComparingTo("0.188");
        assertThat(t.chargeCap()).hasValueSatisfying(c -> assertThat(c).isEqualByComparingTo("6"));
        assertThat(t.policy()).isEqualTo(SettlementPolicy.REFUND_ONLY);
        assertThat(t.coldRoom().dayClassNames()).containsExactly("none", "chilly", "cold", "noHeat", "unknown");
        assertThat(t.coldRoom().refundPercent("noHeat")).isEqualByComparingTo("90");
        // 19.9 °C is chilly under this file, not none
        assertThat(t.coldRoom().classify(new java.math.BigDecimal("19.9"), 1)).isEqualTo("chilly");
    }

    @Test
    void defaultsAreNoCapRefundAndChargeAndZibo() throws Exception {
        Tariff t = TariffFile.parse("t.yaml", "areaPricePerM2: 24\nbasePricePerM2: 12\nenergyPricePerKWh: 0.16\n");

        assertThat(t.chargeCap()).isEmpty();
        assertThat(t.policy()).isEqualTo(SettlementPolicy.REFUND_AND_CHARGE);
        assertThat(t.coldRoom()).isEqualTo(ColdRoomRules.zibo());
    }

    @Test
    void everyProblemIsReportedWithItsPlace() {
        InvalidInputException e = catchThrowableOfType(InvalidInputException.class, () -> TariffFile.parse("t.yaml", """
                areaPricePerM2: 24
                basePricePerM: 12
                energyPricePerKWh: cheap
                policy: sometimes
                """));

        assertThat(e.problems()).containsExactly(
                "t.yaml:2:1: basePricePerM: unknown field 'basePricePerM' (did you mean 'basePricePerM2'?)",
                "t.yaml:1:1: missing required field 'basePricePerM2'",
                "t.yaml:3:20: energyPricePerKWh: expected a number, got \"cheap\"",
                "t.yaml:4:9: policy: unknown policy \"sometimes\"; expected refundAndCharge or refundOnly");
    }

    @Test
    void badColdRoomClassesAreRefused() {
        InvalidInputException e = catchThrowableOfType(InvalidInputException.class, () -> TariffFile.parse("t.yaml", """
                areaPricePerM2: 24
                basePricePerM2: 12
                energyPricePerKWh: 0.16
                coldRoom:
                  classes:
                    - { name: a, belowC: 12, refundPercent: 50 }
                    - { name: b, belowC: 16, refundPercent: 120 }
                """));

        assertThat(e.problems()).singleElement().asString()
                .startsWith("t.yaml:7:45: coldRoom.classes[1].refundPercent: expected a percentage within 0–100, got 120");
    }

    @Test
    void negativePricesAreRefused() {
        InvalidInputException e = catchThrowableOfType(InvalidInputException.class, () -> TariffFile.parse("t.yaml",
                "areaPricePerM2: -1\nbasePricePerM2: 12\nenergyPricePerKWh: 0.16\n"));

        assertThat(e.problems()).containsExactly("t.yaml:1:17: areaPricePerM2: a price cannot be negative, got -1");
    }
}
