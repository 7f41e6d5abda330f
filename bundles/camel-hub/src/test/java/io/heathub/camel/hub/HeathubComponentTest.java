package io.heathub.camel.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.heathub.api.Quality;
import io.heathub.api.Reading;
import io.heathub.api.Unit;
import io.heathub.api.driver.Command;
import io.heathub.api.driver.CommandResult;
import io.heathub.api.hub.CommandService;
import io.heathub.api.journal.JournalException;
import io.heathub.core.pipeline.ReadingPipeline;
import io.heathub.wire.ReadingJson;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The component in a real Camel context on core's real reading pipeline (validation, listeners)
 * and a real MVStore journal. Commands go to a recording command service: core's gate and audit
 * are tested in core, the whole path in Felix (itests).
 */
class HeathubComponentTest {
    private static final Instant T0 = Instant.parse("2026-11-23T08:00:00Z");

    @TempDir
    Path dir;

    private final ReadingJson json = new ReadingJson();
    private final List<Command> commands = new CopyOnWriteArrayList<>();
    private HubDoor door;
    private ReadingPipeline pipeline;
    private volatile boolean journalRefuses;
    private DefaultCamelContext camel;
    private ProducerTemplate producer;

    private final CommandService commandService = command -> {
        commands.add(command);
        return switch (command.device()) {
            case "locked" -> CompletableFuture.completedFuture(CommandResult.refused(command.requestId(),
                    "setpoint.supply 99 is outside the site's bounds 30..85 (site.yaml commands.bounds)"));
            case "silent" -> new CompletableFuture<>();
            default -> CompletableFuture.completedFuture(CommandResult.done(command.requestId(), command.value()));
        };
    };

    @BeforeEach
    void start() throws Exception {
        door = new HubDoor(dir, accept -> readings -> {
            if (journalRefuses) {
                throw new JournalException("disk full (test)");
            }
            return accept.accept(readings);
        }, commandService);
        pipeline = door.pipeline;
        camel = door.camel;
        producer = door.producer;
    }

    @AfterEach
    void stop() throws Exception {
        door.close();
    }

    private List<Reading> journaled() throws Exception {
        return door.journaled();
    }

    @Test
    void aJsonBodyBecomesCanonicalValidatedJournaledReadings() throws Exception {
        Exchange sent = producer.request("heathub:readings", e -> e.getMessage().setBody("""
                [{"device":"meter-7","point":"heat.energy","value":12.5,"unit":"MWh","time":"2026-11-23T08:00:00Z"},
                 {"device":"meter-7","point":"heat.energy","value":"45","unit":"GJ","time":"2026-11-23T09:00:00Z"},
                 {"device":"meter-7","point":"flow","value":750,"unit":"L/h","time":"2026-11-23T09:00:00Z"},
                 {"device":"meter-7","point":"pressure.supply","value":4.2,"unit":"bar"}]"""));
        assertThat(sent.getException()).isNull();
        List<Reading> stored = journaled();
        assertThat(stored).extracting(Reading::unit)
                .containsExactly(Unit.KWH, Unit.KWH, Unit.CUBIC_METRE_PER_HOUR, Unit.KPA);
        assertThat(stored.get(0).value()).isEqualByComparingTo("12500");
        assertThat(stored.get(2).value()).isEqualByComparingTo("0.75");
        assertThat(stored.get(3).value()).isEqualByComparingTo("420");
        // time left out = now
        assertThat(Duration.between(stored.get(3).time(), Instant.now()).abs()).isLessThan(Duration.ofSeconds(10));
        // 45 GJ = 12500 kWh: the same counter value an hour later is fine; core's validation ran
        assertThat(stored.get(1).value()).isEqualByComparingTo("12500");
        assertThat(sent.getMessage().getHeader(HeathubHeaders.READINGS_COUNT)).isEqualTo(4);
        assertThat(sent.getMessage().getHeader(HeathubHeaders.READINGS_NOT_GOOD)).isEqualTo(0L);

        // A counter going backwards is marked SUSPECT by the same validator as a driver's poll.
        Exchange backwards = producer.request("heathub:readings", e -> e.getMessage().setBody(
                "[{\"device\":\"meter-7\",\"point\":\"heat.energy\",\"value\":12,\"unit\":\"MWh\",\"time\":\"2026-11-23T10:00:00Z\"}]"));
        assertThat(backwards.getMessage().getHeader(HeathubHeaders.READINGS_NOT_GOOD)).isEqualTo(1L);
        assertThat(journaled().get(4).quality()).isEqualTo(Quality.SUSPECT);
    }

