package io.heathub.control.runtime;

import io.heathub.calendar.section.CalendarSection;
import static org.assertj.core.api.Assertions.assertThat;

import io.heathub.api.Quality;
import io.heathub.api.Unit;
import io.heathub.api.driver.Command;
import io.heathub.control.runtime.api.ControlReport;
import io.heathub.core.site.SiteKeeper;
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

/**
 * The three household modes live: set in the site ({@code control.programs}), written to the panels'
 * mode point, switched there by an operator's command (a new reading of the mode point), applied to
 * the panels' setpoints and valves, with the anti-freeze floor in every mode.
 */
class HouseholdModesTest {

    /** In the heating season, 10:00 in Shanghai: the office schedule says 21 °C. */
    private static final Instant T0 = Instant.parse("2026-11-23T02:00:00Z");

    private static final String SITE = """
            site: { id: test, zone: Asia/Shanghai }
            control:
              room: { minimumRooms: 1 }
              schedules:
                office:
                  - { days: all, from: "06:00", setpoint: 21 }
                  - { days: all, from: "22:00", setpoint: 17 }
              programs:
                panel-001: { mode: schedule, schedule: office, opening: 40 }
              binding:
                outdoor: { device: plc-1, point: temp.outdoor }
                households:
                  - devices: [panel-001, panel-002]
                    zone: east
                    setpoint: setpoint.room
                    valve: valve.opening
                    mode: thermostat.mode
                    fixedOpening: setpoint.opening
              dispatch: { retryAfter: 10m, resultTimeout: 2s }
            buses: [{ id: b, uri: "tcp://127.0.0.1:1" }]
            devices:
              - { id: plc-1, bus: b, driver: modbus, address: 1 }
              - { id: panel-001, bus: b, driver: modbus, address: 11 }
              - { id: panel-002, bus: b, driver: modbus, address: 12 }
            """;

    @TempDir
    Path dir;

    private FakeHub hub;
    private DefaultCamelContext camel;
    private ControlComponent control;
    private SiteKeeper sites;

    @BeforeEach
    void setUp() throws Exception {
        hub = new FakeHub(T0);
        camel = new DefaultCamelContext();
        Files.writeString(dir.resolve("site.yaml"), SITE);
        hub.celsius("plc-1", "temp.outdoor", -5.0);
        for (String panel : List.of("panel-001", "panel-002")) {
            panel(panel, 19.0, 20.0, 0, 0, 50);
        }
        sites = new SiteKeeper(driver -> Optional.empty(), hub.clock);
        sites.addSection(new ControlSection());
        sites.addSection(new CalendarSection()); // control takes its calendar from the site's one reader
        sites.start(dir, Duration.ZERO);
        control = new ControlComponent(hub, hub, hub, camel, sites, true, 3600, hub.clock);
    }

    @AfterEach
    void tearDown() {
        control.close();
        sites.close();
        camel.stop();
    }

    /** What a station panel shows: room, setpoint, mode, valve opening and fixed opening. */
    private void panel(String panel, double room, double setpoint, int mode, double valve, double fixedOpening) {
        hub.celsius(panel, "temp.room", room).celsius(panel, "setpoint.room", setpoint);
        point(panel, "thermostat.mode", mode, Unit.NONE);
        point(panel, "valve.opening", valve, Unit.PERCENT);
        point(panel, "setpoint.opening", fixedOpening, Unit.PERCENT);
    }

    private void point(String device, String point, double value, Unit unit) {
        hub.reading(device, point, value, unit, hub.clock.instant(), Quality.GOOD);
    }

    private ControlReport cycle() {
        hub.clock.advance(Duration.ofMinutes(1));
        hub.celsius("plc-1", "temp.outdoor", -5.0);
        return control.runCycle().orElseThrow();
    }

    private List<Double> sent(String device, String point) {
        return hub.commandsTo(device, point).stream().map(Command::value).map(v -> v.doubleValue()).toList();
    }

