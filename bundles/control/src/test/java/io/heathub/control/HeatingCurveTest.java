package io.heathub.control;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class HeatingCurveTest {

    private static final QualityRegulationCurve RADIATOR_75_50 =
            new QualityRegulationCurve(18, -7.6, 75, 50, 0.3, 18, false);

    @Test
    void publishedExampleGivesSeventyPointTwoOverFortySevenPointEight() {
        QualityRegulationCurve.Temperatures t = RADIATOR_75_50.temperatures(-5);
        assertThat(t.supply()).isCloseTo(70.2, within(0.05));
        assertThat(t.returnTemperature()).isCloseTo(47.8, within(0.05));
    }

    @Test
    void independentlyComputedVectors() {
        // computed by hand from the formula: Q = 23/25.6 = 0.8984375 ...
        assertThat(RADIATOR_75_50.temperatures(-5).relativeLoad()).isEqualTo(0.8984375);
        // tw = 5: Q = 13/25.6 = 0.5078125 → tg 50.7704, th 38.0751
        QualityRegulationCurve.Temperatures mild = RADIATOR_75_50.temperatures(5);
        assertThat(mild.supply()).isCloseTo(50.7704, within(1e-3));
        assertThat(mild.returnTemperature()).isCloseTo(38.0751, within(1e-3));
        // 85/60 with tw' −13, tw 0: Q = 18/31 → tg 61.1329, th 46.6167
        QualityRegulationCurve.Temperatures other =
                new QualityRegulationCurve(18, -13, 85, 60, 0.3, 18, false).temperatures(0);
        assertThat(other.supply()).isCloseTo(61.1329, within(1e-3));
        assertThat(other.returnTemperature()).isCloseTo(46.6167, within(1e-3));
    }

    @Test
    void designOutdoorGivesExactlyTheDesignTemperatures() {
        QualityRegulationCurve.Temperatures t = RADIATOR_75_50.temperatures(-7.6);
        assertThat(t.supply()).isEqualTo(75.0);
        assertThat(t.returnTemperature()).isEqualTo(50.0);
    }

    @Test
    void roomDesignOutdoorAndWarmerGiveTheRoomTemperature() {
        assertThat(RADIATOR_75_50.temperatures(18).supply()).isEqualTo(18.0);
        assertThat(RADIATOR_75_50.temperatures(18).returnTemperature()).isEqualTo(18.0);
        assertThat(RADIATOR_75_50.temperatures(25).relativeLoad()).isZero();
        assertThat(RADIATOR_75_50.supply(25)).isEqualTo(18.0);
    }

    @Test
    void minimumSupplyFloorsTheSupplyWhenThereIsNoDemand() {
        QualityRegulationCurve floored = new QualityRegulationCurve(18, -7.6, 75, 50, 0.3, 30, false);
        assertThat(floored.supply(25)).isEqualTo(30.0);
        assertThat(floored.supply(-5)).isCloseTo(70.2, within(0.05)); // floor inactive under demand
    }

    @Test
    void belowDesignOutdoorClampsByDefaultAndExtrapolatesWhenConfigured() {
        assertThat(RADIATOR_75_50.supply(-20)).isEqualTo(75.0);
        QualityRegulationCurve extrapolating = new QualityRegulationCurve(18, -7.6, 75, 50, 0.3, 18, true);
        // Q = 38/25.6 = 1.484375 → tg 96.8546
        assertThat(extrapolating.supply(-20)).isCloseTo(96.8546, within(1e-3));
    }

    @Test
    void invalidQualityCurveParametersAreRejected() {
        assertThatThrownBy(() -> new QualityRegulationCurve(18, 20, 75, 50, 0.3, 18, false))
                .hasMessageContaining("designOutdoor");
        assertThatThrownBy(() -> new QualityRegulationCurve(18, -7.6, 50, 75, 0.3, 18, false))
                .hasMessageContaining("tn <= th' < tg'");
        assertThatThrownBy(() -> new QualityRegulationCurve(18, -7.6, 75, 50, -0.5, 18, false))
                .hasMessageContaining("radiatorExponent");
        assertThatThrownBy(() -> RADIATOR_75_50.supply(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void piecewiseInterpolatesAndIsFlatBeyondTheEnds() {
        PiecewiseLinearCurve curve = PiecewiseLinearCurve.of(-20, 80, 0, 60, 15, 35);
        assertThat(curve.supply(-30)).isEqualTo(80.0);
        assertThat(curve.supply(-20)).isEqualTo(80.0);
        assertThat(curve.supply(-10)).isEqualTo(70.0);
        assertThat(curve.supply(0)).isEqualTo(60.0);
        assertThat(curve.supply(6)).isCloseTo(50.0, within(1e-9));
        assertThat(curve.supply(15)).isEqualTo(35.0);
        assertThat(curve.supply(40)).isEqualTo(35.0);
    }

    @Test
    void piecewisePointsAreValidatedWithClearErrors() {
        assertThatThrownBy(() -> PiecewiseLinearCurve.of(0, 60, 0, 50))
                .hasMessageContaining("curve point 1").hasMessageContaining("strictly increasing");
        assertThatThrownBy(() -> PiecewiseLinearCurve.of(5, 60, -5, 70))
                .hasMessageContaining("curve point 1");
        assertThatThrownBy(() -> PiecewiseLinearCurve.of(0, 60)).hasMessageContaining("at least 2 points");
        assertThatThrownBy(() -> PiecewiseLinearCurve.of(0, 60, 10)).hasMessageContaining("pairs");
        assertThatThrownBy(() -> PiecewiseLinearCurve.of(0, Double.NaN, 10, 40))
                .hasMessageContaining("curve point 0").hasMessageContaining("finite");
    }

    @Property
    void colderOutdoorNeverGivesALowerQualityCurveSetpoint(
            @ForAll @DoubleRange(min = -60, max = 60) double a, @ForAll @DoubleRange(min = -60, max = 60) double b,
            @ForAll boolean extrapolate) {
        QualityRegulationCurve curve = new QualityRegulationCurve(18, -7.6, 75, 50, 0.3, 18, extrapolate);
        double colder = Math.min(a, b);
        double warmer = Math.max(a, b);
        assertThat(curve.supply(colder)).isGreaterThanOrEqualTo(curve.supply(warmer));
    }

    @Property
    void colderOutdoorNeverGivesALowerPiecewiseSetpoint(
            @ForAll @DoubleRange(min = -60, max = 60) double a, @ForAll @DoubleRange(min = -60, max = 60) double b) {
        PiecewiseLinearCurve curve = PiecewiseLinearCurve.of(-25, 85, -10, 70, 0, 55, 10, 40, 18, 30);
        assertThat(curve.supply(Math.min(a, b))).isGreaterThanOrEqualTo(curve.supply(Math.max(a, b)));
    }
}
