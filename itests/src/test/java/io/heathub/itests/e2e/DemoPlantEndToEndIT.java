package io.heathub.itests.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's plant in the assembled hub, against its simulator: an operator switches a household's
 * station panel between the three thermostat modes through {@code POST /api/commands} and the
 * simulated panel follows (mode, valve, scheduled setpoint); a pump frequency in Hz reaches the
 * simulated FC 51; the control loop's boiler load and season flow reach the simulated boiler; the
 * building inlet meter heat-b1 is read on the meter line; and the Open-Meteo route, fetching from a
 * local HTTP server, feeds a cold front that raises the supply curve before the cold arrives; the
 * simulated FC 51 of pump-west, tripped, raises the site's class 2 driveTrip alarm with its 4 h
 * deadline, and an operator's fault reset through the command path clears it.
 */
class DemoPlantEndToEndIT {
    private static final ZoneId MINLE = ZoneId.of("Asia/Shanghai");
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void modesPumpsBoilerBuildingMeterAndForecastOnTheDemo(@TempDir Path work) throws Exception {
        HttpServer openMeteo = openMeteoWithAColdFront();
        try (HubProcess hub = new HubProcess(work)) {
            // a steady -2 °C: the boiler's base load, until the forecast's cold asks for more
            // pump-west's drive (unit 4) trips at start (item 3: an equipment alarm from a drive fault)
            String site = hub.demoOnFreePorts("drives=2\ndriveFrequency=50\nboiler=true\noutdoorMean=-2\noutdoorAmplitude=0\n"
                    + "trippedDrives=4\n");
            hub.write("etc/io.heathub.control.cfg", "cycleSeconds=4\n");
            // control's cycle is 4 s here, not 60 s: the source load may move as fast per minute as the demo's does
            // per cycle (its 20 %/h would take minutes to pass the 1 % deadband)
            site = replaceOnce(site, "\ncontrol:\n", "\ncontrol:\n  source: { maxChangePerHour: 3600 }\n");
            // the devices the test commands polled every 2 s instead of 10 s: the test waits for what they show
            for (String device : new String[] {"boiler-1", "pump-east", "pump-west", "panel-015"}) {
                int at = site.indexOf("{ id: " + device + ",");
                int end = site.indexOf('\n', at);
                site = site.substring(0, at) + replaceOnce(site.substring(at, end), "pollInterval: 10s", "pollInterval: 2s")
                        + site.substring(end);
            }
            hub.write("config/site.yaml", site);
            // the online forecast instead of the demo's offline file, as the example says; fetched 30 s after
            // start, so that the first control cycles run without it
            Files.delete(hub.home().resolve("config/routes/forecast.yaml"));
            String route = Files.readString(hub.home().resolve("config/route-examples/forecast-open-meteo.yaml"));
            route = replaceOnce(route, "https://api.open-meteo.com/v1/forecast",
                    "http://127.0.0.1:" + openMeteo.getAddress().getPort() + "/v1/forecast");
            hub.write("config/routes/forecast-open-meteo.yaml", replaceOnce(route, "delay: 10000", "delay: 30000"));
            long started = System.nanoTime();
            hub.start(Map.of());

            // the first control cycles, before the forecast: the curve at today's outdoor alone
            Waits.until(Duration.ofSeconds(40), "a control cycle\n" + hub.console(), () -> control(hub) != null);
            JsonNode before = control(hub);
            assertThat(before.path("outdoor").path("forecastPoints").asInt()).isZero();
            double curveBefore = before.path("supply").path("curve").asDouble();
            double outdoorBefore = before.path("outdoor").path("raw").asDouble();

            Waits.until(Duration.ofSeconds(40), "the plant, the panels and the building meter read\n" + hub.console(), () ->
                    latest(hub, "boiler-1", "setpoint.load") != null && latest(hub, "pump-east", "setpoint.frequency") != null
                            && latest(hub, "panel-015", "thermostat.mode") != null
                            && latest(hub, "heat-b1", "heat.energy") != null);

            // item 8: building A's inlet meter on the meter line, read like the households' meters
            JsonNode building = latest(hub, "heat-b1", "heat.energy");
            assertThat(building.path("unit").asText()).isEqualTo("kWh");
            assertThat(building.path("quality").asText("GOOD")).isEqualTo("GOOD");
            assertThat(building.path("value").asDouble()).isPositive();
            assertThat(latest(hub, "heat-b1", "heat.power").path("value").asDouble()).isPositive();

            // item 2: Minle's season flow, decided by control, reaches the simulated boiler
            AtomicReference<String> flow = new AtomicReference<>();
            until(Duration.ofSeconds(30), "control's flow read back from boiler-1", flow, () -> {
                double sent = lastSent(hub, "boiler-1", "setpoint.flow");
                double decided = decision(control(hub), "source.flow");
                double read = value(hub, "boiler-1", "setpoint.flow");
                flow.set("sent " + sent + ", decided " + decided + ", read " + read);
                // what control sent is what the boiler shows; the decision ramps on within the deadband (50 m³/h)
                return read == sent && Math.abs(decided - sent) <= 50;
            });
            assertThat(hub.console()).contains("from control for boiler-1 setpoint.flow=");
            // the operator is held to commands.bounds (setpoint.load 30–100 %)
            assertThat(command(hub, "boiler-1", "setpoint.load", 20).statusCode()).isEqualTo(422);

            // item 2: a pump speed in Hz reaches the FC 51 as its bus reference; the drive runs up to it
            // (38 Hz: inside the night's 分时 range too, so the loop holds it whatever the hour)
            HttpResponse<String> pump = command(hub, "pump-east", "setpoint.frequency", 38);
            assertThat(pump.statusCode()).as(pump.body()).isEqualTo(200);
            Waits.until(Duration.ofSeconds(30), "pump-east at 38 Hz", () ->
                    Math.abs(latest(hub, "pump-east", "setpoint.frequency").path("value").asDouble() - 38) < 0.05
                            && Math.abs(latest(hub, "pump-east", "pump.frequency").path("value").asDouble() - 38) < 0.5);

            // item 1: the site's program (定时) has reached panel-015: the loop no longer writes its mode
            Waits.until(Duration.ofSeconds(30), "the site's schedule mode shown by panel-015", () ->
                    value(hub, "panel-015", "thermostat.mode") == 1 && !hasDecision(control(hub), "household/panel-015/mode"));
            int siteModeWrites = occurrences(hub.console(), "from control for panel-015 thermostat.mode=");
            // then panel-015 switched by the operator to 定流量 at 30 %, the panel's valve follows
            assertThat(command(hub, "panel-015", "setpoint.opening", 30).statusCode()).isEqualTo(200);
            assertThat(command(hub, "panel-015", "thermostat.mode", 2).statusCode()).isEqualTo(200);
            Waits.until(Duration.ofSeconds(30), "panel-015 in the flow mode at 30 %", () ->
                    value(hub, "panel-015", "thermostat.mode") == 2 && value(hub, "panel-015", "valve.opening") == 30);
            // 定温: the panel runs its valve on its room temperature, open or shut
            assertThat(command(hub, "panel-015", "thermostat.mode", 0).statusCode()).isEqualTo(200);
            Waits.until(Duration.ofSeconds(30), "panel-015 in the temperature mode", () ->
                    value(hub, "panel-015", "thermostat.mode") == 0 && value(hub, "panel-015", "valve.opening") % 100 == 0);
            // 定时: the loop writes the workday program's setpoint of this hour, the panel shows it
            assertThat(command(hub, "panel-015", "thermostat.mode", 1).statusCode()).isEqualTo(200);
            double scheduled = workdayProgram(LocalDateTime.now(MINLE));
            Waits.until(Duration.ofSeconds(30), "panel-015 in the schedule mode at " + scheduled + " °C", () ->
                    value(hub, "panel-015", "thermostat.mode") == 1 && value(hub, "panel-015", "setpoint.room") == scheduled);
            // the operator's modes were the panel's: the loop followed them and never wrote the site's back
            assertThat(occurrences(hub.console(), "from control for panel-015 thermostat.mode=")).isEqualTo(siteModeWrites);

            // item 7: the forecast arrives over HTTP; still as mild outside, the curve already asks for more
            Waits.until(Duration.ofSeconds(40), "a cycle with the forecast", () ->
                    control(hub).path("outdoor").path("forecastPoints").asInt() > 0);
            JsonNode after = control(hub);
            double curveAfter = after.path("supply").path("curve").asDouble();
            System.out.printf("e2e plant: supply curve %.1f °C at %.1f °C outdoor without the forecast, %.1f °C at %.1f °C"
                            + " with a forecast mean of %.1f °C over %d points; hub start -> forecast cycle %d ms%n",
                    curveBefore, outdoorBefore, curveAfter, after.path("outdoor").path("raw").asDouble(),
                    after.path("outdoor").path("forecast").asDouble(), after.path("outdoor").path("forecastPoints").asInt(),
                    (System.nanoTime() - started) / 1_000_000);
            assertThat(after.path("outdoor").path("forecastPoints").asInt()).isBetween(40, 49);
            assertThat(after.path("outdoor").path("forecast").asDouble()).isLessThan(-15);
            assertThat(after.path("outdoor").path("raw").asDouble()).isCloseTo(outdoorBefore, org.assertj.core.data.Offset.offset(1.0));
            assertThat(curveAfter).isGreaterThan(curveBefore + 3);
            assertThat(after.path("supply").path("reasonChain").get(0).asText()).contains("forecast mean");
            // item 2: the forecast's cold lowers the effective outdoor below -5 °C: the boiler's load goes up, and
            // control's load reaches the simulated boiler
            AtomicReference<String> load = new AtomicReference<>();
            until(Duration.ofSeconds(30), "control's raised load read back from boiler-1", load, () -> {
                double sent = lastSent(hub, "boiler-1", "setpoint.load");
                double read = value(hub, "boiler-1", "setpoint.load");
                load.set("sent " + sent + ", read " + read + "; " + control(hub).path("sourceLoad"));
                return sent > 70 && read == sent;
            });
            assertThat(hub.console()).contains("from control for boiler-1 setpoint.load=");

            driveTripRaisesAClassedAlarmClearedByAFaultReset(hub);

            assertThat(hub.console()).doesNotContain("ERROR").doesNotContain("SEVERE");
        } finally {
            openMeteo.stop(0);
        }
    }

