package io.heathub.simulator.meters;

import static io.heathub.simulator.meters.Decoded.frame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.heathub.api.Points;
import io.heathub.driver.cjt188.Cjt188Codec;
import io.heathub.testkit.SettableClock;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The simulator's {@code meterFaults} setting: parsed with located errors, applied to the named meters only. */
class FaultsTest {
    private final SettableClock clock = WinterMorning.clock();

    @Test
    void listNamesFaultsPerMeter() {
        Map<String, Faults> faults = Faults.parseList(" 20100000000003:drift=1.08 , 20200000000003:stuck, 71000002:offline:drift=0.9");
        assertThat(faults).containsExactly(
                Map.entry("20100000000003", new Faults(1.08, false, false)),
                Map.entry("20200000000003", new Faults(1.0, true, false)),
                Map.entry("71000002", new Faults(0.9, false, true)));
        assertThat(Faults.parseList("")).isEmpty();
        assertThat(Faults.parseList("  ")).isEmpty();
    }

    @Test
    void badEntriesNameTheEntryAndTheProblem() {
        assertThatThrownBy(() -> Faults.parseList("20100000000003:stuck, 20100000000001"))
                .hasMessage("meterFaults entry 2 \"20100000000001\": expected ADDRESS:FAULT[:FAULT...], e.g. 20100000000003:drift=1.08");
        assertThatThrownBy(() -> Faults.parseList("20100000000003:frozen"))
                .hasMessage("meterFaults entry 1 \"20100000000003:frozen\": unknown fault \"frozen\"; expected drift=FACTOR, stuck or offline");
        assertThatThrownBy(() -> Faults.parseList("20100000000003:drift=lots"))
                .hasMessageContaining("entry 1").hasMessageContaining("drift needs a number");
        assertThatThrownBy(() -> Faults.parseList("20100000000003:drift=0"))
                .hasMessageStartingWith("meterFaults entry 1 \"20100000000003:drift=0\": drift must be a finite factor > 0");
        assertThatThrownBy(() -> Faults.parseList("20100000000003:stuck,20100000000003:offline"))
                .hasMessageContaining("entry 2").hasMessageContaining("listed twice");
    }

    @Test
    void populationAppliesFaultsToTheNamedMeterOnly() throws Exception {
        List<SimulatedMeter> meters = MeterPopulation.DEMO.build(1, WinterMorning.environment(clock),
                Faults.parseList("20100000000002:stuck"));
        SimulatedMeter stuck = meters.get(1);
        SimulatedMeter healthy = meters.get(0);
        byte[] readStuck = Cjt188Codec.readCurrentData(0, 0x20, "20100000000002", 1);
        byte[] readHealthy = Cjt188Codec.readCurrentData(0, 0x20, "20100000000001", 1);
        BigDecimal stuckBefore = energy(stuck, readStuck);
        BigDecimal healthyBefore = energy(healthy, readHealthy);
        clock.advance(Duration.ofHours(2));
        assertThat(energy(stuck, readStuck)).isEqualByComparingTo(stuckBefore);
        assertThat(energy(healthy, readHealthy)).isGreaterThan(healthyBefore);
    }

    @Test
    void faultForAMeterTheLineDoesNotHaveIsRefused() {
        assertThatThrownBy(() -> MeterPopulation.DEMO.build(1, WinterMorning.environment(clock), Faults.parseList("20100000000009:stuck")))
                .hasMessageContaining("no simulated meter with address 20100000000009")
                .hasMessageContaining("the line has 11 meters");
    }

    private static BigDecimal energy(SimulatedMeter meter, byte[] request) throws Exception {
        byte[] reply = meter.answer(frame(request)).orElseThrow();
        return Decoded.cjt188(reply, "after").get(Points.HEAT_ENERGY);
    }
}
