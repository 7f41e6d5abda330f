package io.heathub.control;

import io.heathub.calendar.DayKind;
import io.heathub.calendar.CalendarDay;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
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
 * <p>Order of a cycle: calendar day (in the site's zone) → the day's control set; outdoor filter →
 * effective outdoor (forecast shift) → curve → room trim → supply limits; then the pump rule per
 * zone, the source load, the season flow, the calendar and each household's thermostat. Stale
 * outdoor holds the last safe supply setpoint and the source load; stale rooms remove the trim
 * (curve alone) and hold the pumps of the zones concerned. The rooms of households not heated today
 * (off-season, not elastic) count neither for the trim nor for the pumps.
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
    /** Output name of the calendar's record (a HOLD without value whose reason names the day and set). */
    public static final String CALENDAR = "calendar";

    /**
     * A cycle's outcome.
     *
     * @param decisions supply, one per pump zone (sorted by zone), source load, source flow,
     *                  calendar, then setpoint and valve of each household (sorted by id)
     * @param state     the state for the next cycle
     * @param day       the calendar day the cycle ran on
     */
    public record Result(List<Decision> decisions, ControlState state, CalendarDay day) {
        public Result {
            decisions = List.copyOf(decisions);
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(day, "day");
        }

        /** The decision for {@code output}, if any. */
        public Optional<Decision> decision(String output) {
            return decisions.stream().filter(d -> d.output().equals(output)).findFirst();
        }
    }

    private final ControlPlan plan;
    private final Map<DayKind, Rules> rulesByDay = new EnumMap<>(DayKind.class);
    private final ThermostatRule thermostatRule;

    /** The rules of one control set. */
    private record Rules(ControlSettings settings, OutdoorFilter outdoorFilter, RoomFeedback roomFeedback,
                         PumpZoneRule pumpRule, SourceLoadRule sourceLoadRule) {
        static Rules of(ControlSettings settings) {
            return new Rules(settings, new OutdoorFilter(settings.outdoor()), new RoomFeedback(settings.room()),
                    new PumpZoneRule(settings.pump(), settings.room()), new SourceLoadRule(settings.source()));
        }
    }

    /** An engine with one control set for every day, the default calendar and thermostat rules. */
    public ControlEngine(ControlSettings settings) {
        this(ControlPlan.of(Objects.requireNonNull(settings, "settings")));
    }

    /** An engine for a site's plan. */
    public ControlEngine(ControlPlan plan) {
        this.plan = Objects.requireNonNull(plan, "plan");
        for (DayKind kind : DayKind.values()) {
            rulesByDay.put(kind, Rules.of(plan.settingsFor(kind)));
        }
        this.thermostatRule = new ThermostatRule(plan.thermostat(), plan.calendar());
    }

    /** The base control set (days without a set of their own). */
    public ControlSettings settings() {
        return plan.base();
    }

    /** The engine's plan. */
    public ControlPlan plan() {
        return plan;
    }

    /** Runs one cycle at {@code now}. */
    public Result cycle(Snapshot snapshot, ControlState state, Instant now) {
        Objects.requireNonNull(snapshot, "snapshot");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(now, "now");
        ZoneId zone = plan.base().siteZone();
        CalendarDay day = plan.calendar().on(LocalDate.ofInstant(now, zone));
        Rules rules = rulesByDay.get(day.kind());
        snapshot = withHeatedHouseholdRooms(snapshot, day);
        List<Decision> decisions = new ArrayList<>();
        ControlSettings settings = rules.settings();
        OutdoorFilter outdoorFilter = rules.outdoorFilter();

        Optional<OutdoorFilter.State> outdoorState = outdoorFilter.update(state.outdoor(), snapshot.outdoor(), now);
        boolean outdoorFresh = outdoorFilter.isFresh(outdoorState, now);
        Optional<OutdoorFilter.Effective> effective = outdoorFresh
                ? Optional.of(outdoorFilter.effective(outdoorState.get(), snapshot.forecast(), now))
                : Optional.empty();

        RoomFeedback.State trimState = state.trim();
        Optional<ControlState.Setpoint> lastSupply = state.lastSupply();
        if (effective.isPresent()) {
            SupplyOutcome supply = supply(rules, effective.get(), snapshot, state, now);
            decisions.add(supply.decision());
            trimState = supply.trimState();
            lastSupply = Optional.of(new ControlState.Setpoint(supply.decision().value().getAsDouble(), now));
        } else {
            decisions.add(holdSupply(settings, snapshot, state, outdoorState, now));
        }

        Map<String, PumpZoneRule.ZoneState> zones = new TreeMap<>(state.zones());
        TreeSet<String> zoneIds = new TreeSet<>(snapshot.roomsByZone().keySet());
        zoneIds.addAll(snapshot.pumpHzByZone().keySet());
        LocalTime timeOfDay = LocalDateTime.ofInstant(now, zone).toLocalTime();
        for (String zoneId : zoneIds) {
            decisions.add(pump(rules, zoneId, snapshot, zones, now, timeOfDay));
        }

        Optional<ControlState.Setpoint> lastLoad = state.lastLoad();
        Decision load = sourceLoad(rules, effective, snapshot, state, now);
        decisions.add(load);
        if (load.action() == Decision.Action.SET) {
            lastLoad = Optional.of(new ControlState.Setpoint(load.value().getAsDouble(), now));
        }
        Decision flow = seasonFlow(settings, snapshot, state, day, now);
        decisions.add(flow);
        Optional<ControlState.Setpoint> lastFlow = flow.action() == Decision.Action.SET
                ? Optional.of(new ControlState.Setpoint(flow.value().getAsDouble(), now))
                : state.lastFlow();

        decisions.add(calendar(day, snapshot));
        LocalDateTime localTime = LocalDateTime.ofInstant(now, zone);
        snapshot.households().stream()
                .sorted(Comparator.comparing(Household::id))
                .forEach(household -> decisions.addAll(thermostatRule.decide(household, day, localTime, now)));

        return new Result(decisions, new ControlState(outdoorState, trimState, lastSupply, lastLoad, zones, lastFlow), day);
    }

    /** The snapshot with the rooms of the households heated today added to their zones. */
    private static Snapshot withHeatedHouseholdRooms(Snapshot snapshot, CalendarDay day) {
        if (snapshot.households().isEmpty()) {
            return snapshot;
        }
        Map<String, List<Sample>> rooms = new TreeMap<>();
        snapshot.roomsByZone().forEach((zone, samples) -> rooms.put(zone, new ArrayList<>(samples)));
        for (Household household : snapshot.households()) {
            List<Sample> zoneRooms = rooms.computeIfAbsent(household.zone(), zone -> new ArrayList<>());
            if (day.heats(household.id())) {
                household.room().ifPresent(zoneRooms::add);
            }
        }
        return new Snapshot(snapshot.outdoor(), snapshot.forecast(), rooms, snapshot.pumpHzByZone(),
                snapshot.currentSupply(), snapshot.currentLoad(), snapshot.currentFlow(), snapshot.households());
    }

    private Decision calendar(CalendarDay day, Snapshot snapshot) {
        long heated = snapshot.households().stream().filter(h -> day.heats(h.id())).count();
        Map<String, Double> inputs = new LinkedHashMap<>();
        inputs.put("households", (double) snapshot.households().size());
        inputs.put("households.heated", (double) heated);
        inputs.put("households.elastic", (double) day.elastic().size());
        String elastic = day.elastic().isEmpty() ? "" : ", elastic heating for " + String.join(", ", day.elastic());
        return new Decision(CALENDAR, Decision.Action.HOLD, OptionalDouble.empty(), "", inputs,
                day.describe() + ": control set " + plan.setNameFor(day.kind()) + elastic);
    }

    private record SupplyOutcome(Decision decision, RoomFeedback.State trimState) { }

    private SupplyOutcome supply(Rules rules, OutdoorFilter.Effective outdoor, Snapshot snapshot, ControlState state,
                                 Instant now) {
        ControlSettings settings = rules.settings();
        RoomFeedback roomFeedback = rules.roomFeedback();
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

    private static Decision holdSupply(ControlSettings settings, Snapshot snapshot, ControlState state, Optional<OutdoorFilter.State> outdoorState,
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

    private static Decision pump(Rules rules, String zone, Snapshot snapshot, Map<String, PumpZoneRule.ZoneState> zones,
                                 Instant now, LocalTime timeOfDay) {
        ControlSettings settings = rules.settings();
        PumpZoneRule pumpRule = rules.pumpRule();
        String output = PUMP_PREFIX + zone;
        Double current = snapshot.pumpHzByZone().get(zone);
        PumpZoneRule.ZoneState zoneState = zones.getOrDefault(zone, PumpZoneRule.ZoneState.initial());
        if (current == null || !Double.isFinite(current)) {
            return new Decision(output, Decision.Action.HOLD, OptionalDouble.empty(), "Hz", Map.of(),
                    "pump " + zone + " hold: no frequency feedback");
        }
        // Minle's 分时调频: a time-of-day period narrows the zone's range
        Optional<ControlSettings.PumpPeriod> period = settings.pump().periodAt(zone, timeOfDay);
        Limits limits = period.map(ControlSettings.PumpPeriod::limits).orElse(settings.pump().limits());
        String periodNote = period.map(p -> " [time of day " + p.describe() + "]").orElse("");
        PumpZoneRule.Result result = pumpRule.step(zone, snapshot.roomsByZone().getOrDefault(zone, List.of()),
                current, zoneState, now, limits);
        zones.put(zone, result.state());
        Map<String, Double> inputs = new LinkedHashMap<>();
        inputs.put("pump.current", current);
        inputs.put("pump.min", limits.min());
        inputs.put("pump.max", limits.max());
        inputs.put("room.count", (double) result.rooms());
        if (result.rooms() >= settings.pump().minimumRooms()) {
            inputs.put("room.percentile", result.statistic());
        }
        if (result.frequency().isPresent()) {
            double value = limits.clamp(result.frequency().getAsDouble());
            return new Decision(output, Decision.Action.SET, OptionalDouble.of(value), "Hz", inputs,
                    result.reason() + periodNote);
        }
        if (!limits.contains(current)) {
            // a drive found outside its range (or a new time-of-day period's) is brought back even while the rule holds
            double value = limits.clamp(current);
            return new Decision(output, Decision.Action.SET, OptionalDouble.of(value), "Hz", inputs,
                    String.format(Locale.ROOT, "pump %s %.1f Hz: current %.1f Hz outside %.1f–%.1f Hz%s (%s)", zone,
                            value, current, limits.min(), limits.max(), periodNote, result.reason()));
        }
        return new Decision(output, Decision.Action.HOLD, OptionalDouble.of(current), "Hz", inputs,
                result.reason() + periodNote);
    }

    private static Decision sourceLoad(Rules rules, Optional<OutdoorFilter.Effective> outdoor, Snapshot snapshot,
                                       ControlState state, Instant now) {
        ControlSettings.Source source = rules.settings().source();
        OptionalDouble previous = firstKnown(snapshot.currentLoad(), state.lastLoad());
        Map<String, Double> inputs = new LinkedHashMap<>();
        previous.ifPresent(p -> inputs.put("load.previous", p));
        if (outdoor.isEmpty()) {
            OptionalDouble held = previous.isPresent()
                    ? OptionalDouble.of(source.limits().clamp(previous.getAsDouble()))
                    : OptionalDouble.empty();
            return new Decision(SOURCE_LOAD, Decision.Action.HOLD, held, "%", inputs, "source load hold: outdoor stale");
        }
        SourceLoadRule.Result rule = rules.sourceLoadRule().load(outdoor.get().value());
        Safety.Limited limited = Safety.limit(rule.load(), previous, state.lastLoad().map(ControlState.Setpoint::time),
                now, source.limits(), source.rate());
        inputs.put("outdoor.effective", outdoor.get().value());
        inputs.put("load.rule", rule.load());
        String reason = String.format(Locale.ROOT, "source load %.1f %%: %s%s", limited.value(),
                rule.reason().substring(rule.reason().indexOf(':') + 2), limited.note());
        return new Decision(SOURCE_LOAD, Decision.Action.SET, OptionalDouble.of(limited.value()), "%", inputs, reason);
    }

    private static Decision seasonFlow(ControlSettings settings, Snapshot snapshot, ControlState state, CalendarDay day,
                                       Instant now) {
        LocalDate date = day.date();
        SeasonFlow flow = settings.flow();
        Optional<SeasonFlow.Period> period = flow.periodOn(date);
        if (period.isEmpty()) {
            return new Decision(SOURCE_FLOW, Decision.Action.HOLD, OptionalDouble.empty(), "m³/h", Map.of(),
                    "source flow hold: " + date + " outside the configured flow periods");
        }
        OptionalDouble previous = firstKnown(snapshot.currentFlow(), state.lastFlow());
        // a new period ramps to its flow instead of jumping (rate limit, then clamp)
        Safety.Limited limited = Safety.limit(period.get().flow(), previous,
                state.lastFlow().map(ControlState.Setpoint::time), now, flow.limits(), flow.rate());
        Map<String, Double> inputs = new LinkedHashMap<>();
        inputs.put("flow.period", period.get().flow());
        previous.ifPresent(p -> inputs.put("flow.previous", p));
        return new Decision(SOURCE_FLOW, Decision.Action.SET, OptionalDouble.of(limited.value()), "m³/h", inputs,
                String.format(Locale.ROOT, "source flow %.0f m³/h: period %s–%s (%s)%s", limited.value(),
                        period.get().first(), period.get().last(), date, limited.note()));
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
