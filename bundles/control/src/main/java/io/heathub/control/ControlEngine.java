package io.heathub.control;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One control cycle: {@code cycle(snapshot, state, now) → (decisions, new state)}. Pure and
 * deterministic: the same arguments always give the same result; nothing is read from a clock,
 * file or network.
 *
 * <p>Order of a cycle: outdoor filter → effective outdoor (forecast shift) → curve → room trim →
 * supply limits; then the pump rule per zone, the source load and the season flow. Stale outdoor
 * holds the last safe supply setpoint and the source load; stale rooms remove the trim (curve alone)
 * and hold the pumps of the zones concerned.
 */
public final class ControlEngine {

    /** Output name of the supply setpoint. */
    public static final String SUPPLY = "supply";
    /** Output name of the source load setpoint. */
    public static final String SOURCE_LOAD = "source.load";
    /** Output name of the season flow setpoint. */
    public static final String SOURCE_FLOW = "source.flow";
    /** Prefix of pump outputs: {@code pump/<zone>}. */
    public static final String PUMP_PREFIX = "pump/";

    /**
     * A cycle's outcome.
     *
     * @param decisions supply, one per pump zone (sorted by zone), source load, source flow
     * @param state     the state for the next cycle
     */
    public record Result(List<Decision> decisions, ControlState state) {
        public Result {
            decisions = List.copyOf(decisions);
            Objects.requireNonNull(state, "state");
        }

        /** The decision for {@code output}, if any. */
        public Optional<Decision> decision(String output) {
            return decisions.stream().filter(d -> d.output().equals(output)).findFirst();
        }
    }

    private final ControlSettings settings;
    private final OutdoorFilter outdoorFilter;
    private final RoomFeedback roomFeedback;
    private final PumpZoneRule pumpRule;
    private final SourceLoadRule sourceLoadRule;

    /** An engine with the given settings. */
    public ControlEngine(ControlSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.outdoorFilter = new OutdoorFilter(settings.outdoor());
        this.roomFeedback = new RoomFeedback(settings.room());
        this.pumpRule = new PumpZoneRule(settings.pump(), settings.room());
        this.sourceLoadRule = new SourceLoadRule(settings.source());
    }

    /** The engine's settings. */
    public ControlSettings settings() {
        return settings;
    }

    /** Runs one cycle at {@code now}. */
    public Result cycle(Snapshot snapshot, ControlState state, Instant now) {
        Objects.requireNonNull(snapshot, "snapshot");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(now, "now");
        List<Decision> decisions = new ArrayList<>();

        Optional<OutdoorFilter.State> outdoorState = outdoorFilter.update(state.outdoor(), snapshot.outdoor(), now);
        boolean outdoorFresh = outdoorFilter.isFresh(outdoorState, now);
        Optional<OutdoorFilter.Effective> effective = outdoorFresh
                ? Optional.of(outdoorFilter.effective(outdoorState.get(), snapshot.forecast(), now))
                : Optional.empty();

        RoomFeedback.State trimState = state.trim();
        Optional<ControlState.Setpoint> lastSupply = state.lastSupply();
        if (effective.isPresent()) {
            SupplyOutcome supply = supply(effective.get(), snapshot, state, now);
            decisions.add(supply.decision());
            trimState = supply.trimState();
            lastSupply = Optional.of(new ControlState.Setpoint(supply.decision().value().getAsDouble(), now));
        } else {
            decisions.add(holdSupply(snapshot, state, outdoorState, now));
        }

        Map<String, PumpZoneRule.ZoneState> zones = new TreeMap<>(state.zones());
        TreeSet<String> zoneIds = new TreeSet<>(snapshot.roomsByZone().keySet());
        zoneIds.addAll(snapshot.pumpHzByZone().keySet());
        for (String zone : zoneIds) {
            decisions.add(pump(zone, snapshot, zones, now));
        }

        Optional<ControlState.Setpoint> lastLoad = state.lastLoad();
        Decision load = sourceLoad(effective, snapshot, state, now);
        decisions.add(load);
        if (load.action() == Decision.Action.SET) {
            lastLoad = Optional.of(new ControlState.Setpoint(load.value().getAsDouble(), now));
        }
        decisions.add(seasonFlow(now));

        return new Result(decisions, new ControlState(outdoorState, trimState, lastSupply, lastLoad, zones));
    }

