package io.heathub.itests.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.heathub.api.Quality;
import io.heathub.api.Unit;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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
        int plcPort = Mosquitto.freePort();
        Path script = work.resolve("plc_server.py");
        try (var in = getClass().getResourceAsStream("/plc_server.py")) {
            Files.copy(in, script);
        }
        // Values exactly representable in float32, so equality is exact after the hub's decoding.
        Process plc = new ProcessBuilder("/usr/bin/python3", script.toString(), String.valueOf(plcPort), "1",
                "0=-7.5", "2=65.25", "4=44.125", "6=4.25", "8=2.5", "10=66", "12=37.5")
                .redirectErrorStream(true).start();
        try (Mosquitto broker = new Mosquitto(work).start();
             MqttCollector subscriber = new MqttCollector(broker.port(), "heathub/+/readings");
             HubProcess hub = new HubProcess(work)) {
            awaitReady(plc);
            hub.write("etc/io.heathub.simulator.cfg", "enabled=false\n");
            hub.write("config/site.yaml", """
                    site: { id: county-plant, zone: Asia/Shanghai }
                    buses:
                      - { id: plc, uri: "tcp://127.0.0.1:%d", timeout: 2s }
                    devices:
                      - { id: plc-7, bus: plc, driver: modbus, address: 1, pollInterval: 2s,
                          settings: { profile: substation-plc } }
                    """.formatted(plcPort));
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
        } finally {
            plc.destroy();
            plc.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static void awaitReady(Process plc) throws Exception {
        // The reader stays open: after "ready" a daemon thread keeps draining the server's output
        // so it never blocks on a full pipe.
        BufferedReader lines = new BufferedReader(new InputStreamReader(plc.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> {
            StringBuilder seen = new StringBuilder();
            try {
                String line;
                while ((line = lines.readLine()) != null) {
                    seen.append(line).append('\n');
                    if (line.startsWith("ready")) {
                        Thread drain = new Thread(() -> lines.lines().forEach(l -> { }), "pymodbus-output");
                        drain.setDaemon(true);
                        drain.start();
                        return line;
                    }
                }
            } catch (java.io.IOException e) {
                seen.append(e);
            }
            throw new IllegalStateException("pymodbus PLC exited before ready:\n" + seen);
        });
        ready.get(20, TimeUnit.SECONDS);
    }
}
