package io.heathub.control.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.heathub.api.Quality;
import io.heathub.api.Unit;
import io.heathub.calendar.section.CalendarSection;
import io.heathub.config.ConfigNode;
import io.heathub.control.ControlPlan;
import io.heathub.control.ControlPlanReader;
import io.heathub.control.runtime.api.ControlReport;
import io.heathub.core.site.SiteKeeper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The demo hub's {@code config/site.yaml} binding loads and regulates its simulated substation. */
class DemoSiteBindingTest {

    /** The repository's demo site, from this module's folder. */
    private static final Path DEMO_SITE = Path.of("../../config/site.yaml");

    @Test
    void theDemoBindingLoads() throws Exception {
        assertThat(DEMO_SITE).isRegularFile();
        ConfigNode root = ConfigNode.parse(DEMO_SITE);
        ControlPlan plan = ControlPlanReader.read(root);
        ControlBinding binding = ControlBindingReader.read(root);

        assertThat(plan.base().room().minimumRooms()).isEqualTo(12);
        assertThat(binding.outdoor()).hasValue(new ControlBinding.PointRef("plc-1", "temp.outdoor"));
        assertThat(binding.supply()).hasValue(new ControlBinding.Output("plc-1", "setpoint.supply", "setpoint.supply"));
        assertThat(binding.households()).hasSize(2);
        for (int panel = 1; panel <= 24; panel++) {
            String id = String.format(Locale.ROOT, "panel-%03d", panel);
            String zone = panel <= 12 ? "east" : "west";
            assertThat(binding.households()).filteredOn(g -> g.devices().matches(id))
                    .as(id).singleElement().satisfies(g -> assertThat(g.zone()).isEqualTo(zone));
        }
        assertThat(binding.households()).noneMatch(g -> g.devices().matches("panel-025") || g.devices().matches("plc-1"));
    }

    @Test
    void theDemoSiteSendsTheSupplyThePlantAndTheSitesProgramsAndNothingThePanelsAlreadyDo() throws Exception {
        // Monday 2026-11-23 10:00 in Shanghai, in the season
        FakeHub hub = new FakeHub(Instant.parse("2026-11-23T02:00:00Z"));
        hub.celsius("plc-1", "temp.outdoor", -5.0).celsius("plc-1", "setpoint.supply", 60.0)
                .celsius("plc-1", "temp.supply", 58.0).celsius("plc-1", "temp.return", 42.0);
        for (int panel = 1; panel <= 24; panel++) {
            String id = String.format(Locale.ROOT, "panel-%03d", panel);
            double room = 19.0 + panel % 4;
            double setpoint = 20.0 + 0.5 * (panel % 5);
            // what a station panel in 定温 mode shows: its own valve open below its setpoint, shut above
            hub.celsius(id, "temp.room", room).celsius(id, "setpoint.room", setpoint)
                    .reading(id, "valve.opening", room < setpoint ? 100 : 0, Unit.PERCENT, hub.clock.instant(), Quality.GOOD)
                    .reading(id, "thermostat.mode", 0, Unit.NONE, hub.clock.instant(), Quality.GOOD)
                    .reading(id, "setpoint.opening", 50, Unit.PERCENT, hub.clock.instant(), Quality.GOOD);
        }
        // the drives at 40 Hz, the boiler at 70 % load and 4 900 m³/h
        hub.reading("pump-east", "pump.frequency", 40, Unit.HERTZ, hub.clock.instant(), Quality.GOOD)
                .reading("pump-west", "pump.frequency", 40, Unit.HERTZ, hub.clock.instant(), Quality.GOOD)
                .reading("boiler-1", "setpoint.load", 70, Unit.PERCENT, hub.clock.instant(), Quality.GOOD);
        // the demo site as the hub reads it: core's site owner with control's section
        SiteKeeper sites = new SiteKeeper(driver -> Optional.empty(), hub.clock);
        sites.addSection(new ControlSection());
        sites.addSection(new CalendarSection());
        ControlReport report;
        try {
            sites.start(DEMO_SITE.getParent(), Duration.ZERO);
            assertThat(sites.problems()).isEmpty();
            ControlLoop loop = new ControlLoop(hub, hub, hub.clock);
            sites.subscribe(loop::apply);
            report = loop.runCycle().orElseThrow();
        } finally {
            sites.close();
        }

        assertThat(hub.commands).filteredOn(c -> c.device().equals("plc-1")).singleElement().satisfies(c -> {
            assertThat(c.point()).isEqualTo("setpoint.supply");
            // rate-limited from 60 by at most 2 °C a cycle
            assertThat(c.value().doubleValue()).isBetween(58.0, 62.0).isNotEqualTo(60.0);
        });
        // the site's programs (control.programs) written to their panels: 定时 for panel-003 and -015 with the
        // workday program's 18 °C at 10:00 on a Monday, 定流量 at 40 % for panel-007; the other 21 panels run
        // in 定温 with their own valves as they show them: nothing written to them
        assertThat(hub.commands).filteredOn(c -> c.device().startsWith("panel-"))
                .extracting(c -> c.device() + " " + c.point() + "=" + c.value().stripTrailingZeros().toPlainString())
                .containsExactlyInAnyOrder("panel-003 thermostat.mode=1", "panel-003 setpoint.room=18",
                        "panel-015 thermostat.mode=1", "panel-015 setpoint.room=18",
                        "panel-007 thermostat.mode=2", "panel-007 setpoint.opening=40", "panel-007 valve.opening=40");
        // Minle's season flow reaches boiler-1; its load stays at the base 70 % (-5 °C is not below -5 °C): not resent
        assertThat(hub.commands).filteredOn(c -> c.device().equals("boiler-1")).extracting(c -> c.point())
                .containsExactly("setpoint.flow");
        assertThat(report.decision("source.load").orElseThrow().value()).hasValue(70.0);
        assertThat(report.decision("source.load").orElseThrow().dispatch()).contains("nothing sent");
        assertThat(report.rooms().used()).isEqualTo(24);
        assertThat(report.supply().measuredSupply()).hasValue(58.0);
        assertThat(report.supply().measuredReturn()).hasValue(42.0);
        assertThat(report.decisions()).filteredOn(d -> d.output().startsWith("household/")).hasSizeGreaterThanOrEqualTo(48);
        assertThat(report.pumps()).extracting(ControlReport.Pump::zone).containsExactly("east", "west");
    }

    @Test
    void theDemoFileIsTheOneTheHubReads() throws Exception {
        // the control section sits in the same file the core loads: it must stay a valid YAML mapping
        assertThat(Files.readString(DEMO_SITE)).contains("\ncontrol:\n").contains("binding:");
    }
}
