package io.heathub.control.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.heathub.api.metrics.MetricFamily;
import io.heathub.control.runtime.api.ControlReport;
import io.heathub.control.runtime.api.ControlStatus;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The control loop's figures for GET /metrics, from its last report. */
class ControlMetricsTest {
    static final ControlReport REPORT = new ControlReport(Instant.parse("2026-11-23T08:00:00Z"), 7, "season", "2026-11-23",
            new ControlReport.Outdoor(OptionalDouble.of(-12.5), Optional.empty(), "GOOD", OptionalDouble.of(-11.0),
                    OptionalDouble.empty(), 0, OptionalDouble.of(-11.0), false),
            new ControlReport.Supply("SET", OptionalDouble.of(71.5), OptionalDouble.of(73.0), OptionalDouble.of(70.0),
                    OptionalDouble.empty(), OptionalDouble.empty(), List.of(), "curve and trim"),
            new ControlReport.RoomStatistics(10, OptionalDouble.of(19.2), OptionalDouble.empty(), OptionalDouble.empty(),
                    24, 0, 0),
            -1.5, List.of(),
            new ControlReport.DecisionRecord("source.load", "HOLD", OptionalDouble.empty(), "%", Map.of(), "no source", ""),
            List.of(new ControlReport.DecisionRecord("supply", "SET", OptionalDouble.of(71.5), "°C", Map.of(), "curve", ""),
                    new ControlReport.DecisionRecord("pump.a", "SET", OptionalDouble.of(40), "Hz", Map.of(), "zone", ""),
                    new ControlReport.DecisionRecord("source.load", "HOLD", OptionalDouble.empty(), "%", Map.of(), "-", "")),
            List.of(new ControlReport.SentCommand("supply", "control-7", "plc-1", "setpoint.supply",
                            new BigDecimal("71.5"), "REFUSED", "above 70"),
                    new ControlReport.SentCommand("pump.a", "control-8", "plc-1", "pump.hz", new BigDecimal("40"), "DONE", "")),
            List.of("panel-003 temp.room: SUSPECT"));

    static ControlStatus status(ControlReport last, List<String> problems) {
        return new ControlStatus() {
            @Override
            public Optional<ControlReport> last() {
                return Optional.ofNullable(last);
            }

            @Override
            public List<String> configProblems() {
                return problems;
            }
        };
    }

    static Map<String, MetricFamily> byName(List<MetricFamily> families) {
        return families.stream().collect(Collectors.toMap(MetricFamily::name, Function.identity()));
    }

    @Test
    void theLastCycleInFigures() {
        Map<String, MetricFamily> f = byName(new ControlMetrics(status(REPORT, List.of("site.yaml:3:1: control: x")))
                .metrics());
        assertThat(f.get("heathub_control_cycles_total").type()).isEqualTo(MetricFamily.Type.COUNTER);
        assertThat(f.get("heathub_control_cycles_total").samples()).containsExactly(MetricFamily.Sample.of(7));
        assertThat(f.get("heathub_control_last_cycle_timestamp_seconds").samples())
                .containsExactly(MetricFamily.Sample.of(Instant.parse("2026-11-23T08:00:00Z").getEpochSecond()));
        assertThat(f.get("heathub_control_supply_setpoint_celsius").samples()).containsExactly(MetricFamily.Sample.of(71.5));
        assertThat(f.get("heathub_control_decisions").samples()).containsExactly(
                new MetricFamily.Sample(Map.of("action", "HOLD"), 1), new MetricFamily.Sample(Map.of("action", "SET"), 2));
        assertThat(f.get("heathub_control_commands").samples()).containsExactly(
                new MetricFamily.Sample(Map.of("status", "DONE"), 1), new MetricFamily.Sample(Map.of("status", "REFUSED"), 1));
        assertThat(f.get("heathub_control_input_problems").samples()).containsExactly(MetricFamily.Sample.of(1));
        assertThat(f.get("heathub_control_config_problems").samples()).containsExactly(MetricFamily.Sample.of(1));
    }

    @Test
    void beforeTheFirstCycleTheFamiliesAreAnnouncedWithoutFigures() {
        Map<String, MetricFamily> f = byName(new ControlMetrics(status(null, List.of())).metrics());
        assertThat(f.get("heathub_control_cycles_total").samples()).containsExactly(MetricFamily.Sample.of(0));
        assertThat(f.get("heathub_control_last_cycle_timestamp_seconds").samples()).isEmpty();
        assertThat(f.get("heathub_control_supply_setpoint_celsius").samples()).isEmpty();
        assertThat(f.get("heathub_control_decisions").samples()).isEmpty();
    }

    /** The dashboard's control panels name exactly the families served here (web checks its own). */
    @Test
    void theGrafanaDashboardUsesExactlyTheseFamilies() throws Exception {
        String dashboard = Files.readString(Path.of("../../docs/grafana-heathub.json"));
        Set<String> used = new TreeSet<>();
        Matcher m = Pattern.compile("heathub_control_[a-z_]+").matcher(dashboard);
        while (m.find()) {
            used.add(m.group());
        }
        assertThat(used).isEqualTo(byName(new ControlMetrics(status(REPORT, List.of())).metrics()).keySet());
    }
}
