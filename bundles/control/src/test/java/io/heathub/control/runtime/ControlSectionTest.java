package io.heathub.control.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.heathub.config.ConfigException;
import io.heathub.config.ConfigNode;
import io.heathub.config.ConfigProblems;
import io.heathub.config.site.CommandPolicy;
import io.heathub.config.site.SiteContext;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Control's section reader as core's site owner calls it: its own keys, the site's zone and devices. */
class ControlSectionTest {
    private static final SiteContext CONTEXT = new SiteContext(Path.of("/site"), Path.of("/site/site.yaml"), "s",
            ZoneId.of("Asia/Harbin"), Set.of("plc-1", "panel-001", "vfd-east"));

    private static ControlSite read(String yaml) throws ConfigException {
        ConfigNode root = ConfigNode.parse("site.yaml", yaml);
        return new ControlSection().read(root.select(List.of("control")), CONTEXT);
    }

    private static List<String> problems(String yaml) {
        try {
            read(yaml);
        } catch (ConfigException e) {
            return ConfigProblems.all(e).stream().map(ConfigException::getMessage).toList();
        }
        throw new AssertionError("no problem found in\n" + yaml);
    }

    @Test
    void withoutAControlSectionTheDefaultsRunInTheSiteZone() throws Exception {
        ControlSite site = read("site: { zone: Asia/Shanghai }\n");
        assertThat(site.plan().base().siteZone()).isEqualTo(ZoneId.of("Asia/Harbin"));
        assertThat(site.binding()).isEqualTo(ControlBinding.none());
    }

    @Test
    void everyProblemOfEveryPartIsReportedInOnePass() {
        assertThat(problems("""
                control:
                  supply: { min: 90, max: 20 }
                  pump: { raiseStepHz: lots }
                  binding:
                    outdor: { device: plc-1, point: temp.outdoor }
                    supply: { device: plc1, point: setpoint.supply }
                    households:
                      - { devices: [panel-001, panel-009], zone: east, setpoint: setpoint.room }
                    pumps: { east: { device: vfd-east, point: setpoint.frequency, feedbak: pump.frequency } }
                  dispatch: { retryAfter: never }
                """)).containsExactlyInAnyOrder(
                "site.yaml:2:11: control.supply: limits must be finite with min <= max, got [90.0, 20.0]",
                "site.yaml:3:24: control.pump.raiseStepHz: expected a number, got \"lots\"",
                "site.yaml:5:5: control.binding.outdor: unknown field 'outdor' (did you mean 'outdoor'?)",
                "site.yaml:9:67: control.binding.pumps.east.feedbak: unknown field 'feedbak' (did you mean 'feedback'?)",
                "site.yaml:10:27: control.dispatch.retryAfter: expected a duration like 10s, 500ms or 5m, got \"never\"",
                "site.yaml:6:23: control.binding.supply.device: no device 'plc1' in devices: (did you mean 'plc-1'?);"
                        + " commands to it could not be delivered",
                "site.yaml:8:32: control.binding.households[0].devices[1]: no device 'panel-009' in devices: (did you mean 'panel-001'?);"
                        + " commands to it could not be delivered");
    }

    @Test
    void readingOnlyHouseholdsNeedNotBeDevicesOfTheSite() throws Exception {
        // rooms read from elsewhere (e.g. pushed over REST) are fine as long as nothing is written to them
        ControlSite site = read("""
                control:
                  binding:
                    households: [{ devices: [flat-7], zone: east }]
                """);
        assertThat(site.binding().households()).singleElement()
                .satisfies(g -> assertThat(g.devices().matches("flat-7")).isTrue());
    }

    @Test
    void theSameTextReadsIntoAnEqualSection() throws Exception {
        String yaml = "control:\n  binding:\n    households: [{ pattern: \"panel-0.*\", zone: east }]\n";
        assertThat(read(yaml)).isEqualTo(read(yaml));
    }

    @Test
    void aReaderProblemWithoutAPlaceOfItsOwnIsPlacedAtTheSection() {
        assertThatThrownBy(() -> read("control:\n  binding:\n    pumps: { east: { device: vfd-east, point: hz } }\n"
                + "  dispatch: { deadbands: { pump: 9 } }\n"))
                .hasMessageContaining("site.yaml:4:13: control.dispatch: deadbands.pump 9.0 Hz must be below the pump steps");
    }

    private static List<String> warnings(String yaml, CommandPolicy commands) throws ConfigException {
        return warnings(yaml, CONTEXT.deviceIds(), commands);
    }

    private static List<String> warnings(String yaml, Set<String> devices, CommandPolicy commands) throws ConfigException {
        ConfigNode sections = ConfigNode.parse("site.yaml", yaml).select(List.of("control"));
        SiteContext context = new SiteContext(CONTEXT.folder(), CONTEXT.file(), "s", CONTEXT.zone(), devices, commands);
        ControlSection reader = new ControlSection();
        return reader.warnings(reader.read(sections, context), sections, context).stream()
                .map(ConfigException::getMessage).toList();
    }

