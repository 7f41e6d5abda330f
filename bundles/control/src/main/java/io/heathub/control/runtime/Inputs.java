package io.heathub.control.runtime;

import io.heathub.api.Quality;
import io.heathub.api.Reading;
import io.heathub.api.Unit;
import io.heathub.control.ForecastPoint;
import io.heathub.control.Household;
import io.heathub.control.Sample;
import io.heathub.control.Snapshot;
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
 */
record Inputs(Snapshot snapshot, Map<String, Target> targets, List<RoomSlot> roomSlots,
              Optional<Reading> outdoorReading, OptionalDouble supplyMeasured, OptionalDouble returnMeasured,
              List<String> problems) {

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
    static Inputs read(ControlBinding binding, Collection<Reading> latest, Collection<String> devices,
                       List<ForecastPoint> pushedForecast, Instant now) {
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
                household(device, household.get(), byPoint, now, binding, problems).ifPresent(h -> {
                    households.add(h.household());
                    slots.add(new RoomSlot(Optional.of(device), h.roomReading()));
                    h.targets().forEach(t -> targets.put(t.output(), t));
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
                value(binding.supplyTemperature(), byPoint), value(binding.returnTemperature(), byPoint), problems);
    }

    private record HouseholdInputs(Household household, Optional<Reading> roomReading, List<Target> targets) {
    }

    private static Optional<HouseholdInputs> household(String device, HouseholdGroup group, Map<String, Reading> byPoint,
                                                       Instant now, ControlBinding binding, List<String> problems) {
        Optional<Reading> roomReading = Optional.ofNullable(byPoint.get(key(device, group.room())));
        Optional<Sample> room = temperature(new PointRef(device, group.room()), byPoint, problems);
        Reading user = byPoint.get(key(device, group.userSetpoint()));
        ThermostatProgram program;
        if (user != null && user.quality() == Quality.GOOD) {
            program = new ThermostatProgram.ByTemperature(user.value().doubleValue());
        } else if (group.defaultSetpoint().isPresent()) {
            program = new ThermostatProgram.ByTemperature(group.defaultSetpoint().getAsDouble());
        } else {
            problems.add("household " + device + " left out: no GOOD " + group.userSetpoint()
                    + " reading (the user's setpoint) and no defaultSetpoint");
            return Optional.empty();
        }
        Duration feedbackAge = binding.feedbackMaxAge();
        ControlBinding.Deadbands deadbands = binding.dispatch().deadbands();
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
        List<Target> targets = new ArrayList<>();
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
        return Optional.of(new HouseholdInputs(new Household(device, group.zone(), room, program, valve), roomReading,
                targets));
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
