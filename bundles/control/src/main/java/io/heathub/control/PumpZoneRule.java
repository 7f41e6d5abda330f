package io.heathub.control;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Pump frequency of one zone from its rooms (see {@link ControlSettings.Pump} for the bands,
 * hysteresis and dwell). Returns a new frequency or "hold", always with the reason.
 */
public final class PumpZoneRule {

    /** Where a zone stands relative to its bands (the memory that makes the hysteresis). */
    public enum Mode { NORMAL, COLD, HOT }

    /**
     * Memory of one zone.
     *
     * @param mode     band state
     * @param lastStep when the drive was last stepped; empty if never
     */
    public record ZoneState(Mode mode, Optional<Instant> lastStep) {
        public ZoneState {
            Objects.requireNonNull(mode, "mode");
            Objects.requireNonNull(lastStep, "lastStep");
        }

        /** Normal, never stepped. */
        public static ZoneState initial() {
            return new ZoneState(Mode.NORMAL, Optional.empty());
        }
    }

    /**
     * Outcome for one zone.
     *
     * @param frequency the new frequency Hz, or empty to hold the current one
     * @param statistic zone room statistic °C, NaN when too few rooms
     * @param rooms     usable rooms in the zone
     * @param state     new zone memory
     * @param reason    human explanation
     */
    public record Result(OptionalDouble frequency, double statistic, int rooms, ZoneState state, String reason) { }

    private final ControlSettings.Pump settings;
    private final ControlSettings.Room room;

    /** A rule with the pump settings; room staleness and plausibility come from the room settings. */
    public PumpZoneRule(ControlSettings.Pump settings, ControlSettings.Room room) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.room = Objects.requireNonNull(room, "room");
    }

    /**
     * One step for a zone.
     *
     * @param zone        zone id, for the reason
     * @param rooms       the zone's room samples
     * @param currentHz   the drive's current frequency (feedback or last setpoint)
     * @param state       the zone's memory
     * @param now         the cycle's time
     */
    public Result step(String zone, List<Sample> rooms, double currentHz, ZoneState state, Instant now) {
        return step(zone, rooms, currentHz, state, now, settings.limits());
    }

    /**
     * One step for a zone within {@code limits} (the pump's range, or a time-of-day period's).
     *
     * @param limits the frequency range the step is clamped to
     */
    public Result step(String zone, List<Sample> rooms, double currentHz, ZoneState state, Instant now, Limits limits) {
        double[] values = new double[rooms.size()];
        int count = 0;
        for (Sample sample : rooms) {
            if (sample.usable(now, room.maxAge(), room.plausible())) {
                values[count++] = sample.value();
            }
        }
        if (count < settings.minimumRooms()) {
            return hold(Double.NaN, count, state, String.format(Locale.ROOT,
                    "pump %s hold at %.1f Hz: %d usable rooms < minimum %d", zone, currentHz, count, settings.minimumRooms()));
        }
        double statistic = Percentile.nearestRank(values, count, settings.percentile());
        Mode mode = nextMode(state.mode(), statistic);
        ZoneState moved = new ZoneState(mode, state.lastStep());
        String stat = String.format(Locale.ROOT, "P%s %.1f °C", trimZero(settings.percentile()), statistic);
        if (mode == Mode.NORMAL) {
            return hold(statistic, count, moved, String.format(Locale.ROOT, "pump %s hold at %.1f Hz: %s within %.1f–%.1f °C",
                    zone, currentHz, stat, settings.lowBand(), settings.highBand()));
        }
        String why = mode == Mode.COLD
                ? String.format(Locale.ROOT, "%s < %.1f °C", stat, settings.lowBand() + (state.mode() == Mode.COLD ? settings.hysteresis() : 0))
                : String.format(Locale.ROOT, "%s > %.1f °C", stat, settings.highBand() - (state.mode() == Mode.HOT ? settings.hysteresis() : 0));
        if (state.lastStep().isPresent() && now.isBefore(state.lastStep().get().plus(settings.dwell()))) {
            return hold(statistic, count, moved, String.format(Locale.ROOT, "pump %s hold at %.1f Hz: %s, dwell until %s",
                    zone, currentHz, why, state.lastStep().get().plus(settings.dwell())));
        }
        double wanted = mode == Mode.COLD ? currentHz + settings.raiseStepHz() : currentHz - settings.lowerStepHz();
        double next = limits.clamp(wanted);
        if (next == currentHz) {
            return hold(statistic, count, moved, String.format(Locale.ROOT, "pump %s hold at %.1f Hz: %s but at %s %.1f Hz",
                    zone, currentHz, why, mode == Mode.COLD ? "maximum" : "minimum", next));
        }
        String clamp = next != wanted ? String.format(Locale.ROOT, " (limited to %.1f–%.1f Hz)", limits.min(), limits.max()) : "";
        return new Result(OptionalDouble.of(next), statistic, count, new ZoneState(mode, Optional.of(now)),
                String.format(Locale.ROOT, "pump %s %.1f Hz: %s %+.1f Hz from %.1f Hz, %s%s", zone, next,
                        mode == Mode.COLD ? "raise" : "lower", next - currentHz, currentHz, why, clamp));
    }

    /** The Schmitt trigger on the two bands. */
    private Mode nextMode(Mode mode, double statistic) {
        if (statistic < settings.lowBand()) {
            return Mode.COLD;
        }
        if (statistic > settings.highBand()) {
            return Mode.HOT;
        }
        if (mode == Mode.COLD && statistic < settings.lowBand() + settings.hysteresis()) {
            return Mode.COLD;
        }
        if (mode == Mode.HOT && statistic > settings.highBand() - settings.hysteresis()) {
            return Mode.HOT;
        }
        return Mode.NORMAL;
    }

    private static Result hold(double statistic, int rooms, ZoneState state, String reason) {
        return new Result(OptionalDouble.empty(), statistic, rooms, state, reason);
    }

    private static String trimZero(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }
}
