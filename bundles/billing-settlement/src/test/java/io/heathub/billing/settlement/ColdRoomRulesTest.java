package io.heathub.billing.settlement;

import static io.heathub.billing.fixtures.TestReadings.dec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class ColdRoomRulesTest {
    private final ColdRoomRules zibo = ColdRoomRules.zibo();

    private String classOf(String... temps) {
        BigDecimal sum = BigDecimal.ZERO;
        for (String t : temps) {
            sum = sum.add(dec(t));
        }
        return zibo.classify(sum, temps.length);
    }

    @Test
    void ziboBoundsIncludeTheLowerEnd() {
        // ≥ 18 none; [16, 18) cool; [12, 16) cold; < 12 freezing
        assertThat(classOf("18")).isEqualTo("none");
        assertThat(classOf("17.99")).isEqualTo("cool");
        assertThat(classOf("16")).isEqualTo("cool");
        assertThat(classOf("15.99")).isEqualTo("cold");
        assertThat(classOf("12")).isEqualTo("cold");
        assertThat(classOf("11.99")).isEqualTo("freezing");
        assertThat(classOf("-3")).isEqualTo("freezing");
    }

    @Test
    void theMeanIsComparedExactly() {
        // (17 + 18 + 19) / 3 = 18 exactly → none; (17 + 18 + 18.99) / 3 = 17.996… → cool
        assertThat(classOf("17", "18", "19")).isEqualTo("none");
        assertThat(classOf("17", "18", "18.99")).isEqualTo("cool");
    }

    @Test
    void noReadingsIsUnknown() {
        assertThat(zibo.classify(BigDecimal.ZERO, 0)).isEqualTo("unknown");
    }

    @Test
    void percentagesPerClass() {
        assertThat(zibo.refundPercent("none")).isEqualByComparingTo("0");
        assertThat(zibo.refundPercent("cool")).isEqualByComparingTo("20");
        assertThat(zibo.refundPercent("cold")).isEqualByComparingTo("50");
        assertThat(zibo.refundPercent("freezing")).isEqualByComparingTo("100");
        assertThat(zibo.refundPercent("noHeat")).isEqualByComparingTo("100");
        assertThat(zibo.refundPercent("unknown")).isEqualByComparingTo("0");
        assertThat(zibo.dayClassNames()).containsExactly("none", "cool", "cold", "freezing", "noHeat", "unknown");
    }

    @Test
    void boundsMustFallAndNamesBeFree() {
        assertThatThrownBy(() -> new ColdRoomRules(List.of(
                new ColdRoomClass("a", dec("16"), dec("20")), new ColdRoomClass("b", dec("18"), dec("50"))), dec("100")))
                .hasMessageContaining("must be below the previous class's 16 °C");
        assertThatThrownBy(() -> new ColdRoomRules(List.of(new ColdRoomClass("unknown", dec("16"), dec("20"))), dec("100")))
                .hasMessageContaining("reserved");
    }
}