    /**
     * Item 3: pump-west's simulated FC 51, tripped (simulator trippedDrives=4), shows bit 3 of its status word;
     * the site's rule raises driveTrip, class 2, due 4 h after it was raised (alarms.responseTimes), in
     * {@code GET /api/alarms}; the operator's fault reset (control word with bit 7 rising) through
     * {@code POST /api/commands} restarts the drive and the alarm clears.
     */
    private void driveTripRaisesAClassedAlarmClearedByAFaultReset(HubProcess hub) throws Exception {
        Waits.until(Duration.ofSeconds(30), "pump-west's status word with the trip bit", () ->
                ((long) value(hub, "pump-west", "pump.status") & 0x0008) != 0);
        assertThat(value(hub, "pump-west", "pump.frequency")).as("a tripped drive stands still").isZero();
        assertThat((long) value(hub, "pump-east", "pump.status") & 0x0008).as("the healthy drive").isZero();
        AtomicReference<JsonNode> trip = new AtomicReference<>();
        Waits.until(Duration.ofSeconds(30), "driveTrip:pump-west in /api/alarms: " + hub.get("/api/alarms"), () -> {
            trip.set(alarm(hub, "driveTrip:pump-west"));
            return trip.get() != null;
        });
        JsonNode alarm = trip.get();
        assertThat(alarm.path("kind").asText()).isEqualTo("driveTrip");
        assertThat(alarm.path("subject").asText()).isEqualTo("pump-west");
        assertThat(alarm.path("faultClass").asInt()).as(alarm.toString()).isEqualTo(2);
        assertThat(java.time.Instant.parse(alarm.path("dueBy").asText())).as(alarm.toString())
                .isEqualTo(java.time.Instant.parse(alarm.path("raisedAt").asText()).plus(Duration.ofHours(4)));
        assertThat(alarm.path("evidence").asText()).contains("pump drive tripped");
        assertThat(alarm(hub, "driveTrip:pump-east")).as("no alarm for the healthy drive").isNull();

        // the start word 0x047C again (bit 7 still 0) is no reset: the trip stays
        assertThat(command(hub, "pump-west", "pump.control", 0x047C).statusCode()).isEqualTo(200);
        // 0x04FC: bit 7 rising, the FC profile's fault reset
        HttpResponse<String> reset = command(hub, "pump-west", "pump.control", 0x04FC);
        assertThat(reset.statusCode()).as(reset.body()).isEqualTo(200);
        Waits.until(Duration.ofSeconds(30), "pump-west reset and running, its alarm cleared: " + hub.get("/api/alarms"), () ->
                ((long) value(hub, "pump-west", "pump.status") & 0x0008) == 0 && value(hub, "pump-west", "pump.frequency") > 0
                        && alarm(hub, "driveTrip:pump-west") == null);
        JsonNode cleared = latest(hub, "pump-west", "alarm.driveTrip");
        assertThat(cleared).as("the alarm's reading").isNotNull();
        assertThat(cleared.path("value").asDouble()).as(cleared.toString()).isZero();
    }