    private static CommandPolicy.Range range(String min, String max) {
        return new CommandPolicy.Range(new BigDecimal(min), new BigDecimal(max));
    }

    @Test
    void outputLimitsOutsideTheCommandBoundsOfTheirPointAreWarnedAtTheOutput() throws Exception {
        String yaml = """
                control:
                  pump: { minHz: 20, maxHz: 50 }
                  sets:
                    season: { supply: { min: 25, max: 90 } }
                  binding:
                    supply: { device: plc-1, point: setpoint.supply }
                    pumps: { east: { device: vfd-east, point: setpoint.frequency } }
                    households: [{ devices: [panel-001], zone: east, setpoint: setpoint.room }]
                """;
        CommandPolicy bounds = new CommandPolicy(12, Map.of("setpoint.supply", range("30", "85"),
                "setpoint.frequency", range("20", "50"), "setpoint.room", range("18", "22")));
        assertThat(warnings(yaml, bounds)).containsExactly(
                "site.yaml:6:13: control.binding.supply: the engine decides setpoint.supply within 20–80 °C (control.supply)"
                        + " and 25–90 °C (control.sets.season.supply) but commands.bounds.setpoint.supply allows 30–85:"
                        + " values outside are refused at every cycle; narrow those ranges or widen the bound",
                "site.yaml:8:64: control.binding.households[0].setpoint: the engine decides setpoint.room within 16–24 °C"
                        + " (control.thermostat) but commands.bounds.setpoint.room allows 18–22: values outside are"
                        + " refused at every cycle; narrow that range or widen the bound");
        // within the bounds, or no bound for the point: nothing to say
        assertThat(warnings(yaml.replace("min: 25, max: 90", "min: 30, max: 85"), new CommandPolicy(12, Map.of(
                "setpoint.supply", range("20", "90"), "setpoint.room", range("16", "24"))))).isEmpty();
        assertThat(warnings(yaml, CommandPolicy.DEFAULT)).isEmpty();
    }

    @Test
    void programsNameHouseholdsOfTheSiteAndModePointsAreCheckedAgainstTheirBounds() throws Exception {
        assertThat(problems("""
                control:
                  programs:
                    panel-001: { mode: temperature }
                    panel-01: { mode: flow, opening: 40 }
                """)).containsExactly("site.yaml:4:15: control.programs.panel-01: no household 'panel-01': a household is"
                + " the device id of its panel, and devices: has none such (did you mean 'panel-001'?)");
        String yaml = """
                control:
                  binding:
                    households:
                      - { devices: [panel-001], zone: east, valve: valve.opening, mode: thermostat.mode, fixedOpening: setpoint.opening }
                """;
        CommandPolicy bounds = new CommandPolicy(12, Map.of("thermostat.mode", range("0", "1"),
                "valve.opening", range("0", "100"), "setpoint.opening", range("10", "100")));
        assertThat(warnings(yaml, bounds)).hasSize(2)
                .anySatisfy(w -> assertThat(w).contains("households[0].mode: the engine decides thermostat.mode within 0–2")
                        .contains("commands.bounds.thermostat.mode allows 0–1"))
                .anySatisfy(w -> assertThat(w).contains("households[0].fixedOpening: the engine decides setpoint.opening"
                        + " within 0–100 % (control.thermostat)"));
    }

    @Test
    void theShippedDemoSiteKeepsEveryOutputWithinItsBounds() throws Exception {
        String demo = Files.readString(Path.of("../../config/site.yaml"));
        // the demo's commands: section, as core reads it
        CommandPolicy bounds = new CommandPolicy(12, Map.of("setpoint.room", range("16", "24"),
                "setpoint.supply", range("30", "85"), "thermostat.mode", range("0", "2"), "valve.opening", range("0", "100"),
                "setpoint.opening", range("0", "100"), "setpoint.frequency", range("25", "50"),
                "setpoint.load", range("30", "100"), "setpoint.flow", range("0", "6000")));
        assertThat(demo).contains("setpoint.supply: { min: 30, max: 85 }").contains("setpoint.room: { min: 16, max: 24 }")
                .contains("thermostat.mode: { min: 0, max: 2 }").contains("setpoint.frequency: { min: 25, max: 50 }")
                .contains("setpoint.load: { min: 30, max: 100 }").contains("setpoint.flow: { min: 0, max: 6000 }");
        // the demo's devices, as core gives them to the section
        Set<String> devices = new java.util.TreeSet<>();
        for (ConfigNode device : ConfigNode.parse("site.yaml", demo).list("devices")) {
            devices.add(device.string("id"));
        }
        assertThat(devices).contains("plc-1", "boiler-1", "pump-east", "pump-west", "panel-024", "heat-b1");
        assertThat(warnings(demo, devices, bounds)).isEmpty();
    }
}
