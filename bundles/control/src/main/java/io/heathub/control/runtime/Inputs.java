package io.heathub.control.runtime;

import io.heathub.api.Quality;
import io.heathub.api.Reading;
import io.heathub.api.Unit;
import io.heathub.control.ControlPlan;
import io.heathub.control.Decision;
import io.heathub.control.ForecastPoint;
import io.heathub.control.Household;
import io.heathub.control.Sample;
import io.heathub.control.Snapshot;
import io.heathub.control.ThermostatMode;
import io.heathub.control.ThermostatProgram;
import io.heathub.control.ThermostatRule;
import io.heathub.control.ControlEngine;
import io.heathub.control.ControlState;
import io.heathub.control.runtime.ControlBinding.HouseholdGroup;
import io.heathub.control.runtime.ControlBinding.Output;
import io.heathub.control.runtime.ControlBinding.PointRef;
import io.heathub.control.runtime.ControlBinding.RoomGroup;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One cycle's view of the hub through the site's binding: the engine's {@link Snapshot}, the
 * written points of its outputs with their current values, the room slots for the report, and the
 * problems met (missing or non-GOOD readings). Only GOOD readings in the expected unit reach the
 * engine; the engine judges their age itself.
 *
 * @param snapshot       the engine's inputs
 * @param targets        by output name: where a SET goes and the output's current value
 * @param roomSlots      every room that may count (plain sensors and households), with its reading if any
 * @param outdoorReading the latest outdoor reading, whatever its quality
 * @param supplyMeasured measured secondary supply, °C
 * @param returnMeasured measured secondary return, °C
 * @param problems       what the binding names but could not be used, one line each
 * @param programWrites  the site's household modes and fixed openings that still have to reach their panels
 */
