package io.heathub.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.heathub.api.Reading;
import io.heathub.api.Unit;
import io.heathub.api.hub.DeviceStatus;
import io.heathub.api.journal.Journal;
import io.heathub.api.journal.JournalEntry;
import io.heathub.itests.e2e.Mosquitto;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Camel as the integration fabric, in real Felix: the shipped demo route ({@code config/routes/
 * modbus-plc.yaml}) dropped into the site's {@code routes/} reads PLC registers through
 * {@code modbus:bus/plc}, {@code heathub:readings} turns them into readings (bar → kPa), and they
 * reach the journal and a real mosquitto through the MQTT uplink; meanwhile the route and the bus
 * worker polling plc-1 share the bus's one TCP connection to the PLC.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class CamelBusRouteIT extends HubTestSupport {

    @Configuration
    public Option[] config() {
        return hub("camelbus", Set.of(), DEMO_DEVICES);
    }

    @Test
    public void aYamlRouteReadsRegistersOverTheBusIntoReadingsThatReachTheJournalAndMqtt() throws Exception {
        Path work = Path.of(context.getProperty("itest.work"));
        try (Mosquitto broker = new Mosquitto(work.resolve("mqtt")).start()) {
            Path received = work.resolve("mqtt/received.txt");
            Process subscriber = new ProcessBuilder("/usr/bin/mosquitto_sub", "-h", "127.0.0.1",
                    "-p", String.valueOf(broker.port()), "-t", "heathub/substation/readings", "-v")
                    .redirectErrorStream(true).redirectOutput(received.toFile()).start();
            try {
                Dictionary<String, Object> mqtt = new Hashtable<>();
                mqtt.put("url", broker.url());
                mqtt.put("clientId", "itest-camelbus");
                configure("io.heathub.forward.mqtt", mqtt);
                startSimulatorOnce();
                awaitDevices(DeviceStatus.State.RUNNING, Set.of("plc-1", "panel-001", "panel-002"));

                // The shipped demo route, as a site would have it: picked up by the route folder check.
                Path routes = Files.createDirectories(Path.of(context.getProperty("heathub.config"), "routes"));
                Files.copy(profiles().resolveSibling("routes").resolve("modbus-plc.yaml"), routes.resolve("modbus-plc.yaml"));

                Reading supply = await("substation pressure.supply from the route", Duration.ofSeconds(60),
                        () -> hub().latest().stream().filter(r -> r.device().equals("substation")
                                && r.point().equals("pressure.supply")).findFirst().orElse(null), this::describeDevices);
                // float32 bar from the PLC's registers, converted like a driver's reading
                assertEquals(Unit.KPA, supply.unit());
                assertTrue("plausible kPa: " + supply, supply.value().compareTo(new BigDecimal(100)) > 0
                        && supply.value().compareTo(new BigDecimal(1600)) < 0);

                List<Reading> journaled = journaled("substation");
                assertTrue("journaled: " + journaled, journaled.stream().anyMatch(r -> r.point().equals("pressure.return")
                        && r.unit() == Unit.KPA));

                await("substation readings at the broker", Duration.ofSeconds(30), () -> {
                    String text = read(received);
                    return text.contains("\"device\":\"substation\"") && text.contains("\"point\":\"pressure.supply\"")
                            && text.contains("\"unit\":\"kPa\"");
                }, () -> read(received));

                // One owner per line: the route's reads and plc-1's polls go over one TCP connection.
                int plcPort = intProperty("itest.plcPort");
                assertEquals("TCP connections to the PLC (" + plcPort + ")", 1, connectionsTo(plcPort));
                // and plc-1's own polls go on beside the route (a count that grows, not a count reached by a given time)
                long polled = plcPolls();
                await("plc-1 polling on after " + polled + " polls", Duration.ofSeconds(10),
                        () -> plcPolls() > polled ? Boolean.TRUE : null, this::describeDevices);
            } finally {
                subscriber.destroy();
            }
        }
    }

    private long plcPolls() {
        return hub().devices().stream().filter(d -> d.id().equals("plc-1")).findFirst().orElseThrow().polls();
    }

    @Test
    public void routeCommandsAndBusWritesTakeTheCommandPathAndAreAuditedAsTheRoute() throws Exception {
        startSimulatorOnce();
        awaitDevices(DeviceStatus.State.RUNNING, Set.of("plc-1", "panel-001", "panel-002"));
        Path routes = Files.createDirectories(Path.of(context.getProperty("heathub.config"), "routes"));
        Files.writeString(routes.resolve("setpoints.yaml"), String.join("\n",
                "- route:",
                "    id: setpoint-by-route",
                "    from:",
                "      uri: timer:setpoint?repeatCount=1",
                "      steps:",
                "        - setBody:",
                "            constant: '{\"requestId\":\"itest-route-1\",\"device\":\"plc-1\",\"point\":\"setpoint.supply\",\"value\":61.5}'",
                "        - to: heathub:commands",
                "        - setHeader: { name: HeathubRequestId, constant: itest-raw-1 }",
                "        - setBody:",
                "            constant: \"17029,0\"", // 66.5 °C as float32 registers 0x4285 0x0000
                "        - to: \"modbus:bus/plc?unitId=1&address=10&operation=write\"",
                ""));
        Path audit = Path.of(context.getProperty("heathub.data"), "audit", "commands.jsonl");
        String lines = await("both commands DONE in the audit log", Duration.ofSeconds(30), () -> {
            String text = read(audit);
            return text.contains("\"requestId\":\"itest-raw-1\"") && text.contains("\"status\":\"DONE\"")
                    && text.lines().filter(l -> l.contains("itest-raw-1")).anyMatch(l -> l.contains("\"DONE\"")) ? text : null;
        }, () -> read(audit));
        String named = lines.lines().filter(l -> l.contains("itest-route-1") && l.contains("\"DONE\"")).findFirst().orElse("");
        assertTrue(lines, named.contains("\"requestedBy\":\"route:setpoint-by-route\"") && named.contains("\"point\":\"setpoint.supply\""));
        String raw = lines.lines().filter(l -> l.contains("itest-raw-1") && l.contains("\"DONE\"")).findFirst().orElse("");
        assertTrue(lines, raw.contains("\"requestedBy\":\"route:setpoint-by-route\"") && raw.contains("\"point\":\"raw.holding.10.2\"")
                && raw.contains("\"device\":\"plc-1\""));
        // The PLC took it: plc-1's own poll reads the setpoint the raw write set.
        await("plc-1 setpoint.supply 66.5", Duration.ofSeconds(30), () -> hub().latest().stream()
                .anyMatch(r -> r.device().equals("plc-1") && r.point().equals("setpoint.supply")
                        && r.value().compareTo(new BigDecimal("66.5")) == 0), () -> hub().latest().toString());
    }

    /** Both tests share one framework: configuring the simulator again would restart it mid-test. */
    private void startSimulatorOnce() throws Exception {
        if (installed("heathub-simulator").getState() != org.osgi.framework.Bundle.ACTIVE) {
            startSimulator();
        }
    }

    /** Readings of {@code device} in the journal, read on a cursor of this test's own. */
    private List<Reading> journaled(String device) throws Exception {
        Journal journal = service(Journal.class);
        List<Reading> found = new ArrayList<>();
        while (true) {
            List<JournalEntry> batch = journal.read("itest-camelbus", 5000);
            if (batch.isEmpty()) {
                return found;
            }
            batch.stream().map(JournalEntry::reading).filter(r -> r.device().equals(device)).forEach(found::add);
            journal.commit("itest-camelbus", batch.get(batch.size() - 1).position());
        }
    }

    /** Established client-side TCP connections to {@code port} on this machine, from /proc/net/tcp(6). */
    static int connectionsTo(int port) throws IOException {
        String hexPort = String.format(Locale.ROOT, ":%04X", port);
        int count = 0;
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path file = Path.of(table);
            if (!Files.exists(file)) {
                continue;
            }
            for (String line : Files.readAllLines(file).stream().skip(1).collect(Collectors.toList())) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 3 && f[2].endsWith(hexPort) && f[3].equals("01")) { // remote port, ESTABLISHED
                    count++;
                }
            }
        }
        return count;
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