    /** The open alarm {@code id} of {@code GET /api/alarms}, or null. */
    private JsonNode alarm(HubProcess hub, String id) {
        String body = hub.get("/api/alarms");
        if (body == null) {
            return null;
        }
        try {
            for (JsonNode alarm : json.readTree(body)) {
                if (alarm.path("id").asText().equals(id)) {
                    return alarm;
                }
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Open-Meteo's /v1/forecast on 127.0.0.1, in its response shape (local times of Asia/Shanghai from the
     * current hour): today's -5 °C for 12 hours, then a cold front at -25 °C.
     */
    private static HttpServer openMeteoWithAColdFront() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/forecast", exchange -> {
            LocalDateTime hour = LocalDateTime.now(MINLE).truncatedTo(ChronoUnit.HOURS);
            StringBuilder times = new StringBuilder();
            StringBuilder values = new StringBuilder();
            for (int h = 0; h < 72; h++) {
                times.append(h == 0 ? "" : ",").append('"').append(hour.plusHours(h)).append('"');
                values.append(h == 0 ? "" : ",").append(h < 12 ? "-5.0" : "-25.0");
            }
            byte[] body = ("{\"latitude\":38.44,\"longitude\":100.81,\"utc_offset_seconds\":28800,\"timezone\":\"Asia/Shanghai\","
                    + "\"hourly_units\":{\"time\":\"iso8601\",\"temperature_2m\":\"°C\"},"
                    + "\"hourly\":{\"time\":[" + times + "],\"temperature_2m\":[" + values + "]}}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server;
    }

    /**
     * The demo's workday program (site.yaml control.schedules.workday) at {@code now}: each entry holds until
     * the next one, the last of the day before carrying over midnight.
     */
    private static double workdayProgram(LocalDateTime now) {
        boolean weekend = now.getDayOfWeek().getValue() >= 6;
        int minute = now.getHour() * 60 + now.getMinute();
        if (minute >= 22 * 60 + 30) {
            return 18;
        }
        if (weekend) {
            return minute >= 7 * 60 + 30 ? 21 : 18;
        }
        if (minute >= 17 * 60 + 30 || minute >= 6 * 60 + 30 && minute < 8 * 60 + 30) {
            return 21;
        }
        return 18;
    }

    private static HttpResponse<String> command(HubProcess hub, String device, String point, double value) throws Exception {
        return hub.post("/api/commands", String.format(java.util.Locale.ROOT,
                "{\"requestId\":\"e2e-%s-%s-%d\",\"device\":\"%s\",\"point\":\"%s\",\"value\":%s}",
                device, point, System.nanoTime(), device, point, value));
    }

    private JsonNode latest(HubProcess hub, String device, String point) {
        String body = hub.get("/api/readings/latest?device=" + device);
        if (body == null) {
            return null;
        }
        try {
            for (JsonNode reading : json.readTree(body)) {
                if (reading.path("point").asText().equals(point)) {
                    return reading;
                }
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private double value(HubProcess hub, String device, String point) {
        JsonNode reading = latest(hub, device, point);
        return reading == null ? Double.NaN : reading.path("value").asDouble();
    }

    /** The last control cycle ({@code GET /api/control}'s {@code last}), or null before the first. */
    private JsonNode control(HubProcess hub) {
        String body = hub.get("/api/control");
        if (body == null) {
            return null;
        }
        try {
            JsonNode last = json.readTree(body).path("last");
            return last.isObject() ? last : null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static double decision(JsonNode cycle, String output) {
        for (JsonNode decision : cycle.path("decisions")) {
            if (decision.path("output").asText().equals(output)) {
                return decision.path("value").asDouble();
            }
        }
        return Double.NaN;
    }

    /** Waits; on time-out says what was last seen. */
    private static void until(Duration timeout, String what, AtomicReference<String> seen, java.util.function.BooleanSupplier condition) {
        try {
            Waits.until(timeout, what, condition);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + ": last seen " + seen.get(), e);
        }
    }

    /** The value of the last command control sent to a point that the hub logged DONE (NaN when none). */
    private static double lastSent(HubProcess hub, String device, String point) {
        java.util.regex.Matcher done = java.util.regex.Pattern.compile("from control for " + java.util.regex.Pattern.quote(device
                + " " + point) + "=([0-9,.]+): DONE").matcher(hub.console());
        double last = Double.NaN;
        while (done.find()) {
            last = Double.parseDouble(done.group(1).replace(",", ""));
        }
        return last;
    }

    private static int occurrences(String text, String part) {
        return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
    }

    private static boolean hasDecision(JsonNode cycle, String output) {
        return !Double.isNaN(decision(cycle, output)) || cycle.toString().contains("\"output\":\"" + output + "\"");
    }

    private static String replaceOnce(String text, String from, String to) {
        assertThat(text).as("the demo still has '" + from + "'").contains(from);
        return text.replace(from, to);
    }
}
