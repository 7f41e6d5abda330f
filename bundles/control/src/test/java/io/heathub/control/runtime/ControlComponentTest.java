package io.heathub.control.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.heathub.api.Quality;
import io.heathub.api.Unit;
import io.heathub.api.driver.Command;
import io.heathub.api.driver.CommandResult;
import io.heathub.calendar.section.CalendarSection;
import io.heathub.control.runtime.api.ControlReport;
import io.heathub.core.site.SiteKeeper;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loop without OSGi: a fake hub, a recording command path and a real Camel context. */
class ControlComponentTest {

    /** In the heating season (11-15–03-15), 10:00 in Shanghai. */
    private static final Instant T0 = Instant.parse("2026-11-23T02:00:00Z");

    private static final String SITE = """
            site: { id: test, zone: Asia/Shanghai }
            control:
              supply: { min: 20, max: 80, maxChangePerCycle: 50, maxChangePerHour: 500, fallback: 50 }
              room: { minimumRooms: 2 }
              binding:
                outdoor: { device: plc-1, point: temp.outdoor }
                supply: { device: plc-1, point: setpoint.supply }
                supplyTemperature: { device: plc-1, point: temp.supply }
                households:
                  - { devices: [panel-001, panel-002, panel-003], zone: east, setpoint: setpoint.room }
                feedbackMaxAge: 5m
              dispatch: { deadbands: { supply: 0.5 }, retryAfter: 10m, resultTimeout: 2s }
            buses: [{ id: b, uri: "tcp://127.0.0.1:1" }]
            devices:
              - { id: plc-1, bus: b, driver: modbus, address: 1 }
              - { id: vfd-1, bus: b, driver: modbus, address: 2 }
              - { id: panel-001, bus: b, driver: modbus, address: 11 }
              - { id: panel-002, bus: b, driver: modbus, address: 12 }
              - { id: panel-003, bus: b, driver: modbus, address: 13 }
              - { id: panel-004, bus: b, driver: modbus, address: 14 }
              - { id: panel-005, bus: b, driver: modbus, address: 15 }
            """;

    @TempDir
    Path dir;

    private FakeHub hub;
    private DefaultCamelContext camel;
    private ControlComponent control;
    /** Core's site owner, started by the first {@link #start}; edits are checked at once by {@link #edit}. */
    private SiteKeeper sites;

    @BeforeEach
    void setUp() throws Exception {
        hub = new FakeHub(T0);
        camel = new DefaultCamelContext();
        Files.writeString(dir.resolve("site.yaml"), SITE);
        for (String panel : List.of("panel-001", "panel-002", "panel-003")) {
            hub.celsius(panel, "temp.room", 19.0).celsius(panel, "setpoint.room", 20.0);
        }
    }

    @AfterEach
    void tearDown() {
        if (control != null) {
            control.close();
        }
        if (sites != null) {
            sites.close();
        }
        camel.stop();
    }

    /** A component whose timer is an hour away: the test runs the cycles. */
    private ControlComponent start() throws Exception {
        control = new ControlComponent(hub, hub, hub, camel, sites(), true, 3600, hub.clock);
        return control;
    }

    /** Core's site owner with control's section reader, on the test's folder. */
    private SiteKeeper sites() {
        if (sites == null) {
            sites = new SiteKeeper(driver -> Optional.empty(), hub.clock);
            sites.addSection(new ControlSection());
            sites.addSection(new CalendarSection());
            sites.start(dir, Duration.ZERO);
        }
        return sites;
    }

    /** Writes the site file; once the site owner runs, it checks the edit at once. */
    private void edit(String yaml) throws Exception {
        Files.writeString(dir.resolve("site.yaml"), yaml);
        if (sites != null) {
            sites.checkNow();
        }
    }

    private List<Command> supplyCommands() {
        return hub.commandsTo("plc-1", "setpoint.supply");
    }

