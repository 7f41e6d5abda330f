package io.heathub.itests.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.heathub.api.Quality;
import io.heathub.api.Reading;
import io.heathub.api.Unit;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo hub as a newcomer runs it: the assembled distribution with its simulated substation,
 * forwarding to a real mosquitto, read by a third-party MQTT 5 client and over HTTP.
 */
class DemoHubEndToEndIT {

    @Test
    void demoSubstationReadingsReachTheBrokerInCanonicalUnits(@TempDir Path work) throws Exception {
        try (Mosquitto broker = new Mosquitto(work).start();
             MqttCollector subscriber = new MqttCollector(broker.port(), "heathub/+/readings");
             HubProcess hub = new HubProcess(work)) {
            hub.demoOnFreePorts("");
            int sshPort = io.heathub.testkit.FreePorts.tcp();
            hub.write("etc/io.heathub.console.ssh.cfg", "port=" + sshPort + "\n");
            hub.start(Map.of("HEATHUB_MQTT_URL", broker.url()));

            Waits.until(Duration.ofSeconds(60), "PLC and all 24 panels forwarded\n" + hub.console(), () ->
                    subscriber.has("plc-1", "temp.supply") && subscriber.has("plc-1", "pressure.supply")
                            && java.util.stream.IntStream.rangeClosed(1, 24)
                            .allMatch(n -> subscriber.has(String.format("panel-%03d", n), "temp.room"))
                            // the metering line: three protocols on one line behind a converter port
                            && subscriber.has("heat-101", "heat.energy") && subscriber.has("heat-201", "heat.energy")
                            && subscriber.has("mbus-1", "heat.energy") && subscriber.has("pump-el", "electric.energy")
                            // the plant behind the PLC, the building meter, the recorded forecast (config/routes/forecast.yaml)
                            && subscriber.has("boiler-1", "boiler.load") && subscriber.has("pump-east", "pump.frequency")
                            && subscriber.has("heat-b1", "heat.energy") && subscriber.has("forecast", "temp.outdoor"));
            System.out.printf("e2e: hub start -> first reading at the broker: %d ms%n",
                    (subscriber.firstMessageNanos() - hub.startedNanos()) / 1_000_000);

            assertThat(subscriber.malformed()).isEmpty();
            assertThat(subscriber.topics()).allMatch(t -> t.matches("heathub/[A-Za-z0-9:._-]+/readings"));
            assertReading(subscriber.last("heat-201", "heat.energy"), Unit.KWH, 0, 1e9);
            assertReading(subscriber.last("plc-1", "temp.outdoor"), Unit.CELSIUS, -40, 45);
            assertReading(subscriber.last("plc-1", "temp.supply"), Unit.CELSIUS, 5, 130);
            assertReading(subscriber.last("plc-1", "temp.return"), Unit.CELSIUS, 5, 130);
            // The PLC reports bar; the hub forwards kPa.
            assertReading(subscriber.last("plc-1", "pressure.supply"), Unit.KPA, 50, 2500);
            assertReading(subscriber.last("panel-007", "temp.room"), Unit.CELSIUS, 5, 35);
            assertReading(subscriber.last("panel-007", "setpoint.room"), Unit.CELSIUS, 5, 35);
            // Meters stamp readings with their own clock, which runs a little off (the simulated ones
            // by seconds, as real ones do): allow that, not more.
            assertThat(subscriber.readings()).filteredOn(r -> !r.device().equals("forecast")).allSatisfy(r ->
                    assertThat(r.time()).isBetween(Instant.now().minusSeconds(120), Instant.now().plusSeconds(60)));
            // the forecast's readings are time-stamped ahead: hourly from the current hour, 72 hours
            Instant hour = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.HOURS);
            assertThat(subscriber.readings()).filteredOn(r -> r.device().equals("forecast")).isNotEmpty().allSatisfy(r -> {
                assertThat(r.time()).isBetween(hour.minus(Duration.ofHours(1)), hour.plus(Duration.ofHours(72)));
                assertReading(r, Unit.CELSIUS, -40, 45);
            });
            assertReading(subscriber.last("pump-east", "pump.frequency"), Unit.HERTZ, 0, 50);
            assertReading(subscriber.last("boiler-1", "boiler.load"), Unit.PERCENT, 0, 100);
            assertReading(subscriber.last("heat-b1", "heat.energy"), Unit.KWH, 0, 1e9);

            String devices = hub.get("/api/devices");
            assertThat(devices).contains("\"id\":\"plc-1\"").contains("\"id\":\"panel-024\"");
            Waits.until(Duration.ofSeconds(20), "all devices RUNNING: " + hub.get("/api/devices"),
                    () -> !hub.get("/api/devices").matches("(?s).*\"state\":\"(?!RUNNING)[A-Z_]+\".*"));
            assertThat(hub.get("/api/readings/latest")).contains("\"device\":\"panel-024\"", "\"unit\":\"kPa\"");
            assertThat(hub.get("/api/health")).contains("\"status\":\"UP\"");

            sshConsoleOfTheRunningHub(hub, sshPort);
            commandLineAgainstTheRunningHub(hub);
        }
    }

    /**
     * The SSH console (heathub-console-ssh, on 127.0.0.1 only): the demo's admin runs {@code status}, {@code devices},
     * {@code write}, {@code alarms}, {@code scan} and {@code site reload} over SSH, the command audit names {@code shell:<user>}; a wrong
     * password is refused.
     */
    private static void sshConsoleOfTheRunningHub(HubProcess hub, int port) throws Exception {
        try (org.apache.sshd.client.SshClient client = org.apache.sshd.client.SshClient.setUpDefaultClient()) {
            client.start();
            try (org.apache.sshd.client.session.ClientSession session = client.connect(HubProcess.ADMIN, "127.0.0.1", port)
                    .verify(Duration.ofSeconds(20)).getSession()) {
                session.addPasswordIdentity(HubProcess.ADMIN_PASSWORD);
                session.auth().verify(Duration.ofSeconds(30));
                // what bin/heathub status shows over HTTP, at the console of a gateway
                assertThat(session.executeRemoteCommand("heathub:status")).contains("site     demo version ",
                        "uplink   mqtt: backlog ", "devices  40: RUNNING 40");
                assertThat(session.executeRemoteCommand("heathub:devices")).containsPattern("(?m)^panel-024 .* RUNNING ");
                assertThat(session.executeRemoteCommand("write panel-002 setpoint.room 21")).startsWith("DONE shell-");
                assertThat(session.executeRemoteCommand("alarms")).matches("(?s)(no open alarms|ALARM .*)\\s*");
                // a scan of the demo's meter line through the running hub: queued on that bus's worker between
                // its polls, progress on the console, the find ready to paste into site.yaml
                assertThat(session.executeRemoteCommand("scan meters dlt645")).contains("found on bus meters",
                        "640000000001", "  - id: dlt645-1", "    bus: meters\n    driver: dlt645\n    address: \"640000000001\"");
                assertThat(session.executeRemoteCommand("site reload")).contains("version ", "as it is now is applied: no problems");
            }
            try (org.apache.sshd.client.session.ClientSession wrong = client.connect(HubProcess.ADMIN, "127.0.0.1", port)
                    .verify(Duration.ofSeconds(20)).getSession()) {
                wrong.addPasswordIdentity("not-the-password");
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> wrong.auth().verify(Duration.ofSeconds(30)))
                        .isInstanceOf(org.apache.sshd.common.SshException.class);
            }
        }
        assertThat(java.nio.file.Files.readString(hub.home().resolve("data/audit/commands.jsonl")))
                .contains("\"requestedBy\":\"shell:" + HubProcess.ADMIN + "\"", "\"device\":\"panel-002\"");
        assertThat(java.nio.file.Files.readString(hub.home().resolve("data/audit/access.jsonl")))
                .contains("\"requestedBy\":\"ssh:" + HubProcess.ADMIN + "\",\"event\":\"login\"");
    }

    /** {@code heathub status}, {@code write} and {@code stop} of the distribution against this hub. */
    private static void commandLineAgainstTheRunningHub(HubProcess hub) throws Exception {
        String url = "http://127.0.0.1:" + hub.httpPort();
        String password = HubProcess.ADMIN_PASSWORD + "\n";
        HubProcess.ToolRun status = hub.run(password, "status", "--url", url, "--user", HubProcess.ADMIN);
        assertThat(status.exit()).as(status.err()).isZero();
        assertThat(status.out()).contains("hub      " + url + "  UP", "site     demo version ", "uplink   mqtt: backlog ",
                "devices  40: RUNNING 40").containsPattern("panel-024 +modbus +[a-z0-9-]+ +RUNNING");
        HubProcess.ToolRun json = hub.run(password, "status", "--url", url, "--user", HubProcess.ADMIN, "--format", "json");
        assertThat(json.exit()).as(json.err()).isZero();
        com.fasterxml.jackson.databind.JsonNode all = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.out());
        assertThat(all.path("devices").size()).isEqualTo(40);
        assertThat(all.path("status").path("journal").path("backlogs").has("mqtt")).isTrue();
        HubProcess.ToolRun anonymous = hub.run("", "status", "--url", url);
        assertThat(anonymous.exit()).isEqualTo(1);
        assertThat(anonymous.err()).startsWith("heathub status: /api/status: 401: the hub asks who you are");

        HubProcess.ToolRun done = hub.run(password, "write", "--url", url, "--user", HubProcess.ADMIN,
                "--request-id", "e2e-cli-1", "panel-001", "setpoint.room", "21");
        assertThat(done.exit()).as(done.out() + done.err()).isZero();
        assertThat(done.out()).startsWith("DONE panel-001 setpoint.room = 21").contains("(request e2e-cli-1)");
        HubProcess.ToolRun again = hub.run(password, "write", "--url", url, "--user", HubProcess.ADMIN,
                "--request-id", "e2e-cli-1", "panel-001", "setpoint.room", "21");
        assertThat(again.exit()).isZero(); // answered from the command book, not run twice
        HubProcess.ToolRun refused = hub.run(password, "write", "--url", url, "--user", HubProcess.ADMIN,
                "panel-001", "setpoint.room", "30");
        assertThat(refused.exit()).isEqualTo(4);
        assertThat(refused.out()).startsWith("REFUSED panel-001 setpoint.room = 30");

        HubProcess.ToolRun stop = hub.run("", "stop");
        assertThat(stop.exit()).as(stop.err()).isZero();
        assertThat(stop.out()).startsWith("heathub stop: hub (process ").endsWith("heathub/data stopped\n");
        assertThat(hub.alive()).isFalse();
        assertThat(hub.errorLines()).isEmpty();
    }

    private static void assertReading(Reading r, Unit unit, double min, double max) {
        assertThat(r).as("reading").isNotNull();
        assertThat(r.unit()).as(r.device() + " " + r.point() + " unit").isEqualTo(unit);
        assertThat(r.value().doubleValue()).as(r.device() + " " + r.point()).isBetween(min, max);
        assertThat(r.quality()).as(r.device() + " " + r.point() + " quality " + r.reason()).isEqualTo(Quality.GOOD);
    }
}