    private record SupplyOutcome(Decision decision, RoomFeedback.State trimState) { }

    private SupplyOutcome supply(OutdoorFilter.Effective outdoor, Snapshot snapshot, ControlState state, Instant now) {
        HeatingCurve curve = settings.curve();
        ControlSettings.Supply limits = settings.supply();
        double curveSupply = curve.supply(outdoor.value());
        RoomFeedback.Result trim = roomFeedback.step(snapshot.roomsByZone().values(), outdoor.value(), curveSupply,
                limits.limits(), state.trim(), now);
        OptionalDouble previous = firstKnown(snapshot.currentSupply(), state.lastSupply());
        Safety.Limited limited = Safety.limit(curveSupply + trim.trim(), previous,
                state.lastSupply().map(ControlState.Setpoint::time), now, limits.limits(), limits.rate());

        Map<String, Double> inputs = new LinkedHashMap<>();
        inputs.put("outdoor.effective", outdoor.value());
        inputs.put("outdoor.smoothed", outdoor.smoothed());
        outdoor.forecastMean().ifPresent(mean -> inputs.put("outdoor.forecastMean", mean));
        inputs.put("curve", curveSupply);
        inputs.put("trim", trim.trim());
        if (trim.applied()) {
            inputs.put("room.percentile", trim.statistic());
            inputs.put("room.target", trim.target());
        }
        inputs.put("room.count", (double) trim.rooms());
        previous.ifPresent(p -> inputs.put("supply.previous", p));

        String trimText = trim.applied()
                ? " + " + trim.reason()
                : "; " + trim.reason();
        String reason = String.format(Locale.ROOT, "supply %.1f °C: curve %.1f at %s%s%s", limited.value(), curveSupply,
                OutdoorFilter.describe(outdoor, settings.outdoor().forecastWeight()), trimText, limited.note());
        Decision decision = new Decision(SUPPLY, Decision.Action.SET, OptionalDouble.of(limited.value()), "°C", inputs, reason);
        return new SupplyOutcome(decision, trim.state());
    }

    private Decision holdSupply(Snapshot snapshot, ControlState state, Optional<OutdoorFilter.State> outdoorState,
                                Instant now) {
        ControlSettings.Supply limits = settings.supply();
        String age = outdoorState.map(s -> "last outdoor sample at " + s.time()).orElse("no outdoor sample yet");
        double held;
        String source;
        if (state.lastSupply().isPresent()) {
            held = state.lastSupply().get().value();
            source = "last safe setpoint";
        } else if (known(snapshot.currentSupply()).isPresent()) {
            held = snapshot.currentSupply().getAsDouble();
            source = "current setpoint";
        } else {
            held = limits.fallback();
            source = "configured fallback";
        }
        held = limits.limits().clamp(held);
        Map<String, Double> inputs = new LinkedHashMap<>();
        inputs.put("supply.held", held);
        outdoorState.ifPresent(s -> inputs.put("outdoor.smoothed", s.smoothed()));
        return new Decision(SUPPLY, Decision.Action.HOLD, OptionalDouble.of(held), "°C", inputs,
                String.format(Locale.ROOT, "supply hold %.1f °C (%s): outdoor stale, %s, max age %s", held, source, age,
                        settings.outdoor().maxAge()));
    }