    @Test
    void coldOutdoorRaisesTheSupplySetpoint() throws Exception {
        hub.celsius("plc-1", "temp.outdoor", -15.0).celsius("plc-1", "setpoint.supply", 50.0);
        ControlReport report = start().runCycle().orElseThrow();

        assertThat(supplyCommands()).hasSize(1);
        Command command = supplyCommands().get(0);
        assertThat(command.requestedBy()).isEqualTo("control");
        assertThat(command.value()).isGreaterThanOrEqualTo(new BigDecimal("70")).isLessThanOrEqualTo(new BigDecimal("80"));
        assertThat(report.supply().action()).isEqualTo("SET");
        assertThat(report.supply().current()).hasValue(50.0);
        assertThat(report.supply().reasonChain().get(0)).startsWith("curve ").contains("-15.0 °C");
        assertThat(report.supply().reasonChain()).last().asString().startsWith("sent control-");
        assertThat(report.commands()).singleElement().satisfies(c -> {
            assertThat(c.status()).isEqualTo("DONE");
            assertThat(c.value()).isEqualByComparingTo(command.value());
        });
        assertThat(report.outdoor().raw()).hasValue(-15.0);
        assertThat(report.outdoor().stale()).isFalse();
        assertThat(report.dayKind()).isEqualTo("season");
        assertThat(report.rooms().used()).isEqualTo(3);
        assertThat(report.rooms().value()).hasValue(19.0);
        // the panels' setpoints are inside the utility's bounds: nothing to write there
        assertThat(hub.commandsTo("panel-001", "setpoint.room")).isEmpty();
    }

    @Test
    void staleOutdoorHoldsTheLastSafeSetpointWithoutAWildCommand() throws Exception {
        hub.celsius("plc-1", "temp.outdoor", -15.0).celsius("plc-1", "setpoint.supply", 50.0);
        start().runCycle();
        assertThat(supplyCommands()).hasSize(1);
        BigDecimal safe = supplyCommands().get(0).value();

        hub.clock.advance(Duration.ofMinutes(45)); // past outdoor.maxAge (30 min)
        hub.celsius("plc-1", "setpoint.supply", safe.doubleValue());
        // the sensor now claims a wild value, flagged SUSPECT by validation
        hub.reading("plc-1", "temp.outdoor", 45.0, Unit.CELSIUS, hub.clock.instant(), Quality.SUSPECT);
        ControlReport report = control.runCycle().orElseThrow();

        assertThat(supplyCommands()).hasSize(1);
        assertThat(report.commands()).isEmpty();
        assertThat(report.outdoor().stale()).isTrue();
        assertThat(report.supply().action()).isEqualTo("HOLD");
        assertThat(report.supply().setpoint().getAsDouble()).isEqualTo(safe.doubleValue());
        assertThat(report.supply().reason()).contains("last safe setpoint");
        assertThat(report.problems()).anySatisfy(p -> assertThat(p).contains("plc-1 temp.outdoor").contains("SUSPECT"));
    }

    @Test
    void aRefusedCommandIsReportedWithItsReasonAndNotResentAtOnce() throws Exception {
        hub.answer = c -> CommandResult.refused(c.requestId(), "setpoint.supply " + c.value().toPlainString()
                + " is outside the site's bounds 20..70 (site.yaml commands.bounds)");
        hub.celsius("plc-1", "temp.outdoor", -15.0).celsius("plc-1", "setpoint.supply", 50.0);
        ControlReport report = start().runCycle().orElseThrow();

        assertThat(report.commands()).singleElement().satisfies(c -> {
            assertThat(c.status()).isEqualTo("REFUSED");
            assertThat(c.message()).contains("outside the site's bounds 20..70");
            assertThat(c.device()).isEqualTo("plc-1");
            assertThat(c.point()).isEqualTo("setpoint.supply");
        });

        // 6 min later the engine (500 °C/h) wants the same value again: not resent within retryAfter (10 min)
        hub.clock.advance(Duration.ofMinutes(6));
        hub.celsius("plc-1", "temp.outdoor", -15.0).celsius("plc-1", "setpoint.supply", 50.0);
        ControlReport next = control.runCycle().orElseThrow();
        assertThat(next.supply().setpoint().getAsDouble())
                .isCloseTo(report.supply().setpoint().getAsDouble(), org.assertj.core.data.Offset.offset(0.5));
        assertThat(supplyCommands()).hasSize(1);
        assertThat(next.decision("supply").orElseThrow().dispatch()).startsWith("not resent").contains("REFUSED");

        hub.clock.advance(Duration.ofMinutes(5)); // retryAfter passed
        hub.celsius("plc-1", "temp.outdoor", -15.0).celsius("plc-1", "setpoint.supply", 50.0);
        control.runCycle();
        assertThat(supplyCommands()).hasSize(2);
    }

