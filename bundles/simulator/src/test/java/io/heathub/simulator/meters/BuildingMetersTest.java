package io.heathub.simulator.meters;

import static io.heathub.simulator.meters.Decoded.frame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.heathub.api.Points;
import io.heathub.driver.cjt188.Cjt188Codec;
import io.heathub.testkit.SettableClock;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Building inlet meters: their households' real heat plus the building's losses, with their own faults. */
class BuildingMetersTest {
    private static final String BUILDING = "20300000000001";
    private final SettableClock clock = WinterMorning.clock();

    @Test
    void aBuildingMeterCountsWhatReallyWentThroughItsHouseholdsPlusLosses() throws Exception {
        // heat-101 counts 20 % too much and heat-201 is stuck: the building meter sees the real heat
        Map<String, Faults> faults = Faults.parseList("20100000000001:drift=1.2, 20200000000001:stuck");
        List<SimulatedMeter> line = line(faults, "");
        SimulatedMeter building = line.get(line.size() - 1);
        assertThat(building.describe()).contains("cjt188 heat " + BUILDING);
        Map<String, BigDecimal> start = read(building, BUILDING, "after");
        Map<String, BigDecimal> first = read(line.get(0), "20100000000001", "after");
        Map<String, BigDecimal> other = read(line.get(3), "20200000000001", "before");
        clock.advance(Duration.ofHours(3));
        Map<String, BigDecimal> end = read(building, BUILDING, "after");
        double reported101 = delta(read(line.get(0), "20100000000001", "after"), first, Points.HEAT_ENERGY);
        double reported201 = delta(read(line.get(3), "20200000000001", "before"), other, Points.HEAT_ENERGY);
        assertThat(reported201).as("the stuck household meter").isZero();
        double real = reported101 / 1.2 + 0; // heat-101's real heat; heat-201's is unknown from its stuck counter
        double building3h = delta(end, start, Points.HEAT_ENERGY);
        assertThat(building3h).as("more than heat-101's real heat alone: heat-201's water still flows")
                .isGreaterThan(real * 1.03 + 1);
        // the volume is the same water, without losses
        assertThat(end.get(Points.VOLUME).doubleValue()).isGreaterThan(start.get(Points.VOLUME).doubleValue());
        // power is the households' power plus the losses; the inlet temperature is above the return
        assertThat(end.get(Points.TEMP_SUPPLY).doubleValue()).isGreaterThan(end.get(Points.TEMP_RETURN).doubleValue());
    }

    @Test
    void healthyAndDriftingBuildingMetersAgainstTheSumOfTheirHouseholds() throws Exception {
        List<SimulatedMeter> line = line(Faults.parseList("20300000000002:drift=0.75"),
                ", 20300000000002=20100000000003+20200000000003");
        SimulatedMeter healthy = line.get(line.size() - 2);
        SimulatedMeter drifting = line.get(line.size() - 1);
        Map<String, BigDecimal> healthyStart = read(healthy, BUILDING, "after");
        Map<String, BigDecimal> driftingStart = read(drifting, "20300000000002", "after");
        Map<String, BigDecimal> h1 = read(line.get(0), "20100000000001", "after");
        Map<String, BigDecimal> h2 = read(line.get(3), "20200000000001", "before");
        Map<String, BigDecimal> h3 = read(line.get(2), "20100000000003", "after");
        Map<String, BigDecimal> h4 = read(line.get(5), "20200000000003", "before");
        clock.advance(Duration.ofHours(6));
        double householdsA = delta(read(line.get(0), "20100000000001", "after"), h1, Points.HEAT_ENERGY)
                + delta(read(line.get(3), "20200000000001", "before"), h2, Points.HEAT_ENERGY);
        double householdsB = delta(read(line.get(2), "20100000000003", "after"), h3, Points.HEAT_ENERGY)
                + delta(read(line.get(5), "20200000000003", "before"), h4, Points.HEAT_ENERGY);
        double buildingA = delta(read(healthy, BUILDING, "after"), healthyStart, Points.HEAT_ENERGY);
        double buildingB = delta(read(drifting, "20300000000002", "after"), driftingStart, Points.HEAT_ENERGY);
        // 3 % losses; the counters' 0.01 kWh steps make a few hundredths of difference
        assertThat(buildingA).isCloseTo(householdsA * 1.03, within(0.05));
        assertThat(buildingB).isCloseTo(householdsB * 1.03 * 0.75, within(0.05));
    }

    @Test
    void badSpecsAreNamed() {
        assertThat(BuildingMeters.parse(" ")).isEmpty();
        assertThat(BuildingMeters.parse(BUILDING + " = 20100000000001 + 71000001")).singleElement()
                .isEqualTo(new BuildingMeters.Spec(BUILDING, List.of("20100000000001", "71000001")));
        assertThatThrownBy(() -> BuildingMeters.parse("2030000000001=20100000000001"))
                .hasMessageStartingWith("buildingMeters entry 1 \"2030000000001=20100000000001\": expected ADDRESS=HOUSEHOLD");
        assertThatThrownBy(() -> BuildingMeters.parse(BUILDING + "=20100000000001++20100000000002"))
                .hasMessageContaining("an empty household meter address");
        assertThatThrownBy(() -> line(Map.of(), ", 20300000000002=10100000000001"))
                .hasMessageContaining("building meter 20300000000002: no heat meter 10100000000001 on the line");
        assertThatThrownBy(() -> line(Map.of(), ", 20100000000001=20100000000002"))
                .hasMessageContaining("address 20100000000001 is already a meter of the line");
    }

    @Test
    void aBuildingMeterHasNoValve() {
        SimulatedMeter building = line(Map.of(), "").get(11);
        byte[] close = Cjt188Codec.valveControl(0, 0x20, BUILDING, 0x04, 1, false);
        byte[] reply = building.answer(frame(close)).orElseThrow();
        int start = 0;
        while ((reply[start] & 0xFF) == 0xFE) {
            start++;
        }
        // 68 T A0..A6 C: the control byte of the error reply to a write (04) is C4h
        assertThat(reply[start + 9] & 0xFF).isEqualTo(0xC4);
    }

    private List<SimulatedMeter> line(Map<String, Faults> faults, String moreBuildings) {
        MeterEnvironment environment = WinterMorning.environment(clock);
        List<BuildingMeters.Spec> buildings = BuildingMeters.parse(BUILDING + "=20100000000001+20200000000001" + moreBuildings);
        Map<String, Faults> lineFaults = new java.util.HashMap<>(faults);
        lineFaults.keySet().removeAll(BuildingMeters.addresses(buildings));
        return BuildingMeters.add(MeterPopulation.DEMO.build(1, environment, lineFaults), buildings, 3, 1, faults, environment);
    }

    private static Map<String, BigDecimal> read(SimulatedMeter meter, String address, String unitPosition) throws Exception {
        byte[] reply = meter.answer(frame(Cjt188Codec.readCurrentData(0, 0x20, address, 1))).orElseThrow();
        return Decoded.cjt188(reply, unitPosition);
    }

    private static double delta(Map<String, BigDecimal> end, Map<String, BigDecimal> start, String point) {
        return end.get(point).subtract(start.get(point)).doubleValue();
    }
}
