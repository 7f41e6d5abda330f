package io.heathub.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.heathub.simulator.meters.Cjt188Meter;
import io.heathub.simulator.meters.MeterEnvironment;
import io.heathub.simulator.meters.MeterPopulation;
import io.heathub.simulator.meters.SimulatedMeter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code --meter}, {@code --cjt188-wildcards}, {@code --dlt645-abbreviated}: a line like one on site. */
class StandaloneMeterOptionsTest {

    @Test
    void listedMetersJoinTheCountedOnesWithTheFamiliesChosen() {
        MeterPopulation population = StandaloneMain.parseCommandLine(new String[] {"--no-modbus", "--meter-line", "tcp:0",
                "--cjt188", "1", "--meter", "cjt188-before:20200000000101", "--meter", "water:10100000000042",
                "--meter", "mbus:9:71000009", "--meter", "dlt645:640000000161", "--cjt188-wildcards", "none",
                "--dlt645-abbreviated", "no"}).meterLine().orElseThrow().population();
        List<String> meters = population.build(1, MeterEnvironment.realTime()).stream().map(SimulatedMeter::describe).toList();
        assertThat(meters).containsExactly(
                "cjt188 heat 20100000000001 type=20 unitPosition=after wildcards=none",
                "cjt188 heat 20200000000101 type=20 unitPosition=before wildcards=none",
                "cjt188 water 10100000000042 type=10 unitPosition=after wildcards=none",
                "mbus heat primary 9 secondary 71000009.HHS.01.04 energy kWh",
                "dlt645 electricity 640000000161 abbreviated=no");
        assertThat(population.cjt188Wildcards()).isEqualTo(Cjt188Meter.AddressWildcards.NONE);
    }

    @Test
    void onlyListedMetersMeansNoDemoLine() {
        MeterPopulation population = StandaloneMain.parseCommandLine(new String[] {"--no-modbus", "--meter-line", "tcp:0",
                "--meter", "dlt645:640000000161"}).meterLine().orElseThrow().population();
        assertThat(population.build(1, MeterEnvironment.realTime())).hasSize(1);
    }

    @Test
    void badMetersAreRefusedAtParsing() {
        assertThatThrownBy(() -> parse("--meter", "gas:123")).hasMessageContaining("expected KIND:ADDRESS with KIND one of");
        assertThatThrownBy(() -> parse("--meter", "cjt188:123")).hasMessageContaining("14 digits");
        assertThatThrownBy(() -> parse("--meter", "mbus:71000009")).hasMessageContaining("PRIMARY:IDENTIFICATION");
        assertThatThrownBy(() -> parse("--cjt188-wildcards", "some")).hasMessageContaining("expected high or none");
        assertThatThrownBy(() -> parse("--meter", "dlt645:640000000161", "--faults", "640000000162:stuck"))
                .hasMessageContaining("no simulated meter with address 640000000162");
    }

    private static void parse(String... options) {
        String[] args = new String[options.length + 3];
        args[0] = "--no-modbus";
        args[1] = "--meter-line";
        args[2] = "tcp:0";
        System.arraycopy(options, 0, args, 3, options.length);
        StandaloneMain.parseCommandLine(args);
    }
}
