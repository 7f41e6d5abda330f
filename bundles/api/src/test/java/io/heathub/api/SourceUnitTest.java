package io.heathub.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class SourceUnitTest {

    @Test
    void energyConversionsAreExactWhereTheFactorAllows() {
        assertThat(SourceUnit.MWH.toCanonical(new BigDecimal("0.02"))).isEqualByComparingTo("20");
        assertThat(SourceUnit.WH.toCanonical(new BigDecimal("1234"))).isEqualByComparingTo("1.234");
        assertThat(SourceUnit.MWH_100.toCanonical(new BigDecimal("1.5"))).isEqualByComparingTo("150000");
    }

    @Test
    void gigajouleIsRoundedOnlyFarBelowMeterResolution() {
        BigDecimal kwh = SourceUnit.GJ.toCanonical(BigDecimal.ONE);
        assertThat(kwh.subtract(new BigDecimal("277.7777777777777777777777777777778")).abs())
                .isLessThan(new BigDecimal("1e-30"));
        assertThat(SourceUnit.GJ.toCanonical(new BigDecimal("3.6"))).isEqualByComparingTo("1000");
    }

    @Test
    void lookupPrefersExactCaseSoMegaAndMilliNeverMix() {
        assertThat(SourceUnit.bySymbol("MWh")).contains(SourceUnit.MWH);
        assertThat(SourceUnit.bySymbol("kwh")).contains(SourceUnit.KWH);
        assertThat(SourceUnit.bySymbol("m3/h")).contains(SourceUnit.CUBIC_METRE_PER_HOUR);
        assertThat(SourceUnit.bySymbol("furlong")).isEmpty();
        assertThat(SourceUnit.LITRE_PER_HOUR.toCanonical(new BigDecimal("250"))).isEqualByComparingTo("0.25");
        assertThat(SourceUnit.BAR.toCanonical(new BigDecimal("4.2"))).isEqualByComparingTo("420");
    }

    @Test
    void readingKeyIsDevicePointAndMillis() {
        Reading r = Reading.good("m1", Points.HEAT_ENERGY, BigDecimal.TEN, Unit.KWH, java.time.Instant.ofEpochMilli(1234));
        assertThat(r.key()).isEqualTo("m1/heat.energy/1234");
        assertThat(r.withQuality(Quality.SUSPECT, "counter went backwards").withQuality(Quality.SUSPECT, "x").reason())
                .isEqualTo("x; counter went backwards");
    }
}
