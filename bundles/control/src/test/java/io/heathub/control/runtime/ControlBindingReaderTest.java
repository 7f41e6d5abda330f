package io.heathub.control.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.heathub.config.ConfigException;
import io.heathub.config.ConfigNode;
import io.heathub.control.ControlPlanReader;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ControlBindingReaderTest {

    private static ControlBinding read(String yaml) throws ConfigException {
        ConfigNode root = ConfigNode.parse("site.yaml", yaml);
        ControlPlanReader.read(root); // the engine's reader accepts the runtime's keys
        return ControlBindingReader.read(root);
    }

    @Test
    void everyKeyIsRead() throws Exception {
        ControlBinding b = read("""
                control:
                  binding:
                    outdoor: { device: plc-1, point: temp.outdoor }
                    forecast: { device: weather, point: temp.outdoor }
                    supply: { device: plc-1, point: setpoint.supply }
                    households:
                      - { pattern: "panel-\\\\d+", zone: a, setpoint: setpoint.room, valve: valve.opening, defaultSetpoint: 20 }
                    rooms:
                      - { devices: [sensor-1, sensor-2], zone: b, point: temp.air }
                    pumps:
                      a: { device: vfd-1, point: setpoint.frequency, feedback: pump.frequency }
                    sourceLoad: { device: boiler-1, point: setpoint.load }
                    feedbackMaxAge: 3m
                    forecastMaxPoints: 72
                  dispatch: { deadbands: { pump: 2 }, retryAfter: 1m, resultTimeout: 5s, decimals: 2 }
                """);
        assertThat(b.forecast()).hasValue(new ControlBinding.PointRef("weather", "temp.outdoor"));
        assertThat(b.households()).singleElement().satisfies(h -> {
            assertThat(h.devices().matches("panel-17")).isTrue();
            assertThat(h.devices().matches("xpanel-17")).isFalse();
            assertThat(h.valveFeedbackPoint()).hasValue("valve.opening");
            assertThat(h.defaultSetpoint()).hasValue(20.0);
            assertThat(h.userSetpoint()).isEqualTo("setpoint.room");
        });
        assertThat(b.rooms()).singleElement().satisfies(r -> {
            assertThat(r.devices().matches("sensor-2")).isTrue();
            assertThat(r.point()).isEqualTo("temp.air");
        });
        assertThat(b.pumps().get("a")).isEqualTo(new ControlBinding.Output("vfd-1", "setpoint.frequency", "pump.frequency"));
        assertThat(b.sourceLoad().orElseThrow().feedback()).isEqualTo("setpoint.load");
        assertThat(b.sourceFlow()).isEmpty();
        assertThat(b.feedbackMaxAge()).isEqualTo(Duration.ofMinutes(3));
        assertThat(b.forecastMaxPoints()).isEqualTo(72);
        assertThat(b.dispatch().deadbands().pump()).isEqualTo(2.0);
        assertThat(b.dispatch().deadbands().supply()).isEqualTo(0.5);
        assertThat(b.dispatch().decimals()).isEqualTo(2);
    }

    @Test
    void aPumpDeadbandThatSwallowsThePumpStepsIsRefused() throws Exception {
        ConfigNode root = ConfigNode.parse("site.yaml", """
                control:
                  pump: { raiseStepHz: 5, lowerStepHz: 3 }
                  binding:
                    pumps: { a: { device: vfd-1, point: setpoint.frequency } }
                  dispatch:
                    deadbands: { pump: 3 }
                """);
        assertThatThrownBy(() -> ControlBindingReader.checkAgainst(ControlPlanReader.read(root),
                ControlBindingReader.read(root), root))
                .hasMessageContaining("site.yaml:6:5: control.dispatch: deadbands.pump 3.0 Hz must be below the pump steps");
        ConfigNode fine = ConfigNode.parse("site.yaml", """
                control:
                  binding:
                    pumps: { a: { device: vfd-1, point: setpoint.frequency } }
                  dispatch:
                    deadbands: { pump: 2.5 }
                """);
        ControlBindingReader.checkAgainst(ControlPlanReader.read(fine), ControlBindingReader.read(fine), fine);
        assertThat(ControlBindingReader.read(fine).dispatch().deadbands().pump()).isEqualTo(2.5);
    }

    @Test
    void aSiteWithoutBindingBindsNothing() throws Exception {
        ControlBinding b = read("site: { id: x }\n");
        assertThat(b.outdoor()).isEmpty();
        assertThat(b.supply()).isEmpty();
        assertThat(b.households()).isEmpty();
    }

    @Test
    void errorsNameFileLineColumnAndField() {
        assertThatThrownBy(() -> read("""
                control:
                  binding:
                    outdor: { device: plc-1, point: temp.outdoor }
                """)).hasMessageContaining("site.yaml:3:5: control.binding.outdor: unknown field 'outdor'")
                .hasMessageContaining("did you mean 'outdoor'");
        assertThatThrownBy(() -> read("""
                control:
                  binding:
                    households:
                      - { pattern: "panel-(", zone: a }
                """)).hasMessageContaining("site.yaml:4:20: control.binding.households[0].pattern: not a regular expression");
        assertThatThrownBy(() -> read("""
                control:
                  binding:
                    rooms:
                      - { device: s-1, pattern: "s-.*", zone: a }
                """)).hasMessageContaining("site.yaml:4:9").hasMessageContaining("exactly one of device, devices");
        assertThatThrownBy(() -> read("""
                control:
                  binding:
                    households: [ { device: p-1, zone: a } ]
                    rooms: [ { devices: [s-1, p-1], zone: b } ]
                """)).hasMessageContaining("device 'p-1' is named in more than one");
        assertThatThrownBy(() -> read("""
                control:
                  dispatch:
                    deadbands: { supply: -1 }
                """)).hasMessageContaining("site.yaml:3:5: control.dispatch: deadbands must be finite and >= 0");
    }
}