    @Test
    void theSitesModeReachesThePanelAndTheOperatorsSwitchIsFollowed() throws Exception {
        ControlReport first = cycle();
        // the site's program is written to panel-001: schedule mode (1) and the flow mode's opening
        assertThat(sent("panel-001", "thermostat.mode")).containsExactly(1.0);
        assertThat(sent("panel-001", "setpoint.opening")).containsExactly(40.0);
        assertThat(first.decision("household/panel-001/mode").orElseThrow().reason())
                .contains("control.programs.panel-001.mode, written to the panel (it shows temperature)");
        // the schedule's setpoint at 10:00 goes to the panel; the room is cold: the valve opens
        assertThat(sent("panel-001", "setpoint.room")).containsExactly(21.0);
        assertThat(first.decision("household/panel-001/setpoint").orElseThrow().reason()).contains("schedule mode");
        assertThat(sent("panel-001", "valve.opening")).containsExactly(100.0);
        // panel-002 has no program: by temperature at its own 20 °C, room 19 °C below the band
        assertThat(sent("panel-002", "thermostat.mode")).isEmpty();
        assertThat(sent("panel-002", "setpoint.room")).isEmpty();
        assertThat(sent("panel-002", "valve.opening")).containsExactly(100.0);

        // the panel now shows what was written (the fake hub turns a DONE command into the reading)
        cycle();
        assertThat(sent("panel-001", "thermostat.mode")).hasSize(1);
        assertThat(sent("panel-001", "setpoint.opening")).hasSize(1);

        // an operator switches panel-001 to the flow mode (thermostat.mode = 2 through the command path)
        point("panel-001", "thermostat.mode", 2, Unit.NONE);
        ControlReport flow = cycle();
        assertThat(sent("panel-001", "valve.opening")).containsExactly(100.0, 40.0);
        assertThat(flow.decision("household/panel-001/valve").orElseThrow().reason())
                .contains("fixed opening (flow mode) 40 %");
        assertThat(flow.decision("household/panel-001/setpoint").orElseThrow().action()).isEqualTo("HOLD");
        assertThat(sent("panel-001", "thermostat.mode")).as("the operator's choice is not overwritten").hasSize(1);

        // anti-freeze in the flow mode: the user closed the valve and the flat is freezing
        point("panel-001", "setpoint.opening", 0, Unit.PERCENT);
        hub.celsius("panel-001", "temp.room", 7.0);
        ControlReport freezing = cycle();
        assertThat(sent("panel-001", "valve.opening")).containsExactly(100.0, 40.0, 100.0);
        assertThat(freezing.decision("household/panel-001/valve").orElseThrow().reason()).contains("anti-freeze");

        // back to the temperature mode at the panel: its own setpoint (the schedule's last, 21 °C) rules
        point("panel-001", "thermostat.mode", 0, Unit.NONE);
        hub.celsius("panel-001", "temp.room", 22.0);
        ControlReport temperature = cycle();
        assertThat(temperature.decision("household/panel-001/valve").orElseThrow().reason())
                .contains("closed, room 22.0 °C > 21.5 °C (temperature mode)");
        assertThat(sent("panel-001", "valve.opening").get(sent("panel-001", "valve.opening").size() - 1)).isEqualTo(0.0);

        // an unrelated site edit writes nothing; a changed program is written again
        Files.writeString(dir.resolve("site.yaml"), SITE.replace("minimumRooms: 1", "minimumRooms: 2"));
        sites.checkNow();
        cycle();
        assertThat(sent("panel-001", "thermostat.mode")).hasSize(1);
        Files.writeString(dir.resolve("site.yaml"), SITE.replace("mode: schedule, schedule: office", "mode: flow, schedule: office"));
        sites.checkNow();
        ControlReport siteFlow = cycle();
        assertThat(sent("panel-001", "thermostat.mode")).containsExactly(1.0, 2.0);
        assertThat(siteFlow.decision("household/panel-001/valve").orElseThrow().reason()).contains("flow mode");
    }

    @Test
    void aModeWithoutWhatItNeedsFallsBackToTemperatureAndSaysSo() throws Exception {
        Files.writeString(dir.resolve("site.yaml"), SITE.replace(
                "    panel-001: { mode: schedule, schedule: office, opening: 40 }", "    panel-001: { }"));
        sites.checkNow();
        point("panel-001", "thermostat.mode", 1, Unit.NONE); // schedule mode at the panel, no schedule for it
        point("panel-002", "thermostat.mode", 7, Unit.NONE); // not a mode
        ControlReport report = cycle();
        assertThat(report.problems()).anySatisfy(p -> assertThat(p).contains("household panel-001 is in the schedule mode"
                + " but has no schedule").endsWith("by temperature"));
        assertThat(report.problems()).anySatisfy(p -> assertThat(p)
                .isEqualTo("household panel-002 thermostat.mode reads 7, not a mode (0 temperature, 1 schedule, 2 flow)"));
        assertThat(report.decision("household/panel-001/setpoint").orElseThrow().reason()).contains("temperature mode");
        assertThat(hub.commandsTo("panel-001", "thermostat.mode")).isEmpty();
    }
}