    @Test
    void listsMapsReadingsAndFilesAreTakenToo() throws Exception {
        producer.sendBody("heathub:readings", Map.of("device", "weather", "point", "temp.outdoor", "value", -3.5,
                "unit", "°C", "time", T0));
        producer.sendBody("heathub:readings", List.of(Reading.good("weather", "temp.outdoor", BigDecimal.ONE, Unit.CELSIUS,
                T0.plusSeconds(60)), Map.of("device", "weather", "point", "flow", "value", "2", "unit", "m3/h")));
        Path in = Files.createDirectories(dir.resolve("in"));
        Files.writeString(in.resolve("batch.json"),
                "[{\"device\":\"file-meter\",\"point\":\"volume\",\"value\":1200,\"unit\":\"L\",\"time\":\"2026-11-23T08:00:00Z\"}]");
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("file:" + in + "?delay=50").routeId("files").to("heathub:readings");
            }
        });
        await(() -> journaled().stream().anyMatch(r -> r.device().equals("file-meter")));
        assertThat(journaled()).extracting(r -> r.device() + " " + r.point() + " " + r.value().toPlainString() + " " + r.unit())
                .containsExactly("weather temp.outdoor -3.5 CELSIUS", "weather temp.outdoor 1 CELSIUS",
                        "weather flow 2 CUBIC_METRE_PER_HOUR", "file-meter volume 1.2 CUBIC_METRE");
    }

    @Test
    void refusalsAtTheDoorFailTheExchangeSayingWhichReadingAndWhy() throws Exception {
        assertRefused("[{\"device\":\"m\",\"point\":\"t\",\"value\":1,\"unit\":\"degF\"}]",
                "heathub:readings refused the body of route unknown: reading [0] (m t): unit: unknown unit \"degF\"");
        assertRefused("[{\"device\":\"m\",\"point\":\"t\",\"value\":1,\"unit\":\"\"},{\"device\":\"bus:plc\",\"point\":\"t\",\"value\":1,\"unit\":\"\"}]",
                "reading [1] (bus:plc t): device: \"bus:plc\" is not a device id");
        assertRefused("[{\"device\":\"m\"", "not valid JSON");
        assertRefused("x".repeat((1 << 20) + 1), "body is over the limit of 1048576 bytes");
        assertRefused(new Object(), "cannot read a body of java.lang.Object");
        assertThat(journaled()).isEmpty(); // nothing of a refused batch, not even its good readings

        journalRefuses = true;
        assertRefused("[{\"device\":\"m\",\"point\":\"t\",\"value\":1,\"unit\":\"\"}]",
                "heathub:readings: the journal refused 1 readings of route unknown, none accepted: disk full (test)");
    }

    private void assertRefused(Object body, String message) {
        assertThatThrownBy(() -> producer.sendBody("heathub:readings", body)).isInstanceOf(CamelExecutionException.class)
                .cause().isInstanceOf(ReadingsRefusedException.class).hasMessageContaining(message);
    }

    @Test
    void consumersGetOneExchangePerAcceptedBatchFilteredByDeviceAndPoint() throws Exception {
        List<Exchange> temps = new CopyOnWriteArrayList<>();
        List<Exchange> everything = new CopyOnWriteArrayList<>();
        List<Exchange> alarms = new CopyOnWriteArrayList<>();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("heathub:readings?device=plc-1,plc-2&point=temp.*").routeId("temps").process(e -> temps.add(e.copy()));
                from("heathub:readings?bodyType=list").routeId("all").process(e -> everything.add(e.copy()));
                from("heathub:alarms").routeId("alarms").process(e -> alarms.add(e.copy()));
            }
        });
        pipeline.accept(List.of(good("plc-1", "temp.supply", 0), good("plc-1", "pressure.supply", 0), good("plc-1", "temp.return", 0)));
        pipeline.accept(List.of(good("plc-3", "temp.supply", 1)));
        pipeline.accept(List.of(good("plc-2", "temp.outdoor", 2), good("heat-103", "alarm.meterDrift", 2)));
        await(() -> everything.size() == 3 && temps.size() == 2 && alarms.size() == 1);

        assertThat(json.readArray(temps.get(0).getMessage().getBody(byte[].class)))
                .extracting(r -> r.device() + " " + r.point()).containsExactly("plc-1 temp.supply", "plc-1 temp.return");
        assertThat(temps.get(0).getMessage().getHeader(HeathubHeaders.READINGS_COUNT)).isEqualTo(2);
        assertThat(json.readArray(temps.get(1).getMessage().getBody(byte[].class)))
                .extracting(Reading::device).containsExactly("plc-2");
        assertThat(everything.get(0).getMessage().getBody(List.class)).hasSize(3);
        assertThat(json.readArray(alarms.get(0).getMessage().getBody(byte[].class)))
                .extracting(Reading::point).containsExactly("alarm.meterDrift");
        Thread.sleep(200);
        assertThat(temps).hasSize(2); // nothing else matched
    }

    @Test
    void aSlowRouteNeverHoldsUpTheThreadThatAcceptedTheReadings() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<Exchange> got = new CopyOnWriteArrayList<>();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("heathub:readings?queueSize=2").routeId("slow").process(e -> {
                    release.await(10, TimeUnit.SECONDS);
                    got.add(e.copy());
                });
            }
        });
        long started = System.nanoTime();
        for (int i = 0; i < 10; i++) {
            pipeline.accept(List.of(good("m", "temp.supply", i)));
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
        release.countDown();
        await(() -> got.size() >= 3);
        Thread.sleep(200);
        // one in the route, two queued, the other seven dropped and counted on the next exchange
        assertThat(got).hasSize(3);
        assertThat(got.stream().mapToLong(e -> e.getMessage().getHeader(HeathubHeaders.READINGS_DROPPED, Long.class)).sum())
                .isEqualTo(7L);
    }

    @Test
    void commandsGoThroughTheCommandServiceAsTheRouteAndReturnTheOutcome() throws Exception {
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:setpoint").routeId("weather-setpoint").to("heathub:commands");
                from("direct:lenient").routeId("lenient").to("heathub:commands?failOnError=false");
                from("direct:impatient").routeId("impatient").to("heathub:commands?timeout=200ms");
            }
        });
        Exchange done = producer.request("direct:setpoint", e -> e.getMessage().setBody(
                "{\"requestId\":\"r-1\",\"device\":\"plc-1\",\"point\":\"setpoint.supply\",\"value\":55}"));
        assertThat(done.getException()).isNull();
        assertThat(commands.get(0)).isEqualTo(new Command("r-1", "plc-1", "setpoint.supply", new BigDecimal("55"),
                "route:weather-setpoint"));
        assertThat(done.getMessage().getHeader(HeathubHeaders.COMMAND_STATUS)).isEqualTo("DONE");
        assertThat(done.getMessage().getHeader(HeathubHeaders.COMMAND_READ_BACK, BigDecimal.class)).isEqualByComparingTo("55");
        assertThat(new String(done.getMessage().getBody(byte[].class), StandardCharsets.UTF_8))
                .contains("\"requestId\":\"r-1\"").contains("\"status\":\"DONE\"");

        // A Command object keeps its asker after the route's name.
        producer.sendBody("direct:setpoint", new Command("r-2", "plc-1", "setpoint.supply", BigDecimal.TEN, "weather"));
        assertThat(commands.get(1).requestedBy()).isEqualTo("route:weather-setpoint:weather");

        String refused = "{\"requestId\":\"r-3\",\"device\":\"locked\",\"point\":\"setpoint.supply\",\"value\":99}";
        assertThatThrownBy(() -> producer.sendBody("direct:setpoint", refused)).cause()
                .isInstanceOf(CommandFailedException.class)
                .hasMessage("heathub:commands: command r-3 (locked setpoint.supply=99) REFUSED: setpoint.supply 99 is"
                        + " outside the site's bounds 30..85 (site.yaml commands.bounds)");
        Exchange lenient = producer.request("direct:lenient", e -> e.getMessage().setBody(refused));
        assertThat(lenient.getException()).isNull();
        assertThat(lenient.getMessage().getHeader(HeathubHeaders.COMMAND_STATUS)).isEqualTo("REFUSED");

        assertThatThrownBy(() -> producer.sendBody("direct:impatient",
                "{\"requestId\":\"r-4\",\"device\":\"silent\",\"point\":\"valve.state\",\"value\":1}")).cause()
                .hasMessage("heathub:commands: no outcome of command r-4 within 200 ms; it may still run (see the audit log)");
        assertThatThrownBy(() -> producer.sendBody("direct:setpoint", "{\"requestId\":\"r-5\",\"point\":\"x\",\"value\":1}"))
                .cause().hasMessageContaining("command r-5 needs a device");
        assertThatThrownBy(() -> producer.sendBody("direct:setpoint",
                "{\"requestId\":\"r-6\",\"device\":\"a b\",\"point\":\"x\",\"value\":1}")).cause()
                .hasMessageContaining("device: \"a b\" is not a device id"); // the door's words (io.heathub.wire.CommandJson)
        assertThat(commands).hasSize(5); // r-5 and r-6 never reached the service
    }

    @Test
    void badUrisAndOptionsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> camel.getEndpoint("heathub:events")).hasStackTraceContaining(
                "heathub:events is not an endpoint of the hub: expected heathub:readings, heathub:alarms, heathub:commands");
        assertThatThrownBy(() -> camel.getEndpoint("heathub:readings?point=temp..x")).hasStackTraceContaining(
                "\"temp..x\" is not a point name or prefix");
        assertThatThrownBy(() -> camel.getEndpoint("heathub:readings?device=a b")).hasStackTraceContaining("is not a device id");
        assertThatThrownBy(() -> camel.getEndpoint("heathub:readings?bodyType=xml")).hasStackTraceContaining("Invalid option bodyType=xml");
        assertThatThrownBy(() -> camel.getEndpoint("heathub:readings?queueSize=0")).hasStackTraceContaining("queueSize=0");
        assertThatThrownBy(() -> camel.getEndpoint("heathub:commands?device=x")).hasStackTraceContaining("takes the options timeout and failOnError only");
        assertThatThrownBy(() -> camel.getEndpoint("heathub:commands?timeout=soon")).hasStackTraceContaining("Invalid option timeout=soon");
        assertThatThrownBy(() -> camel.getEndpoint("heathub:readings?colour=red")).hasStackTraceContaining("colour");
        assertThatThrownBy(() -> producer.sendBody("heathub:alarms", "[]")).hasStackTraceContaining("heathub:alarms is read-only");
    }

    private static Reading good(String device, String point, int i) {
        return Reading.good(device, point, BigDecimal.valueOf(i), Unit.CELSIUS, T0.plusSeconds(i));
    }

    private static void await(ThrowingCondition condition) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.met()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(20);
        }
    }

    @FunctionalInterface
    private interface ThrowingCondition {
        boolean met() throws Exception;
    }
}