    @Test
    void unchangedOutputsWithinTheDeadbandSendNothing() throws Exception {
        hub.celsius("plc-1", "temp.outdoor", 0.0).celsius("plc-1", "setpoint.supply", 50.0);
        start().runCycle();
        assertThat(supplyCommands()).hasSize(1);

        hub.clock.advance(Duration.ofMinutes(10));
        hub.celsius("plc-1", "temp.outdoor", 0.8);
        ControlReport steady = control.runCycle().orElseThrow();
        double sent = supplyCommands().get(0).value().doubleValue();
        // the engine did move, but by less than the deadband
        assertThat(Math.abs(steady.supply().setpoint().getAsDouble() - sent)).isBetween(0.1, 0.5);
        assertThat(supplyCommands()).hasSize(1);
        assertThat(steady.commands()).isEmpty();
        assertThat(steady.decision("supply").orElseThrow().dispatch()).startsWith("within deadband ±0.5");

        // a real change does go out
        hub.clock.advance(Duration.ofMinutes(30));
        hub.celsius("plc-1", "temp.outdoor", -6.0);
        control.runCycle();
        assertThat(supplyCommands()).hasSize(2);
        assertThat(supplyCommands().get(1).value()).isGreaterThan(supplyCommands().get(0).value());
    }

    @Test
    void slowRateLimitedStepsAddUpToCommandsBeyondTheDeadband() throws Exception {
        // the defaults: 2 °C a cycle and 6 °C an hour, i.e. 0.1 °C a minute, below the 0.5 °C deadband
        edit(SITE.replace("maxChangePerCycle: 50, maxChangePerHour: 500",
                "maxChangePerCycle: 2, maxChangePerHour: 6"));
        hub.celsius("plc-1", "temp.outdoor", -15.0).celsius("plc-1", "setpoint.supply", 50.0);
        start().runCycle();
        for (int minute = 1; minute <= 20; minute++) {
            hub.clock.advance(Duration.ofMinutes(1));
            hub.celsius("plc-1", "temp.outdoor", -15.0);
            control.runCycle();
        }
        List<Double> sent = supplyCommands().stream().map(c -> c.value().doubleValue()).toList();
        // 52 at once, then +0.1 a minute: a command each time the ramp leaves the deadband (about every 6 minutes)
        assertThat(sent).hasSizeBetween(3, 5).first().isEqualTo(52.0);
        assertThat(sent.get(sent.size() - 1)).isCloseTo(54.0, org.assertj.core.data.Offset.offset(0.5));
        for (int i = 1; i < sent.size(); i++) {
            assertThat(sent.get(i) - sent.get(i - 1)).isGreaterThan(0.5).isLessThanOrEqualTo(0.7);
        }
    }

