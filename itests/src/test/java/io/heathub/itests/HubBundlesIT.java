package io.heathub.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.heathub.api.Reading;
import io.heathub.api.driver.DeviceDriver;
import io.heathub.api.driver.LinkFactory;
import io.heathub.api.hub.DeviceStatus;
import io.heathub.api.hub.HubStatus;
import io.heathub.api.journal.Journal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;

/** (1) Every hub bundle resolves and goes ACTIVE, the key services appear and the demo devices poll. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HubBundlesIT extends HubTestSupport {

    @Configuration
    public Option[] config() {
        return hub("bundles", Set.of(), DEMO_DEVICES);
    }

    @Test
    public void allBundlesActiveAndKeyServicesRegistered() throws Exception {
        startSimulator();
        await("every bundle ACTIVE", DEADLINE,
                () -> Stream.of(context.getBundles()).allMatch(b -> b.getState() == Bundle.ACTIVE),
                this::describeBundles);
        for (Bundle b : context.getBundles()) {
            System.out.println("itest bundle " + b.getBundleId() + " " + b.getSymbolicName() + " " + b.getVersion() + " " + b.getLocation());
        }
        Set<String> names = Stream.of(context.getBundles()).map(Bundle::getSymbolicName).collect(Collectors.toSet());
        for (String b : RUNTIME) {
            if (b.startsWith("heathub-")) {
                assertTrue(b + " installed: " + names,
                        Stream.of(context.getBundles()).anyMatch(x -> x.getLocation().endsWith("/" + b + ".jar")));
            }
        }

        service(Journal.class);
        await("CamelContext service", () -> context.getServiceReference("org.apache.camel.CamelContext"));
        await("DeviceDriver modbus", () -> {
            try {
                for (ServiceReference<DeviceDriver> r : context.getServiceReferences(DeviceDriver.class, null)) {
                    if ("modbus".equals(context.getService(r).info().id())) {
                        return true;
                    }
                }
                return false;
            } catch (org.osgi.framework.InvalidSyntaxException e) {
                throw new IllegalStateException(e);
            }
        });
        java.util.Set<String> schemes = new java.util.TreeSet<>();
        for (ServiceReference<LinkFactory> r : context.getServiceReferences(LinkFactory.class, null)) {
            schemes.addAll(context.getService(r).schemes());
        }
        assertEquals("transports", java.util.Set.of("serial", "tcp"), schemes);
        HubStatus hub = hub();
        assertEquals("config errors", java.util.List.of(), hub.configErrors());

        // The simulator bundle serves the devices: they run and their readings arrive.
        awaitDevices(DeviceStatus.State.RUNNING, Set.of("plc-1", "panel-001", "panel-002"));
        await("a temp.supply reading from plc-1", DEADLINE,
                () -> hub().latest().stream().anyMatch(r -> r.device().equals("plc-1") && r.point().equals("temp.supply")),
                () -> hub().latest().stream().map(Reading::toString).collect(Collectors.joining("; ")));
        await("a temp.room reading from panel-002", () -> hub().latest().stream()
                .anyMatch(r -> r.device().equals("panel-002") && r.point().equals("temp.room")));

        // The journal took them, and the web API serves the same state over HTTP.
        assertTrue("journal head > 0", service(Journal.class).head() > 0);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        URI devices = URI.create("http://127.0.0.1:" + intProperty("org.osgi.service.http.port") + "/api/devices");
        HttpResponse<String> res = await("GET " + devices, () -> {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(devices).header("Authorization", adminAuthorization()).build(), HttpResponse.BodyHandlers.ofString());
                return r.statusCode() == 200 ? r : null;
            } catch (Exception e) {
                return null;
            }
        });
        assertTrue(res.body(), res.body().contains("plc-1"));

        // Prometheus scrapes the same hub at /metrics (viewer role or above; anonymous 401).
        URI metricsUri = URI.create("http://127.0.0.1:" + intProperty("org.osgi.service.http.port") + "/metrics");
        assertEquals("anonymous /metrics", 401, http.send(HttpRequest.newBuilder(metricsUri).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());
        HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(metricsUri).header("Authorization",
                adminAuthorization()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(metrics.body(), 200, metrics.statusCode());
        for (String line : new String[] {"heathub_core_up 1", "# TYPE heathub_device_polls_total counter",
                "heathub_device_state{device=\"plc-1\",state=\"RUNNING\"} 1", "heathub_journal_up 1"}) {
            assertTrue(line + " in " + metrics.body(), metrics.body().contains(line + "\n"));
        }
        // every metric the Grafana dashboard names is served by the running hub (control's included)
        java.nio.file.Path dashboard = profiles().getParent().getParent().resolve("docs/grafana-heathub.json");
        java.util.regex.Matcher named = java.util.regex.Pattern.compile("heathub_[a-z_]+")
                .matcher(java.nio.file.Files.readString(dashboard));
        Set<String> used = new java.util.TreeSet<>();
        while (named.find()) {
            used.add(named.group());
        }
        assertTrue("dashboard names " + used.size(), used.size() > 30);
        for (String name : used) {
            assertTrue(name + " served", metrics.body().contains("# TYPE " + name + " "));
        }

        // The shell commands (as Gogo finds them: by osgi.command.scope) answer from the running core.
        Object commands = shellCommand("devices");
        String table = (String) commands.getClass().getMethod("devices").invoke(commands);
        assertTrue(table, table.lines().anyMatch(l -> l.startsWith("plc-1 ") && l.contains(" RUNNING ")));
        String readings = (String) commands.getClass().getMethod("read", String.class).invoke(commands, "plc-1");
        assertTrue(readings, readings.lines().anyMatch(l -> l.startsWith("temp.supply ")));
        String journal = (String) commands.getClass().getMethod("journal").invoke(commands);
        assertTrue(journal, journal.startsWith("head "));
        String site = (String) commands.getClass().getMethod("site").invoke(commands);
        assertTrue(site, site.contains("as it is now is applied: no problems"));

        // the alarms' and control's commands come with their bundles (the shell imports them optionally)
        Object alarms = shellCommand("alarms");
        String open = (String) alarms.getClass().getMethod("alarms").invoke(alarms);
        assertTrue(open, open.equals("no open alarms") || open.startsWith("ALARM "));
        String ack = (String) java.util.Arrays.stream(alarms.getClass().getMethods())
                .filter(m -> m.getName().equals("ack")).findFirst().orElseThrow()
                .invoke(alarms, null, "silent:no-such-meter"); // (Gogo's session, alarm id): no session = the local console
        assertTrue(ack, ack.contains("no open alarm silent:no-such-meter"));
        Object control = shellCommand("control");
        String report = (String) control.getClass().getMethod("control").invoke(control);
        assertTrue(report, report.startsWith("cycle ") || report.startsWith("no control cycle yet"));
    }

    /** The shell command service offering {@code function}, as Gogo finds it (scope heathub). */
    private Object shellCommand(String function) throws Exception {
        ServiceReference<?>[] found = context.getServiceReferences((String) null,
                "(&(osgi.command.scope=heathub)(osgi.command.function=" + function + "))");
        assertTrue("heathub:" + function + " registered", found != null && found.length == 1);
        return context.getService(found[0]);
    }
}