record Inputs(Snapshot snapshot, Map<String, Target> targets, List<RoomSlot> roomSlots,
              Optional<Reading> outdoorReading, OptionalDouble supplyMeasured, OptionalDouble returnMeasured,
              List<String> problems, List<Decision> programWrites) {

    /** A mode is a whole number: any change is worth a command. */
    private static final double MODE_DEADBAND = 0.5;

    /** Output name of a household's mode, written from the site's program. */
    static String modeOutput(String household) {
        return ThermostatRule.PREFIX + household + "/mode";
    }

    /** Output name of a household's fixed opening, written from the site's program. */
    static String fixedOpeningOutput(String household) {
        return ThermostatRule.PREFIX + household + "/fixedOpening";
    }

    /**
     * Where an output's SET goes.
     *
     * @param output      engine output name
     * @param device      device written
     * @param point       point written
     * @param current     the output's current value (in the decision's unit), if known and fresh: the engine's input
     * @param known       the output's last GOOD reading of any age (value, time): the dispatcher's deadband reference
     * @param deadband    smallest change worth a command
     * @param onOff       the point takes 1/0 for a valve opening &gt; 0 / = 0
     */
    record Target(String output, String device, String point, OptionalDouble current, Optional<Known> known,
                  double deadband, boolean onOff) {
    }

    /** A value read at a time. */
    record Known(double value, Instant time) {
    }

    /**
     * A room that may count today.
     *
     * @param household the household (device id) when the room belongs to one (counts only on days it is heated)
     * @param reading   the latest room reading, if any
     */
    record RoomSlot(Optional<String> household, Optional<Reading> reading) {
    }

    /**
     * The snapshot with the engine's own last supply, load and flow decisions as the current values
     * where the device holds a value within the output's deadband of them. Without this the engine
     * would restart each cycle from the device's value, and a rate-limited step smaller than the
     * deadband (6 °C/h is 0.1 °C a minute) would never add up to a command.
     */
    static Snapshot trackingOwnDecisions(Snapshot snapshot, ControlState state, ControlBinding.Deadbands deadbands) {
        return new Snapshot(snapshot.outdoor(), snapshot.forecast(), snapshot.roomsByZone(), snapshot.pumpHzByZone(),
                own(snapshot.currentSupply(), state.lastSupply(), deadbands.supply()),
                own(snapshot.currentLoad(), state.lastLoad(), deadbands.sourceLoad()),
                own(snapshot.currentFlow(), state.lastFlow(), deadbands.sourceFlow()), snapshot.households());
    }

    private static OptionalDouble own(OptionalDouble device, Optional<ControlState.Setpoint> last, double deadband) {
        if (device.isPresent() && last.isPresent() && Math.abs(device.getAsDouble() - last.get().value()) <= deadband) {
            return OptionalDouble.of(last.get().value());
        }
        return device;
    }

    /** Reads the inputs from {@code latest} (and the configured {@code devices}) at {@code now}. */
    static Inputs read(ControlBinding binding, SitePrograms programs, Collection<Reading> latest, Collection<String> devices,
                       List<ForecastPoint> pushedForecast, Instant now) {
        List<Decision> programWrites = new ArrayList<>();
        Map<String, Reading> byPoint = new HashMap<>();
        for (Reading reading : latest) {
            byPoint.put(key(reading.device(), reading.point()), reading);
        }
        List<String> problems = new ArrayList<>();
        Map<String, Target> targets = new LinkedHashMap<>();
        ControlBinding.Deadbands deadbands = binding.dispatch().deadbands();
        Duration feedbackAge = binding.feedbackMaxAge();

        Optional<Reading> outdoorReading = binding.outdoor().map(ref -> byPoint.get(key(ref.device(), ref.point())));
        List<Sample> outdoor = new ArrayList<>();
        binding.outdoor().ifPresent(ref -> temperature(ref, byPoint, problems).ifPresent(outdoor::add));

        List<ForecastPoint> forecast = new ArrayList<>(pushedForecast);
        binding.forecast().ifPresent(ref -> {
            Reading reading = byPoint.get(key(ref.device(), ref.point()));
            boolean alreadyPushed = reading != null && forecast.stream().anyMatch(p -> p.time().equals(reading.time()));
            if (reading != null && !alreadyPushed && reading.time().isAfter(now) && reading.quality() == Quality.GOOD
                    && reading.unit() == Unit.CELSIUS) {
                forecast.add(new ForecastPoint(reading.time(), reading.value().doubleValue()));
            }
        });

        OptionalDouble currentSupply = OptionalDouble.empty();
        if (binding.supply().isPresent()) {
            Target target = target(ControlEngine.SUPPLY, binding.supply().get(), byPoint, now, feedbackAge,
                    deadbands.supply(), problems);
            targets.put(target.output(), target);
            currentSupply = target.current();
        }
        OptionalDouble currentLoad = OptionalDouble.empty();
        if (binding.sourceLoad().isPresent()) {
            Target target = target(ControlEngine.SOURCE_LOAD, binding.sourceLoad().get(), byPoint, now, feedbackAge,
                    deadbands.sourceLoad(), problems);
            targets.put(target.output(), target);
            currentLoad = target.current();
        }
        OptionalDouble currentFlow = OptionalDouble.empty();
        if (binding.sourceFlow().isPresent()) {
            Target target = target(ControlEngine.SOURCE_FLOW, binding.sourceFlow().get(), byPoint, now, feedbackAge,
                    deadbands.sourceFlow(), problems);
            targets.put(target.output(), target);
            currentFlow = target.current();
        }
        Map<String, Double> pumpHz = new TreeMap<>();
        binding.pumps().forEach((zone, output) -> {
            Target target = target(ControlEngine.PUMP_PREFIX + zone, output, byPoint, now, feedbackAge,
                    deadbands.pump(), problems);
            targets.put(target.output(), target);
            target.current().ifPresent(hz -> pumpHz.put(zone, hz));
        });

        // every device a group may name: configured ones, ones with readings, ones named explicitly
        TreeSet<String> candidates = new TreeSet<>(devices);
        latest.forEach(r -> candidates.add(r.device()));
        binding.households().forEach(g -> candidates.addAll(g.devices().ids()));
        binding.rooms().forEach(g -> candidates.addAll(g.devices().ids()));

        Map<String, List<Sample>> roomsByZone = new TreeMap<>();
        List<Household> households = new ArrayList<>();
        List<RoomSlot> slots = new ArrayList<>();
        for (String device : candidates) {
            Optional<HouseholdGroup> household = binding.households().stream()
                    .filter(g -> g.devices().matches(device)).findFirst();
            if (household.isPresent()) {
                household(device, household.get(), byPoint, now, binding, programs, problems).ifPresent(h -> {
                    households.add(h.household());
                    slots.add(new RoomSlot(Optional.of(device), h.roomReading()));
                    h.targets().forEach(t -> targets.put(t.output(), t));
                    programWrites.addAll(h.programWrites());
                });
                continue;
            }
            Optional<RoomGroup> room = binding.rooms().stream().filter(g -> g.devices().matches(device)).findFirst();
            if (room.isPresent()) {
                PointRef ref = new PointRef(device, room.get().point());
                List<Sample> zoneRooms = roomsByZone.computeIfAbsent(room.get().zone(), z -> new ArrayList<>());
                temperature(ref, byPoint, problems).ifPresent(zoneRooms::add);
                slots.add(new RoomSlot(Optional.empty(), Optional.ofNullable(byPoint.get(key(device, ref.point())))));
            }
        }

        Snapshot snapshot = new Snapshot(outdoor, forecast, roomsByZone, pumpHz, currentSupply, currentLoad,
                currentFlow, households);
        return new Inputs(snapshot, targets, slots, outdoorReading,
                value(binding.supplyTemperature(), byPoint), value(binding.returnTemperature(), byPoint), problems,
                programWrites);
    }

    private record HouseholdInputs(Household household, Optional<Reading> roomReading, List<Target> targets,
                                   List<Decision> programWrites) {
    }

    private static Optional<HouseholdInputs> household(String device, HouseholdGroup group, Map<String, Reading> byPoint,
                                                       Instant now, ControlBinding binding, SitePrograms programs,
                                                       List<String> problems) {
        Optional<Reading> roomReading = Optional.ofNullable(byPoint.get(key(device, group.room())));
        Optional<Sample> room = temperature(new PointRef(device, group.room()), byPoint, problems);
        Duration feedbackAge = binding.feedbackMaxAge();
        ControlBinding.Deadbands deadbands = binding.dispatch().deadbands();
        List<Target> targets = new ArrayList<>();
        List<Decision> writes = new ArrayList<>();

        ThermostatMode mode = mode(device, group, byPoint, programs, targets, writes, problems);
        OptionalDouble opening = opening(device, group, byPoint, programs, targets, writes, deadbands);
        Optional<ThermostatProgram> program = Optional.empty();
        if (mode == ThermostatMode.SCHEDULE) {
            program = programs.schedule(device).map(ThermostatProgram.BySchedule::new);
            if (program.isEmpty()) {
                problems.add("household " + device + " is in the schedule mode but has no schedule (control.programs."
                        + device + ".schedule or control.schedules." + ControlPlan.DEFAULT_SCHEDULE + "): by temperature");
            }
        } else if (mode == ThermostatMode.FLOW) {
            program = opening.isPresent() ? Optional.of(new ThermostatProgram.ByFlow(opening.getAsDouble())) : Optional.empty();
            if (program.isEmpty()) {
                problems.add("household " + device + " is in the flow mode but no fixed opening is known (control.programs."
                        + device + ".opening" + group.fixedOpening().map(p -> " or a GOOD " + p + " reading").orElse("")
                        + "): by temperature");
            }
        }
        if (program.isEmpty()) {
            Reading user = byPoint.get(key(device, group.userSetpoint()));
            if (user != null && user.quality() == Quality.GOOD) {
                program = Optional.of(new ThermostatProgram.ByTemperature(user.value().doubleValue()));
            } else if (group.defaultSetpoint().isPresent()) {
                program = Optional.of(new ThermostatProgram.ByTemperature(group.defaultSetpoint().getAsDouble()));
            } else {
                problems.add("household " + device + " left out: no GOOD " + group.userSetpoint()
                        + " reading (the user's setpoint) and no defaultSetpoint");
                return Optional.empty();
            }
        }
        OptionalDouble valve = OptionalDouble.empty();
        Optional<Known> valveKnown = Optional.empty();
        if (group.valveFeedbackPoint().isPresent()) {
            Reading feedback = byPoint.get(key(device, group.valveFeedbackPoint().get()));
            if (feedback != null && feedback.quality() == Quality.GOOD) {
                double value = feedback.value().doubleValue();
                double percent = group.valveOnOff() ? (value > 0 ? 100 : 0) : value;
                valveKnown = Optional.of(new Known(percent, feedback.time()));
                if (fresh(feedback, now, feedbackAge) != null) {
                    valve = OptionalDouble.of(percent);
                }
            }
        }
        if (group.setpoint().isPresent()) {
            Reading reading = byPoint.get(key(device, group.setpoint().get()));
            Reading current = fresh(reading, now, feedbackAge);
            targets.add(new Target(ThermostatRule.setpointOutput(device), device, group.setpoint().get(),
                    current == null ? OptionalDouble.empty() : OptionalDouble.of(current.value().doubleValue()),
                    known(reading), deadbands.householdSetpoint(), false));
        }
        if (group.valve().isPresent()) {
            targets.add(new Target(ThermostatRule.valveOutput(device), device, group.valve().get(), valve, valveKnown,
                    deadbands.householdValve(), group.valveOnOff()));
        }
        return Optional.of(new HouseholdInputs(new Household(device, group.zone(), room, program.get(), valve), roomReading,
                targets, writes));
    }

    /**
     * The household's mode: the site's while it is being written to the panel, then the panel's (its
     * user or an operator may change it), else the site's, else by temperature.
     */
    private static ThermostatMode mode(String device, HouseholdGroup group, Map<String, Reading> byPoint,
                                       SitePrograms programs, List<Target> targets, List<Decision> writes,
                                       List<String> problems) {
        Optional<ThermostatMode> panel = Optional.empty();
        Reading reading = group.mode().map(point -> byPoint.get(key(device, point))).orElse(null);
        if (reading != null && reading.quality() == Quality.GOOD) {
            panel = ThermostatMode.ofPanelValue(reading.value().doubleValue());
            if (panel.isEmpty()) {
                problems.add("household " + device + " " + group.mode().get() + " reads " + reading.value().stripTrailingZeros().toPlainString()
                        + ", not a mode (0 temperature, 1 schedule, 2 flow)");
            }
        }
        Optional<ThermostatMode> site = programs.modeToWrite(device);
        if (site.isPresent() && (group.mode().isEmpty() || panel.equals(site))) {
            programs.modeArrived(device);
            site = Optional.empty();
        }
        if (site.isPresent()) {
            String output = modeOutput(device);
            targets.add(new Target(output, device, group.mode().get(), OptionalDouble.empty(), known(reading), MODE_DEADBAND,
                    false));
            writes.add(new Decision(output, Decision.Action.SET, OptionalDouble.of(site.get().panelValue()), "",
                    Map.of("mode.site", (double) site.get().panelValue()), "household " + device + " mode "
                    + site.get().configName() + ": control.programs." + device + ".mode, written to the panel"
                    + panel.map(p -> " (it shows " + p.configName() + ")").orElse("")));
            return site.get();
        }
        return panel.or(() -> programs.program(device).mode()).orElse(ThermostatMode.TEMPERATURE);
    }

    /** The flow mode's fixed opening: the site's while it is being written, then the panel's, else the site's. */
    private static OptionalDouble opening(String device, HouseholdGroup group, Map<String, Reading> byPoint,
                                          SitePrograms programs, List<Target> targets, List<Decision> writes,
                                          ControlBinding.Deadbands deadbands) {
        OptionalDouble panel = OptionalDouble.empty();
        Reading reading = group.fixedOpening().map(point -> byPoint.get(key(device, point))).orElse(null);
        if (reading != null && reading.quality() == Quality.GOOD) {
            panel = OptionalDouble.of(reading.value().doubleValue());
        }
        OptionalDouble site = programs.openingToWrite(device);
        if (site.isPresent() && (group.fixedOpening().isEmpty()
                || panel.isPresent() && Math.abs(panel.getAsDouble() - site.getAsDouble()) <= deadbands.householdValve())) {
            programs.openingArrived(device);
            site = OptionalDouble.empty();
        }
        if (site.isPresent()) {
            String output = fixedOpeningOutput(device);
            targets.add(new Target(output, device, group.fixedOpening().get(), OptionalDouble.empty(), known(reading),
                    deadbands.householdValve(), false));
            writes.add(new Decision(output, Decision.Action.SET, site, "%", Map.of("opening.site", site.getAsDouble()),
                    String.format(Locale.ROOT, "household %s fixed opening %.0f %%: control.programs.%s.opening, written to"
                            + " the panel", device, site.getAsDouble(), device)));
            return site;
        }
        return panel.isPresent() ? panel : programs.program(device).opening();
    }

    /** The written point of an output and its current value (GOOD, not older than {@code maxAge}). */
    private static Target target(String output, Output binding, Map<String, Reading> byPoint, Instant now,
                                 Duration maxAge, double deadband, List<String> problems) {
        Reading reading = byPoint.get(key(binding.device(), binding.feedback()));
        Reading current = fresh(reading, now, maxAge);
        if (current == null) {
            problems.add(output + ": current value unknown (" + describe(binding.feedbackRef(), reading)
                    + ", max age " + maxAge + ")");
        }
        return new Target(output, binding.device(), binding.point(),
                current == null ? OptionalDouble.empty() : OptionalDouble.of(current.value().doubleValue()),
                known(reading), deadband, false);
    }

    /** A GOOD reading of any age: what the device was last seen holding. */
    private static Optional<Known> known(Reading reading) {
        return reading == null || reading.quality() != Quality.GOOD
                ? Optional.empty() : Optional.of(new Known(reading.value().doubleValue(), reading.time()));
    }

    private static Reading fresh(Reading reading, Instant now, Duration maxAge) {
        if (reading == null || reading.quality() != Quality.GOOD || reading.time().isBefore(now.minus(maxAge))) {
            return null;
        }
        return reading;
    }

    /** A GOOD °C reading as a sample; anything else is a problem. */
    private static Optional<Sample> temperature(PointRef ref, Map<String, Reading> byPoint, List<String> problems) {
        Reading reading = byPoint.get(key(ref.device(), ref.point()));
        if (reading == null || reading.quality() != Quality.GOOD) {
            problems.add(ref + " not used: " + describe(ref, reading));
            return Optional.empty();
        }
        if (reading.unit() != Unit.CELSIUS) {
            problems.add(ref + " not used: in " + reading.unit().symbol() + ", not °C");
            return Optional.empty();
        }
        return Optional.of(Sample.of(reading));
    }

    private static String describe(PointRef ref, Reading reading) {
        if (reading == null) {
            return "no reading of " + ref;
        }
        if (reading.quality() != Quality.GOOD) {
            return String.format(Locale.ROOT, "%s is %s at %s%s", ref, reading.quality(), reading.time(),
                    reading.reason().isEmpty() ? "" : " (" + reading.reason() + ")");
        }
        return ref + " last read at " + reading.time();
    }

    private static OptionalDouble value(Optional<PointRef> ref, Map<String, Reading> byPoint) {
        return ref.map(r -> byPoint.get(key(r.device(), r.point())))
                .filter(r -> r.quality() == Quality.GOOD)
                .map(r -> OptionalDouble.of(r.value().doubleValue()))
                .orElse(OptionalDouble.empty());
    }

    private static String key(String device, String point) {
        return device + '\u0000' + point;
    }
}