    @Test
    void aColdZoneRaisesItsPumpThroughTheCommandPath() throws Exception {
        edit(SITE.replace("    feedbackMaxAge: 5m",
                "    pumps: { east: { device: vfd-1, point: setpoint.frequency, feedback: pump.frequency } }\n"
                        + "    feedbackMaxAge: 5m"));
        hub.celsius("plc-1", "temp.outdoor", -5.0).celsius("plc-1", "setpoint.supply", 60.0);
        hub.reading("vfd-1", "pump.frequency", 30.0, Unit.HERTZ, T0, Quality.GOOD);
        for (String panel : List.of("panel-001", "panel-002", "panel-003", "panel-004", "panel-005")) {
            hub.celsius(panel, "temp.room", 16.5).celsius(panel, "setpoint.room", 20.0);
        }
        edit(Files.readString(dir.resolve("site.yaml"))
                .replace("[panel-001, panel-002, panel-003]", "[panel-001, panel-002, panel-003, panel-004, panel-005]"));
        ControlReport report = start().runCycle().orElseThrow();

        assertThat(hub.commandsTo("vfd-1", "setpoint.frequency")).singleElement()
                .satisfies(c -> assertThat(c.value()).isEqualByComparingTo("35.0"));
        assertThat(report.pumps()).singleElement().satisfies(p -> {
            assertThat(p.zone()).isEqualTo("east");
            assertThat(p.currentHz()).hasValue(30.0);
            assertThat(p.hz()).hasValue(35.0);
        });
    }

    @Test
    void aBrokenSiteFileKeepsTheLastGoodPlan() throws Exception {
        hub.celsius("plc-1", "temp.outdoor", -15.0).celsius("plc-1", "setpoint.supply", 50.0);
        start().runCycle();
        assertThat(supplyCommands().get(0).value()).isGreaterThan(new BigDecimal("70"));
        assertThat(control.configProblems()).isEmpty();

        // line 3: min above max
        edit(SITE.replace("{ min: 20, max: 80,", "{ min: 90, max: 20,"));
        hub.clock.advance(Duration.ofMinutes(10));
        hub.celsius("plc-1", "temp.outdoor", -15.0).celsius("plc-1", "setpoint.supply", 40.0);
        ControlReport report = control.runCycle().orElseThrow();
        assertThat(control.configProblems()).singleElement().asString()
                .contains("site.yaml:3:").contains("control.supply");
        assertThat(report.cycle()).isEqualTo(2);
        assertThat(supplyCommands()).hasSize(2);
        assertThat(supplyCommands().get(1).value()).isGreaterThan(new BigDecimal("70")).isLessThanOrEqualTo(new BigDecimal("80"));

        // fixed with a lower maximum: the new plan applies, the problem is gone
        edit(SITE.replace("max: 80,", "max: 60,"));
        hub.clock.advance(Duration.ofMinutes(10));
        hub.celsius("plc-1", "temp.outdoor", -15.0).celsius("plc-1", "setpoint.supply", 40.0);
        control.runCycle();
        assertThat(control.configProblems()).isEmpty();
        assertThat(supplyCommands()).hasSize(3);
        assertThat(supplyCommands().get(2).value()).isEqualByComparingTo("60.0");
    }

    @Test
    void noValidPlanAtStartMeansNoCycleAndAReportedProblem() throws Exception {
        edit(SITE.replace("zone: east,", "zone: east, colour: red,"));
        hub.celsius("plc-1", "temp.outdoor", -15.0).celsius("plc-1", "setpoint.supply", 50.0);
        assertThat(start().runCycle()).isEmpty();
        assertThat(control.last()).isEmpty();
        assertThat(hub.commands).isEmpty();
        assertThat(control.configProblems()).singleElement().asString()
                .contains("site.yaml:10:").contains("unknown field 'colour'");
    }

