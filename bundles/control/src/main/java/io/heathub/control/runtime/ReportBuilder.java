package io.heathub.control.runtime;

import io.heathub.api.Quality;
import io.heathub.api.Reading;
import io.heathub.calendar.CalendarDay;
import io.heathub.control.ControlEngine;
import io.heathub.control.ControlSettings;
import io.heathub.control.Decision;
import io.heathub.control.ForecastPoint;
import io.heathub.control.Percentile;
import io.heathub.control.runtime.api.ControlReport;
import io.heathub.control.runtime.api.ControlReport.DecisionRecord;
import io.heathub.control.runtime.api.ControlReport.SentCommand;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/** Builds a cycle's {@link ControlReport} from its inputs, the engine's result and the dispatch. */
final class ReportBuilder {

    private ReportBuilder() {
    }

    static ControlReport build(long cycle, Instant now, Inputs inputs, ControlEngine.Result result,
                               ControlSettings settings, CommandDispatcher.Outcome outcome, String controlSet) {
        Map<String, String> dispatch = outcome.dispatchByOutput();
        List<DecisionRecord> decisions = new ArrayList<>();
        for (Decision d : result.decisions()) {
            decisions.add(new DecisionRecord(d.output(), d.action().name(), d.value(), d.unit(), d.inputs(), d.reason(),
                    dispatch.getOrDefault(d.output(), "")));
        }
        Decision supplyDecision = result.decision(ControlEngine.SUPPLY).orElseThrow();
        Decision loadDecision = result.decision(ControlEngine.SOURCE_LOAD).orElseThrow();
        List<ControlReport.Pump> pumps = new ArrayList<>();
        for (Decision d : result.decisions()) {
            if (d.output().startsWith(ControlEngine.PUMP_PREFIX)) {
                String zone = d.output().substring(ControlEngine.PUMP_PREFIX.length());
                Double current = inputs.snapshot().pumpHzByZone().get(zone);
                pumps.add(new ControlReport.Pump(zone, d.action().name(), d.value(),
                        current == null ? OptionalDouble.empty() : OptionalDouble.of(current), d.reason()));
            }
        }
        double trim = supplyDecision.action() == Decision.Action.SET
                ? supplyDecision.inputs().getOrDefault("trim", 0.0) : result.state().trim().trim();
        List<SentCommand> commands = outcome.sent().stream().map(CommandDispatcher::withResult).toList();
        String day = result.decision(ControlEngine.CALENDAR).map(Decision::reason)
                .orElse(result.day().describe() + ": control set " + controlSet);
        return new ControlReport(now, cycle, result.day().kind().configName(), day,
                outdoor(inputs, result, settings, supplyDecision, now), supply(inputs, supplyDecision, settings, dispatch),
                rooms(inputs, result.day(), settings, now), trim, pumps,
                decisions.stream().filter(d -> d.output().equals(loadDecision.output())).findFirst().orElseThrow(),
                decisions, commands, inputs.problems());
    }

    private static ControlReport.Outdoor outdoor(Inputs inputs, ControlEngine.Result result, ControlSettings settings,
                                                 Decision supply, Instant now) {
        Optional<Reading> raw = inputs.outdoorReading();
        OptionalDouble filtered = result.state().outdoor()
                .map(s -> OptionalDouble.of(s.smoothed())).orElse(OptionalDouble.empty());
        boolean stale = supply.action() == Decision.Action.HOLD;
        Instant horizon = now.plus(settings.outdoor().forecastLookAhead());
        int forecastPoints = 0;
        for (ForecastPoint p : inputs.snapshot().forecast()) {
            if (p.time().isAfter(now) && !p.time().isAfter(horizon)) {
                forecastPoints++;
            }
        }
        return new ControlReport.Outdoor(
                raw.map(r -> OptionalDouble.of(r.value().doubleValue())).orElse(OptionalDouble.empty()),
                raw.map(Reading::time), raw.map(r -> r.quality().name()).orElse(""), filtered,
                input(supply, "outdoor.forecastMean"), forecastPoints,
                stale ? OptionalDouble.empty() : input(supply, "outdoor.effective"), stale);
    }

