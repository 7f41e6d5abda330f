package io.heathub.control;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Trims the curve's supply setpoint from the household room temperatures. The room statistic is
 * the configured low percentile (nearest rank, see {@link Percentile}) of the usable rooms (GOOD,
 * plausible, not older than the room max age). The trim is a slow integral action:
 * {@code trim ← clamp(trim + gainPerHour · (target − statistic) · Δt_h, ±maxTrim)}, with
 * {@code Δt} capped at {@code maxIntegrationStep}.
 *
 * <p>Anti-windup: the trim is bounded, and it does not integrate further in a direction in which
 * the supply setpoint is already at its limit (the supply limits would swallow the change and the
 * integrator would only wind up). With fewer usable rooms than the minimum the trim is not
 * applied (curve alone) and the integrator is frozen where it was.
 */
public final class RoomFeedback {

    /**
     * Integrator memory.
     *
     * @param trim       current trim °C
     * @param lastUpdate when the trim was last integrated; empty before the first time
     */
    public record State(double trim, Optional<Instant> lastUpdate) {
        public State {
            Objects.requireNonNull(lastUpdate, "lastUpdate");
        }

        /** Zero trim, never integrated. */
        public static State initial() {
            return new State(0, Optional.empty());
        }
    }

    /**
     * The outcome of one step.
     *
     * @param applied   whether the trim is applied to the setpoint
     * @param trim      trim to add to the curve (0 when not applied)
     * @param statistic room percentile °C, NaN when too few rooms
     * @param target    room target °C
     * @param rooms     usable rooms counted
     * @param state     new integrator state
     * @param reason    human explanation
     */
    public record Result(boolean applied, double trim, double statistic, double target, int rooms, State state,
                         String reason) { }

    private final ControlSettings.Room settings;

    /** Room feedback with the given settings. */
    public RoomFeedback(ControlSettings.Room settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * One integration step.
     *
     * @param rooms   room samples, all zones
     * @param outdoor effective outdoor °C (selects the target band)
     * @param curve   the curve's supply setpoint before trim, for anti-windup
     * @param supply  supply limits
     * @param state   integrator state
     * @param now     the cycle's time
     */
    public Result step(Collection<List<Sample>> rooms, double outdoor, double curve, Limits supply, State state,
                       Instant now) {
        double[] values = new double[rooms.stream().mapToInt(List::size).sum()];
        int count = 0;
        for (List<Sample> zone : rooms) {
            for (Sample sample : zone) {
                if (sample.usable(now, settings.maxAge(), settings.plausible())) {
                    values[count++] = sample.value();
                }
            }
        }
        double target = settings.target().at(outdoor);
        String pName = "P" + format(settings.percentile()).replace(".0", "");
        if (count < settings.minimumRooms()) {
            return new Result(false, 0, Double.NaN, target, count, state, "no room trim: " + count
                    + " usable rooms < minimum " + settings.minimumRooms() + ", curve alone");
        }
        double statistic = Percentile.nearestRank(values, count, settings.percentile());
        double error = target - statistic;
        double hours = state.lastUpdate()
                .map(last -> Math.max(0, Duration.between(last, now).toNanos() / 3.6e12))
                .orElse(0.0);
        hours = Math.min(hours, settings.maxIntegrationStep().toNanos() / 3.6e12);
        double trim = state.trim();
        boolean atUpper = curve + trim >= supply.max() && error > 0;
        boolean atLower = curve + trim <= supply.min() && error < 0;
        String windup = "";
        if (atUpper || atLower) {
            windup = ", integration paused (supply at " + (atUpper ? "maximum" : "minimum") + ")";
        } else {
            trim = Math.max(-settings.maxTrim(), Math.min(settings.maxTrim(), trim + settings.gainPerHour() * error * hours));
        }
        String comparison = statistic < target ? " < " : statistic > target ? " > " : " = ";
        String reason = String.format(Locale.ROOT, "room trim %+.1f (%s %.1f °C%s%.1f °C, %d rooms%s)", trim, pName,
                statistic, comparison, target, count, windup);
        return new Result(true, trim, statistic, target, count, new State(trim, Optional.of(now)), reason);
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
