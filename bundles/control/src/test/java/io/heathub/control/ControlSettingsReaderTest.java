package io.heathub.control;

import io.heathub.config.ConfigException;
import io.heathub.config.ConfigNode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ControlSettingsReaderTest {

    private static ControlSettings read(String yaml) throws ConfigException {
        return ControlSettingsReader.read(ConfigNode.parse("site.yaml", yaml).get("control"));
    }

    @Test
    void emptyControlNodeGivesTheDefaults() throws ConfigException {
        assertThat(read("control: {}\n")).isEqualTo(ControlSettings.defaults());
    }

    @Test
    void everyGroupIsRead() throws ConfigException {
        ControlSettings settings = read("""
                control:
                  siteZone: Asia/Harbin
                  curve: { type: quality, roomDesign: 18, designOutdoor: -24, designSupply: 85, designReturn: 60,
                           radiatorExponent: 0.3, minimumSupply: 25, extrapolateBelowDesign: true }
                  supply: { min: 25, max: 90, maxChangePerCycle: 1.5, maxChangePerHour: 5, fallback: 55 }
                  outdoor: { timeConstant: 2h, maxAge: 20m, plausibleMin: -50, plausibleMax: 50, forecastWeight: 0.5,
                             forecastLookAhead: 24h }
                  room:
                    percentile: 5
                    maxAge: 45m
                    minimumRooms: 30
                    target: 20
                    targetBands: [ { outdoorBelow: -10, target: 18 } ]
                    gainPerHour: 0.3
                    maxTrim: 6
                    maxIntegrationStep: 10m
                  pump: { lowBand: 18, highBand: 22, hysteresis: 0.3, raiseStepHz: 8, lowerStepHz: 4, minHz: 20,
                          maxHz: 48, dwell: 45m, minimumRooms: 3, percentile: 20 }
                  source: { baseLoad: 60, coldBelow: -5, coldStep: 15, warmAbove: 5, warmStep: 12, min: 20, max: 100,
                            maxChangePerCycle: 3, maxChangePerHour: 10 }
                  flow:
                    min: 0
                    max: 5000
                    periods:
                      - { from: 10-20, to: 11-30, flow: 4200 }
                      - { from: 12-01, to: 03-10, flow: 4800 }
                """);
        assertThat(settings.siteZone()).isEqualTo(ZoneId.of("Asia/Harbin"));
        assertThat(settings.curve()).isEqualTo(new QualityRegulationCurve(18, -24, 85, 60, 0.3, 25, true));
        assertThat(settings.supply()).isEqualTo(new ControlSettings.Supply(new Limits(25, 90), new RateLimit(1.5, 5), 55));
        assertThat(settings.outdoor().timeConstant()).isEqualTo(Duration.ofHours(2));
        assertThat(settings.outdoor().forecastWeight()).isEqualTo(0.5);
        assertThat(settings.room().target()).isEqualTo(new ControlSettings.RoomTarget(20,
                List.of(new ControlSettings.TargetBand(-10, 18))));
        assertThat(settings.room().plausible()).isEqualTo(new Limits(0, 40)); // not given: default
        assertThat(settings.pump()).isEqualTo(new ControlSettings.Pump(20, 3, 18, 22, 0.3, 8, 4, new Limits(20, 48),
                Duration.ofMinutes(45)));
        assertThat(settings.source().coldStep()).isEqualTo(15.0);
        assertThat(settings.flow().periodOn(LocalDate.of(2027, 1, 10)).orElseThrow().flow()).isEqualTo(4800.0);
        assertThat(settings.flow().periodOn(LocalDate.of(2026, 11, 30)).orElseThrow().flow()).isEqualTo(4200.0);
    }

    @Test
    void pointsCurve() throws ConfigException {
        ControlSettings settings = read("""
                control:
                  curve:
                    type: points
                    points: [ { outdoor: -20, supply: 80 }, { outdoor: 15, supply: 35 } ]
                """);
        assertThat(settings.curve()).isEqualTo(PiecewiseLinearCurve.of(-20, 80, 15, 35));
    }

    @Test
    void errorsNameFileLineAndField() {
        assertThatThrownBy(() -> read("control:\n  pump: { minHz: 30, maxHz: 20 }\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("site.yaml:2")
                .hasMessageContaining("control.pump").hasMessageContaining("min <= max");
        assertThatThrownBy(() -> read("control:\n  curve:\n    type: points\n    points: [ { outdoor: 5, supply: 60 }, { outdoor: 5, supply: 50 } ]\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("site.yaml:3")
                .hasMessageContaining("strictly increasing");
        assertThatThrownBy(() -> read("control:\n  room: { gain: 1 }\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("unknown field 'gain'");
        assertThatThrownBy(() -> read("control:\n  outdoor: { maxAge: soon }\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("control.outdoor.maxAge");
        assertThatThrownBy(() -> read("control:\n  flow:\n    periods:\n      - { from: 13-01, to: 02-01, flow: 1 }\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("site.yaml:4")
                .hasMessageContaining("expected a month-day like 11-16");
        assertThatThrownBy(() -> read("control:\n  siteZone: Mars/Olympus\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("unknown time zone");
    }
}