    private static ControlReport.Supply supply(Inputs inputs, Decision d, ControlSettings settings,
                                               Map<String, String> dispatch) {
        List<String> chain = new ArrayList<>();
        if (d.action() == Decision.Action.HOLD) {
            chain.add("outdoor stale: " + d.reason());
        } else {
            Map<String, Double> in = d.inputs();
            double curve = in.get("curve");
            double trim = in.getOrDefault("trim", 0.0);
            String forecast = in.containsKey("outdoor.forecastMean")
                    ? String.format(Locale.ROOT, ", forecast mean %.1f °C ×%.2f", in.get("outdoor.forecastMean"),
                    settings.outdoor().forecastWeight())
                    : ", no forecast";
            chain.add(String.format(Locale.ROOT, "curve %.1f °C at effective outdoor %.1f °C (smoothed %.1f °C%s)",
                    curve, in.get("outdoor.effective"), in.get("outdoor.smoothed"), forecast));
            if (in.containsKey("room.percentile")) {
                chain.add(String.format(Locale.ROOT, "room trim %+.1f °C (P%s %.1f °C, target %.1f °C, %d rooms)", trim,
                        stripZeros(settings.room().percentile()), in.get("room.percentile"), in.get("room.target"),
                        in.get("room.count").intValue()));
            } else {
                chain.add(String.format(Locale.ROOT, "no room trim: %d usable rooms, at least %d needed",
                        in.get("room.count").intValue(), settings.room().minimumRooms()));
            }
            double value = d.value().getAsDouble();
            if (Math.abs(value - (curve + trim)) > 1e-9) {
                chain.add(String.format(Locale.ROOT, "limited from %.1f to %.1f °C (rate %s °C/cycle, %s °C/h, "
                                + "limits %s–%s °C%s)", curve + trim, value,
                        stripZeros(settings.supply().rate().perCycle()), stripZeros(settings.supply().rate().perHour()),
                        stripZeros(settings.supply().limits().min()), stripZeros(settings.supply().limits().max()),
                        in.containsKey("supply.previous")
                                ? String.format(Locale.ROOT, ", previous %.1f °C", in.get("supply.previous")) : ""));
            } else {
                chain.add(String.format(Locale.ROOT, "%.1f °C within rate and limits", value));
            }
        }
        chain.add(dispatch.getOrDefault(d.output(), ""));
        Inputs.Target target = inputs.targets().get(ControlEngine.SUPPLY);
        return new ControlReport.Supply(d.action().name(), d.value(), input(d, "curve"),
                target == null ? OptionalDouble.empty() : target.current(), inputs.supplyMeasured(),
                inputs.returnMeasured(), chain, d.reason());
    }

    /** Statistics of the rooms that count on {@code day}: plain sensors and heated households. */
    private static ControlReport.RoomStatistics rooms(Inputs inputs, CalendarDay day, ControlSettings settings,
                                                      Instant now) {
        ControlSettings.Room room = settings.room();
        double[] used = new double[inputs.roomSlots().size()];
        int count = 0;
        int stale = 0;
        int excluded = 0;
        for (Inputs.RoomSlot slot : inputs.roomSlots()) {
            if (slot.household().isPresent() && !day.heats(slot.household().get())) {
                continue;
            }
            if (slot.reading().isEmpty()) {
                stale++;
                continue;
            }
            Reading r = slot.reading().get();
            double value = r.value().doubleValue();
            if (r.quality() != Quality.GOOD || !room.plausible().contains(value)) {
                excluded++;
            } else if (r.time().isBefore(now.minus(room.maxAge())) || r.time().isAfter(now.plus(room.maxAge()))) {
                stale++;
            } else {
                used[count++] = value;
            }
        }
        if (count == 0) {
            return new ControlReport.RoomStatistics(room.percentile(), OptionalDouble.empty(), OptionalDouble.empty(),
                    OptionalDouble.empty(), 0, stale, excluded);
        }
        double p = Percentile.nearestRank(used, count, room.percentile()); // sorts the prefix
        return new ControlReport.RoomStatistics(room.percentile(), OptionalDouble.of(p), OptionalDouble.of(used[0]),
                OptionalDouble.of(used[count - 1]), count, stale, excluded);
    }

    private static OptionalDouble input(Decision d, String name) {
        Double value = d.inputs().get(name);
        return value == null ? OptionalDouble.empty() : OptionalDouble.of(value);
    }

    private static String stripZeros(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
