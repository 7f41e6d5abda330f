package io.heathub.control.runtime;

import io.heathub.api.metrics.MetricFamily;
import io.heathub.api.metrics.MetricFamily.Sample;
import io.heathub.api.metrics.MetricFamily.Type;
import io.heathub.api.metrics.MetricSource;
import io.heathub.control.runtime.api.ControlReport;
import io.heathub.control.runtime.api.ControlStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The control loop's figures for the hub's {@code GET /metrics} (served by the web bundle, which
 * does not import control): cycles run, when the last one ran, its supply setpoint, its decisions
 * and commands by outcome, and the problems it met. Read from {@link ControlStatus} at each scrape.
 */
@Component(service = MetricSource.class)
public final class ControlMetrics implements MetricSource {
    private final ControlStatus status;

    @Activate
    public ControlMetrics(@Reference ControlStatus status) {
        this.status = status;
    }

    @Override
    public List<MetricFamily> metrics() {
        ControlReport last = status.last().orElse(null);
        List<MetricFamily> families = new ArrayList<>();
        families.add(new MetricFamily("heathub_control_cycles_total", Type.COUNTER,
                "control cycles run since the loop started", List.of(Sample.of(last == null ? 0 : last.cycle()))));
        families.add(new MetricFamily("heathub_control_last_cycle_timestamp_seconds", Type.GAUGE,
                "when the last control cycle ran, Unix time (absent before the first)",
                last == null ? List.of() : List.of(Sample.of(last.time().toEpochMilli() / 1000.0))));
        families.add(new MetricFamily("heathub_control_supply_setpoint_celsius", Type.GAUGE,
                "secondary supply setpoint of the last cycle (absent when it set none)",
                last == null || last.supply().setpoint().isEmpty() ? List.of()
                        : List.of(Sample.of(last.supply().setpoint().getAsDouble()))));
        families.add(new MetricFamily("heathub_control_decisions", Type.GAUGE,
                "decisions of the last cycle by action", counted(last == null ? List.of() : last.decisions(),
                ControlReport.DecisionRecord::action, "action")));
        families.add(new MetricFamily("heathub_control_commands", Type.GAUGE,
                "commands sent by the last cycle by outcome", counted(last == null ? List.of() : last.commands(),
                ControlReport.SentCommand::status, "status")));
        families.add(new MetricFamily("heathub_control_input_problems", Type.GAUGE,
                "inputs the last cycle could not use (missing or not GOOD readings)",
                List.of(Sample.of(last == null ? 0 : last.problems().size()))));
        families.add(new MetricFamily("heathub_control_config_problems", Type.GAUGE,
                "problems in the site's control configuration (the last good plan keeps running)",
                List.of(Sample.of(status.configProblems().size()))));
        return families;
    }

    private static <T> List<Sample> counted(List<T> items, Function<T, String> key, String label) {
        Map<String, Integer> counts = new TreeMap<>();
        items.forEach(item -> counts.merge(String.valueOf(key.apply(item)), 1, Integer::sum));
        return counts.entrySet().stream().map(e -> new Sample(Map.of(label, e.getKey()), e.getValue())).toList();
    }
}