    @Test
    void aUserSetpointOutsideTheUtilityBoundsIsWrittenBackBounded() throws Exception {
        hub.celsius("plc-1", "temp.outdoor", -5.0).celsius("plc-1", "setpoint.supply", 60.0);
        hub.celsius("panel-002", "setpoint.room", 28.0);
        ControlReport report = start().runCycle().orElseThrow();

        assertThat(hub.commandsTo("panel-002", "setpoint.room")).singleElement()
                .satisfies(c -> assertThat(c.value()).isEqualByComparingTo("24.0"));
        assertThat(hub.commandsTo("panel-001", "setpoint.room")).isEmpty();
        assertThat(report.decision("household/panel-002/setpoint").orElseThrow().reason()).contains("clamped");
        // no valve point bound: the valve decision is recorded, not sent
        assertThat(report.decision("household/panel-002/valve").orElseThrow().dispatch())
                .isIn("not bound in control.binding: nothing sent", "hold: nothing sent");
    }

    @Test
    void pushedForecastPointsShiftTheOutdoorInput() throws Exception {
        String withForecast = SITE.replace("    feedbackMaxAge: 5m",
                "    forecast: { device: forecast, point: temp.outdoor }\n    feedbackMaxAge: 5m");
        edit(withForecast);
        hub.celsius("plc-1", "temp.outdoor", 0.0).celsius("plc-1", "setpoint.supply", 50.0);
        start();
        hub.accepted(List.of(
                forecast(T0.plus(Duration.ofHours(3)), -10.0), forecast(T0.plus(Duration.ofHours(6)), -10.0),
                forecast(T0.minus(Duration.ofHours(1)), 30.0),       // in the past: ignored
                forecast(T0.plus(Duration.ofHours(49)), 30.0)));     // beyond the 48 h look-ahead
        ControlReport report = control.runCycle().orElseThrow();

        assertThat(report.outdoor().forecast()).hasValue(-10.0);
        assertThat(report.outdoor().forecastPoints()).isEqualTo(2);
        assertThat(report.outdoor().effective().getAsDouble()).isCloseTo(-3.0, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void aColdFrontInTheForecastRaisesTheSupplyBeforeItArrives() throws Exception {
        edit(SITE.replace("    feedbackMaxAge: 5m", "    forecast: { device: forecast, point: temp.outdoor }\n    feedbackMaxAge: 5m"));
        hub.celsius("plc-1", "temp.outdoor", 0.0).celsius("plc-1", "setpoint.supply", 50.0);
        ControlReport before = start().runCycle().orElseThrow();
        double withoutForecast = before.supply().setpoint().getAsDouble();
        assertThat(before.outdoor().forecastPoints()).isZero();

        // the forecast arrives (as heathub:forecast journals it): mild for 12 h, then -18 °C for the next 36 h
        List<io.heathub.api.Reading> front = new java.util.ArrayList<>();
        for (int h = 1; h <= 48; h++) {
            front.add(forecast(T0.plus(Duration.ofHours(h)), h <= 12 ? 0.0 : -18.0));
        }
        hub.accepted(front);
        hub.clock.advance(Duration.ofMinutes(1));
        hub.celsius("plc-1", "temp.outdoor", 0.0).celsius("plc-1", "setpoint.supply", withoutForecast);
        ControlReport after = control.runCycle().orElseThrow();

        System.out.printf("forecast: supply %.1f °C without, %.1f °C with a -18 °C front in 12 h (forecast mean %.1f °C)%n",
                withoutForecast, after.supply().setpoint().getAsDouble(), after.outdoor().forecast().getAsDouble());
        // still 0 °C outside, 12 h before the cold: the supply goes up now
        assertThat(after.outdoor().raw()).hasValue(0.0);
        assertThat(after.outdoor().forecastPoints()).isEqualTo(48);   // all inside the 48 h look-ahead
        assertThat(after.outdoor().forecast().getAsDouble()).isLessThan(-13.0);
        assertThat(after.supply().setpoint().getAsDouble()).isGreaterThan(withoutForecast + 3.0);
        assertThat(supplyCommands()).last().satisfies(c -> assertThat(c.value().doubleValue()).isGreaterThan(withoutForecast + 3.0));
        assertThat(after.supply().reasonChain().get(0)).contains("forecast mean");
    }

    private static io.heathub.api.Reading forecast(Instant time, double value) {
        return io.heathub.api.Reading.good("forecast", "temp.outdoor", BigDecimal.valueOf(value), Unit.CELSIUS, time);
    }

    @Test
    void theCamelTimerRunsCycles() throws Exception {
        hub.celsius("plc-1", "temp.outdoor", -15.0).celsius("plc-1", "setpoint.supply", 50.0);
        control = new ControlComponent(hub, hub, hub, camel, sites(), true, 1, hub.clock);
        camel.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (control.last().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(control.last()).isPresent();
        assertThat(camel.getRoute(ControlComponent.ROUTE_ID)).isNotNull();
        assertThat(supplyCommands()).isNotEmpty();
        control.close();
        assertThat(camel.getRoute(ControlComponent.ROUTE_ID)).isNull();
        control = null;
    }

    @Test
    void aDisabledLoopAddsNoRoute() throws Exception {
        control = new ControlComponent(hub, hub, hub, camel, sites(), false, 1, hub.clock);
        assertThat(camel.getRoute(ControlComponent.ROUTE_ID)).isNull();
        assertThat(control.last()).isEmpty();
    }

    @Test
    void theRoomTrimAndTheLastSafeSetpointSurviveARestart() throws Exception {
        ControlStateFile stateFile = new ControlStateFile(dir.resolve("data/control/state.properties"));
        control = new ControlComponent(hub, hub, hub, camel, sites(), true, 3600, hub.clock, stateFile);
        // cold rooms for an hour: the trim integrates upward
        for (int cycle = 0; cycle < 4; cycle++) {
            hub.celsius("plc-1", "temp.outdoor", -5.0).celsius("plc-1", "setpoint.supply", 55.0);
            for (String panel : List.of("panel-001", "panel-002", "panel-003")) {
                hub.celsius(panel, "temp.room", 16.0);
            }
            control.runCycle();
            hub.clock.advance(Duration.ofMinutes(20));
        }
        double trimBefore = control.last().orElseThrow().trim();
        assertThat(trimBefore).isPositive();
        control.close();

        // the restarted loop goes on from that trim; a loop without the file starts from zero
        hub.celsius("plc-1", "temp.outdoor", -5.0);
        for (String panel : List.of("panel-001", "panel-002", "panel-003")) {
            hub.celsius(panel, "temp.room", 16.0);
        }
        control = new ControlComponent(hub, hub, hub, camel, sites(), true, 3600, hub.clock,
                new ControlStateFile(dir.resolve("data/control/state.properties")));
        assertThat(control.runCycle().orElseThrow().trim()).isGreaterThanOrEqualTo(trimBefore);
        control.close();
        control = new ControlComponent(hub, hub, hub, camel, sites(), true, 3600, hub.clock);
        assertThat(control.runCycle().orElseThrow().trim()).isLessThan(trimBefore);
    }

    @Test
    void anUnreadableStateFileIsReportedAndTheEngineStartsFresh() throws Exception {
        Path file = dir.resolve("state.properties");
        Files.writeString(file, "trim.value=warm\n");
        assertThat(new ControlStateFile(file).read()).isEmpty();
        Files.writeString(file, "trim.value=1.5\ntrim.lastUpdate=2026-11-23T02:00:00Z\nsupply.value=61.5\n"
                + "supply.time=2026-11-23T02:00:00Z\nzone.east.mode=COLD\n");
        io.heathub.control.ControlState state = new ControlStateFile(file).read().orElseThrow();
        assertThat(state.trim().trim()).isEqualTo(1.5);
        assertThat(state.lastSupply().orElseThrow().value()).isEqualTo(61.5);
        assertThat(state.zones().get("east").mode()).isEqualTo(io.heathub.control.PumpZoneRule.Mode.COLD);
        assertThat(ControlStateFile.format(state)).containsEntry("zone.east.mode", "COLD").containsEntry("trim.value", "1.5");
    }
}
