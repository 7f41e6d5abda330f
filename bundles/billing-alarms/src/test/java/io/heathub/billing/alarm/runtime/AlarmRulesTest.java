package io.heathub.billing.alarm.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.heathub.billing.alarm.AlarmConfig;
import io.heathub.billing.alarm.AlarmRule;
import io.heathub.billing.fixtures.TestSite;
import io.heathub.billing.hub.HouseholdsSection;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code alarms.rules} as core's site owner reads it: every problem located, typos named, classes merged. */
class AlarmRulesTest {
    static final String DEVICES = """
            site: { id: s, zone: Asia/Shanghai }
            buses: [{ id: plc, uri: "tcp://127.0.0.1:1502" }]
            devices:
              - { id: plc-1, bus: plc, driver: modbus, address: 1, settings: { profile: substation-plc } }
              - { id: pump-1, bus: plc, driver: modbus, address: 2, settings: { profile: danfoss-fc51 } }
            """;

    @TempDir
    Path dir;

    private TestSite site(String alarms) {
        return TestSite.of(dir, DEVICES + alarms, new HouseholdsSection(), new HealthSection(), new AlarmsSection());
    }

    @Test
    void everyKindOfRuleIsReadAndItsClassGoesToTheKindsClasses() {
        try (TestSite site = site("""
                alarms:
                  kindClasses: { stuckCounter: 2 }
                  rules:
                    - { kind: driveTrip, device: pump-1, point: pump.status, bit: 3, class: 2, text: drive tripped }
                    - { kind: driveState, device: pump-1, point: pump.state, equals: [4, 5] }
                    - { kind: supplyTooHot, device: plc-1, point: temp.supply, above: 95, hysteresis: 2, for: 1m, class: 3 }
                    - { kind: pressureLow, device: plc-1, point: pressure.return, below: 150 }
                    - { kind: outdoorSensorStale, device: plc-1, point: temp.outdoor, staleAfter: 10m }
                    - { kind: communicationLost, devices: [plc-1, pump-1], silentFor: 2m }
                """)) {
            AlarmConfig config = site.current().section(AlarmConfig.SECTION, AlarmConfig.class).orElseThrow();
            assertThat(config.rules()).containsExactly(
                    new AlarmRule("driveTrip", List.of("pump-1"), "pump.status", new AlarmRule.Bit(3), Duration.ZERO, "drive tripped"),
                    new AlarmRule("driveState", List.of("pump-1"), "pump.state",
                            new AlarmRule.Equals(Set.of(new BigDecimal("4"), new BigDecimal("5"))), Duration.ZERO, ""),
                    new AlarmRule("supplyTooHot", List.of("plc-1"), "temp.supply",
                            new AlarmRule.Above(new BigDecimal("95"), new BigDecimal("2")), Duration.ofMinutes(1), ""),
                    new AlarmRule("pressureLow", List.of("plc-1"), "pressure.return",
                            new AlarmRule.Below(new BigDecimal("150"), BigDecimal.ZERO), Duration.ZERO, ""),
                    new AlarmRule("outdoorSensorStale", List.of("plc-1"), "temp.outdoor",
                            new AlarmRule.Stale(Duration.ofMinutes(10)), Duration.ZERO, ""),
                    new AlarmRule("communicationLost", List.of("plc-1", "pump-1"), "",
                            new AlarmRule.Silent(Duration.ofMinutes(2)), Duration.ZERO, ""));
            assertThat(config.classOf("driveTrip")).isEqualTo(2);
            assertThat(config.classOf("supplyTooHot")).isEqualTo(3);
            assertThat(config.classOf("stuckCounter")).isEqualTo(2);
            assertThat(config.classOf("communicationLost")).isEqualTo(1);
        }
    }

