package io.heathub.itests.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.heathub.api.Quality;
import io.heathub.api.Unit;
import io.heathub.testkit.peers.PymodbusServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hub against a third-party Modbus peer: a pymodbus server playing a substation PLC with
 * values this test chose, read through the shipped substation-plc profile and forwarded to a
 * real mosquitto. Values must arrive exactly, in canonical units.
 */
class PymodbusPlcEndToEndIT {

    @Test
    void plcValuesServedByPymodbusArriveExactlyInCanonicalUnits(@TempDir Path work) throws Exception {
        // Values exactly representable in float32, so equality is exact after the hub's decoding.
        int[] registers = floats(64, Map.of(0, -7.5f, 2, 65.25f, 4, 44.125f, 6, 4.25f, 8, 2.5f, 10, 66f, 12, 37.5f));
        try (PymodbusServer plc = PymodbusServer.tcp(Map.of(1, Map.of("hr", registers)));
             Mosquitto broker = new Mosquitto(work).start();
             MqttCollector subscriber = new MqttCollector(broker.port(), "heathub/+/readings");
             HubProcess hub = new HubProcess(work)) {
            hub.write("etc/io.heathub.simulator.cfg", "enabled=false\n");
            hub.write("config/site.yaml", """
                    site: { id: county-plant, zone: Asia/Shanghai }
                    buses:
                      - { id: plc, uri: "tcp://127.0.0.1:%d", timeout: 2s }
                    devices:
                      - { id: plc-7, bus: plc, driver: modbus, address: 1, pollInterval: 2s,
                          settings: { profile: substation-plc } }
                    """.formatted(plc.port()));
            hub.start(Map.of("HEATHUB_MQTT_URL", broker.url()));

            Waits.until(Duration.ofSeconds(60), "plc-7 readings at the broker\n" + hub.console(),
                    () -> subscriber.has("plc-7", "valve.opening") && subscriber.has("plc-7", "pressure.return"));
            Map<String, String> expected = Map.of("temp.outdoor", "-7.5", "temp.supply", "65.25",
                    "temp.return", "44.125", "pressure.supply", "425", "pressure.return", "250",
                    "setpoint.supply", "66", "valve.opening", "37.5");
            Map<String, Unit> units = Map.of("temp.outdoor", Unit.CELSIUS, "temp.supply", Unit.CELSIUS,
                    "temp.return", Unit.CELSIUS, "pressure.supply", Unit.KPA, "pressure.return", Unit.KPA,
                    "setpoint.supply", Unit.CELSIUS, "valve.opening", Unit.PERCENT);
            expected.forEach((point, value) -> {
                var r = subscriber.last("plc-7", point);
                assertThat(r).as(point).isNotNull();
                assertThat(r.value()).as(point).isEqualByComparingTo(value);
                assertThat(r.unit()).as(point).isEqualTo(units.get(point));
                assertThat(r.quality()).as(point).isEqualTo(Quality.GOOD);
            });
            assertThat(subscriber.copiesByKey().values()).as("each reading once").containsOnly(1);
        }
    }

    /** {@code count} holding registers with each float as big-endian float32 at its register (high word first). */
    private static int[] floats(int count, Map<Integer, Float> values) {
        int[] registers = new int[count];
        values.forEach((register, value) -> {
            int bits = Float.floatToIntBits(value);
            registers[register] = bits >>> 16;
            registers[register + 1] = bits & 0xFFFF;
        });
        return registers;
    }
}
