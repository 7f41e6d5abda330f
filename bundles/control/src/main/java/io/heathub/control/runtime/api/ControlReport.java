package io.heathub.control.runtime.api;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One control cycle as an operator reads it: what the engine saw, what it decided and why, and
 * what was sent to the field with what result.
 *
 * @param time       when the cycle ran
 * @param cycle      cycle number since the loop started (1 = first)
 * @param dayKind    calendar day kind: {@code off}, {@code test}, {@code season}, {@code extension}
 * @param day        the calendar's reason, e.g. "2026-11-23 season (season 2026-11-15–2027-03-15): control set base"
 * @param outdoor    outdoor input
 * @param supply     the secondary supply setpoint
 * @param rooms      room statistics of the rooms that count today
 * @param trim       room trim of the supply setpoint, °C
 * @param pumps      per-zone pump decision, by zone
 * @param sourceLoad the heat source load decision
 * @param decisions  every decision of the cycle (supply, pumps, source, calendar, households) with its dispatch
 * @param commands   the commands sent this cycle, with their results
 * @param problems   inputs the binding names but the cycle could not use (missing or non-GOOD readings…)
 */
public record ControlReport(Instant time, long cycle, String dayKind, String day, Outdoor outdoor, Supply supply,
                            RoomStatistics rooms, double trim, List<Pump> pumps, DecisionRecord sourceLoad,
                            List<DecisionRecord> decisions, List<SentCommand> commands, List<String> problems) {

    public ControlReport {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(dayKind, "dayKind");
        Objects.requireNonNull(day, "day");
        Objects.requireNonNull(outdoor, "outdoor");
        Objects.requireNonNull(supply, "supply");
        Objects.requireNonNull(rooms, "rooms");
        pumps = List.copyOf(pumps);
        Objects.requireNonNull(sourceLoad, "sourceLoad");
        decisions = List.copyOf(decisions);
        commands = List.copyOf(commands);
        problems = List.copyOf(problems);
    }

    /** The same report with {@code command}'s entry (same request id) replaced: a result that came in late. */
    public ControlReport withCommand(SentCommand command) {
        List<SentCommand> updated = commands.stream()
                .map(c -> c.requestId().equals(command.requestId()) ? command : c)
                .toList();
        return new ControlReport(time, cycle, dayKind, day, outdoor, supply, rooms, trim, pumps, sourceLoad, decisions,
                updated, problems);
    }

    /** The decision of {@code output}, if the cycle made one. */
    public Optional<DecisionRecord> decision(String output) {
        return decisions.stream().filter(d -> d.output().equals(output)).findFirst();
    }

    /**
     * The outdoor input.
     *
     * @param raw            latest outdoor reading, °C (whatever its age and quality)
     * @param rawTime        its measurement time
     * @param rawQuality     its quality ({@code GOOD}, {@code SUSPECT}, …), empty without a reading
     * @param filtered       the engine's smoothed outdoor, °C
     * @param forecast       mean of the forecast points used, °C; empty when none was used
     * @param forecastPoints forecast points inside the look-ahead window
     * @param effective      the outdoor the curve was read at (smoothed blended with the forecast), °C
     * @param stale          no fresh outdoor: the supply setpoint is held
     */
    public record Outdoor(OptionalDouble raw, Optional<Instant> rawTime, String rawQuality, OptionalDouble filtered,
                          OptionalDouble forecast, int forecastPoints, OptionalDouble effective, boolean stale) {
        public Outdoor {
            Objects.requireNonNull(raw, "raw");
            Objects.requireNonNull(rawTime, "rawTime");
            Objects.requireNonNull(rawQuality, "rawQuality");
            Objects.requireNonNull(filtered, "filtered");
            Objects.requireNonNull(forecast, "forecast");
            Objects.requireNonNull(effective, "effective");
        }
    }

    /**
     * The secondary supply setpoint.
     *
     * @param action         {@code SET} or {@code HOLD}
     * @param setpoint       the decided (or held) setpoint, °C
     * @param curve          the heating curve's value at the effective outdoor, °C; empty while held
     * @param current        the setpoint the controller holds now (its reading), °C
     * @param measuredSupply measured secondary supply, °C
     * @param measuredReturn measured secondary return, °C
     * @param reasonChain    the steps from outdoor to command: curve, room trim, limits, dispatch
     * @param reason         the engine's reason in one line
     */
    public record Supply(String action, OptionalDouble setpoint, OptionalDouble curve, OptionalDouble current,
                         OptionalDouble measuredSupply, OptionalDouble measuredReturn, List<String> reasonChain,
                         String reason) {
        public Supply {
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(setpoint, "setpoint");
            Objects.requireNonNull(curve, "curve");
            Objects.requireNonNull(current, "current");
            Objects.requireNonNull(measuredSupply, "measuredSupply");
            Objects.requireNonNull(measuredReturn, "measuredReturn");
            reasonChain = List.copyOf(reasonChain);
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * Room temperatures that count today (plain room sensors and the rooms of heated households).
     *
     * @param percentile the configured percentile p (10 = P10)
     * @param value      nearest-rank p-th percentile of the used rooms, °C
     * @param min        coldest used room, °C
     * @param max        warmest used room, °C
     * @param used       rooms used: GOOD, plausible, fresh
     * @param stale      rooms without a fresh reading (older than {@code room.maxAge}, or none yet)
     * @param excluded   rooms whose reading is SUSPECT, BAD, ESTIMATED or implausible
     */
    public record RoomStatistics(double percentile, OptionalDouble value, OptionalDouble min, OptionalDouble max,
                                 int used, int stale, int excluded) {
        public RoomStatistics {
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(min, "min");
            Objects.requireNonNull(max, "max");
        }
    }

    /**
     * One pump zone.
     *
     * @param zone      zone id
     * @param action    {@code SET} or {@code HOLD}
     * @param hz        decided (or held) drive frequency, Hz
     * @param currentHz the drive's frequency feedback, Hz
     * @param reason    why
     */
    public record Pump(String zone, String action, OptionalDouble hz, OptionalDouble currentHz, String reason) {
        public Pump {
            Objects.requireNonNull(zone, "zone");
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(hz, "hz");
            Objects.requireNonNull(currentHz, "currentHz");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * One decision of the engine and what the loop did with it.
     *
     * @param output   {@code supply}, {@code pump/<zone>}, {@code source.load}, {@code source.flow},
     *                 {@code calendar}, {@code household/<id>/setpoint}, {@code household/<id>/valve}
     * @param action   {@code SET} or {@code HOLD}
     * @param value    the value decided or held
     * @param unit     °C, Hz, %, m³/h
     * @param inputs   the numbers it was made from, by name
     * @param reason   the engine's reason
     * @param dispatch what the loop did: "sent request …", "within deadband …", "hold", "not bound" …
     */
    public record DecisionRecord(String output, String action, OptionalDouble value, String unit,
                                 Map<String, Double> inputs, String reason, String dispatch) {
        public DecisionRecord {
            Objects.requireNonNull(output, "output");
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(unit, "unit");
            inputs = Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(dispatch, "dispatch");
        }
    }

    /**
     * A command sent through the hub's command service, with requestedBy {@code control}.
     *
     * @param output    the decision it carries out
     * @param requestId the command's request id (also in the audit log)
     * @param device    device id
     * @param point     point written
     * @param value     value written
     * @param status    {@code DONE}, {@code REFUSED}, {@code FAILED}, or {@code ACCEPTED} while no result is in
     * @param message   why it was refused or failed; empty when done
     */
    public record SentCommand(String output, String requestId, String device, String point, BigDecimal value,
                              String status, String message) {
        public SentCommand {
            Objects.requireNonNull(output, "output");
            Objects.requireNonNull(requestId, "requestId");
            Objects.requireNonNull(device, "device");
            Objects.requireNonNull(point, "point");
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(message, "message");
        }
    }
}