    private Decision pump(String zone, Snapshot snapshot, Map<String, PumpZoneRule.ZoneState> zones, Instant now) {
        String output = PUMP_PREFIX + zone;
        Double current = snapshot.pumpHzByZone().get(zone);
        PumpZoneRule.ZoneState zoneState = zones.getOrDefault(zone, PumpZoneRule.ZoneState.initial());
        if (current == null || !Double.isFinite(current)) {
            return new Decision(output, Decision.Action.HOLD, OptionalDouble.empty(), "Hz", Map.of(),
                    "pump " + zone + " hold: no frequency feedback");
        }
        Limits limits = settings.pump().limits();
        PumpZoneRule.Result result = pumpRule.step(zone, snapshot.roomsByZone().getOrDefault(zone, List.of()),
                current, zoneState, now);
        zones.put(zone, result.state());
        Map<String, Double> inputs = new LinkedHashMap<>();
        inputs.put("pump.current", current);
        inputs.put("room.count", (double) result.rooms());
        if (result.rooms() >= settings.pump().minimumRooms()) {
            inputs.put("room.percentile", result.statistic());
        }
        if (result.frequency().isPresent()) {
            double value = limits.clamp(result.frequency().getAsDouble());
            return new Decision(output, Decision.Action.SET, OptionalDouble.of(value), "Hz", inputs, result.reason());
        }
        if (!limits.contains(current)) {
            // a drive found outside its range is brought back even while the rule holds
            double value = limits.clamp(current);
            return new Decision(output, Decision.Action.SET, OptionalDouble.of(value), "Hz", inputs,
                    String.format(Locale.ROOT, "pump %s %.1f Hz: current %.1f Hz outside %.1f–%.1f Hz (%s)", zone,
                            value, current, limits.min(), limits.max(), result.reason()));
        }
        return new Decision(output, Decision.Action.HOLD, OptionalDouble.of(current), "Hz", inputs, result.reason());
    }

    private Decision sourceLoad(Optional<OutdoorFilter.Effective> outdoor, Snapshot snapshot, ControlState state,
                                Instant now) {
        ControlSettings.Source source = settings.source();
        OptionalDouble previous = firstKnown(snapshot.currentLoad(), state.lastLoad());
        Map<String, Double> inputs = new LinkedHashMap<>();
        previous.ifPresent(p -> inputs.put("load.previous", p));
        if (outdoor.isEmpty()) {
            OptionalDouble held = previous.isPresent()
                    ? OptionalDouble.of(source.limits().clamp(previous.getAsDouble()))
                    : OptionalDouble.empty();
            return new Decision(SOURCE_LOAD, Decision.Action.HOLD, held, "%", inputs, "source load hold: outdoor stale");
        }
        SourceLoadRule.Result rule = sourceLoadRule.load(outdoor.get().value());
        Safety.Limited limited = Safety.limit(rule.load(), previous, state.lastLoad().map(ControlState.Setpoint::time),
                now, source.limits(), source.rate());
        inputs.put("outdoor.effective", outdoor.get().value());
        inputs.put("load.rule", rule.load());
        String reason = String.format(Locale.ROOT, "source load %.1f %%: %s%s", limited.value(),
                rule.reason().substring(rule.reason().indexOf(':') + 2), limited.note());
        return new Decision(SOURCE_LOAD, Decision.Action.SET, OptionalDouble.of(limited.value()), "%", inputs, reason);
    }

    private Decision seasonFlow(Instant now) {
        LocalDate date = LocalDate.ofInstant(now, settings.siteZone());
        SeasonFlow flow = settings.flow();
        return flow.periodOn(date)
                .map(period -> {
                    double value = flow.limits().clamp(period.flow());
                    return new Decision(SOURCE_FLOW, Decision.Action.SET, OptionalDouble.of(value), "m³/h",
                            Map.of("flow.period", period.flow()),
                            String.format(Locale.ROOT, "source flow %.0f m³/h: period %s–%s (%s)", value,
                                    period.first(), period.last(), date));
                })
                .orElseGet(() -> new Decision(SOURCE_FLOW, Decision.Action.HOLD, OptionalDouble.empty(), "m³/h", Map.of(),
                        "source flow hold: " + date + " outside the configured flow periods"));
    }

    /** The device's current value if known, else the engine's last decision. */
    private static OptionalDouble firstKnown(OptionalDouble current, Optional<ControlState.Setpoint> last) {
        OptionalDouble known = known(current);
        if (known.isPresent()) {
            return known;
        }
        return last.map(setpoint -> OptionalDouble.of(setpoint.value())).orElse(OptionalDouble.empty());
    }

    private static OptionalDouble known(OptionalDouble value) {
        return value.isPresent() && Double.isFinite(value.getAsDouble()) ? value : OptionalDouble.empty();
    }
}