    @Test
    void everyProblemOfEveryRuleIsLocatedInOnePass() {
        try (TestSite site = site("""
                alarms:
                  kindClasses: { driveTrip: 1 }
                  rules:
                    - { kind: driveTrip, device: pump-1, point: pump.status, bit: 3, class: 2 }
                    - { kind: drive trip, device: pump-1, point: pump.status, bit: 3 }
                    - { kind: hot, device: plc1, point: temp.supply, above: 95, below: 20 }
                    - { kind: cold, device: plc-1, point: temp.supply }
                    - { kind: wordy, device: plc-1, point: pump.status, bit: 70, hysteresis: 1, clas: 2 }
                    - { kind: quiet, device: plc-1, point: temp.outdoor, silentFor: 1m }
                    - { kind: stale, device: plc-1, point: temp.outdoor, staleAfter: 5m, for: 1m, class: 4 }
                    - { kind: twice, devices: [plc-1], point: temp.outdoor, below: 1 }
                    - { kind: twice, devices: [plc-1], point: temp.return, below: 1 }
                """)) {
            String f = site.siteFile();
            assertThat(site.problems("alarms")).containsExactly(
                    f + ":9:77: alarms.rules[0].class: class 2 but alarms.kindClasses gives driveTrip class 1",
                    f + ":10:15: alarms.rules[1].kind: a kind is one word of letters and digits like driveTrip (the reading"
                            + " point is alarm.<kind>), got \"drive trip\"",
                    f + ":11:7: alarms.rules[2]: one condition per rule, got above and below",
                    f + ":11:28: alarms.rules[2].device: no device 'plc1' in devices: (did you mean 'plc-1'?)",
                    f + ":12:7: alarms.rules[3]: missing the condition: one of bit, equals, above, below, staleAfter, silentFor",
                    f + ":13:62: alarms.rules[4].bit: a bit is 0 (the least significant) to 63, got 70",
                    f + ":13:81: alarms.rules[4].clas: unknown field 'clas' (did you mean 'class'?)",
                    f + ":14:44: alarms.rules[5].point: silentFor watches the whole device: no point",
                    f + ":15:79: alarms.rules[6].for: staleAfter is already a time: no 'for'",
                    f + ":15:90: alarms.rules[6].class: class 4 has no response time (alarms.responseTimes has 1, 2, 3)",
                    f + ":17:15: alarms.rules[8].kind: alarm twice:plc-1 is already a rule on line 16; give this rule another kind");
        }
    }

    @Test
    void aDeviceUnlikeAnyOfTheSiteIsAWarningItsReadingsMayBePosted() {
        try (TestSite site = site("""
                alarms:
                  rules: [{ kind: forecastStale, device: forecast, point: temp.outdoor, staleAfter: 6h }]
                """)) {
            assertThat(site.problems()).isEmpty();
            assertThat(site.current().warnings()).singleElement().satisfies(w -> assertThat(w.getMessage())
                    .isEqualTo(site.siteFile() + ":7:42: alarms.rules[0].device: no device 'forecast' in devices: its readings"
                            + " must come from elsewhere (POST /api/readings, a route) for this rule to see them"));
        }
    }

    /** The demo's {@code alarms:} section (config/site.yaml) with the demo's devices: its rules and their classes. */
    @Test
    void theDemosRulesReadWithTheirClassesAndResponseTimes() throws Exception {
        String demo = Files.readString(Path.of("../../config/site.yaml"));
        Matcher alarms = Pattern.compile("(?ms)^alarms:\\n.*?(?=^\\S)").matcher(demo);
        assertThat(alarms.find()).as("alarms: in the demo site").isTrue();
        String devices = DEVICES.replace("pump-1", "pump-el")
                + "  - { id: boiler-1, bus: plc, driver: modbus, address: 3, settings: { profile: boiler } }\n"
                + "  - { id: pump-east, bus: plc, driver: modbus, address: 4, settings: { profile: danfoss-fc51 } }\n"
                + "  - { id: pump-west, bus: plc, driver: modbus, address: 5, settings: { profile: danfoss-fc51 } }\n";
        try (TestSite site = TestSite.of(dir, devices + alarms.group(),
                new HouseholdsSection(), new HealthSection(), new AlarmsSection())) {
            AlarmConfig config = site.current().section(AlarmConfig.SECTION, AlarmConfig.class).orElseThrow();
            assertThat(config.rules()).extracting(AlarmRule::kind)
                    .containsExactly("communicationLost", "supplyTooHot", "outdoorSensorStale", "driveTrip");
            assertThat(config.rules().get(0).devices()).containsExactly("plc-1", "boiler-1", "pump-east", "pump-west", "pump-el");
            assertThat(config.rules().get(1).trigger()).isEqualTo(new AlarmRule.Above(new BigDecimal("90"), new BigDecimal("2")));
            // the FC 51 drives' trip: bit 3 of their status word (danfoss-fc51 pump.status)
            assertThat(config.rules().get(3).devices()).containsExactly("pump-east", "pump-west");
            assertThat(config.rules().get(3).point()).isEqualTo("pump.status");
            assertThat(config.rules().get(3).trigger()).isEqualTo(new AlarmRule.Bit(3));
            // classes 1, 2, 3, 2: respond within 1 h, 4 h, 8 h, 4 h
            assertThat(config.rules()).extracting(r -> config.responseTime(config.classOf(r.kind())))
                    .containsExactly(Duration.ofHours(1), Duration.ofHours(4), Duration.ofHours(8), Duration.ofHours(4));
        }
    }
}
