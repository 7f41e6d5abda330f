package io.heathub.control;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Smoothing of the outdoor temperature and the optional forecast shift.
 *
 * <p><b>Smoothing</b>: first-order exponential filter on timestamps. For a new sample {@code x} at
 * {@code Δt} after the previous one: {@code s ← s + (1 − e^(−Δt/τ))·(x − s)}, with {@code τ} the
 * configured time constant; irregular sampling is handled by the {@code Δt}. Samples not newer than
 * the filter's last one are ignored. A filter whose last sample is older than the outdoor max age
 * (an outage) restarts from the new sample instead of blending with a stale value.
 *
 * <p><b>Forecast shift</b>: {@code effective = (1 − w)·s + w·m}, where {@code m} is the arithmetic
 * mean of the usable forecast points with {@code now < time <= now + lookAhead} and {@code w} the
 * configured forecast weight (0 = no feed-forward). Without such points {@code effective = s}.
 */
public final class OutdoorFilter {

    /**
     * Filter memory.
     *
     * @param smoothed smoothed outdoor °C
     * @param time     time of the last sample folded in
     */
    public record State(double smoothed, Instant time) {
        public State {
            Objects.requireNonNull(time, "time");
        }
    }

    /** Effective outdoor temperature and how it was made. */
    public record Effective(double value, double smoothed, Optional<Double> forecastMean, int forecastPoints) { }

    /** Settings of the outdoor input. */
    private final ControlSettings.Outdoor settings;

    /** A filter with the given settings. */
    public OutdoorFilter(ControlSettings.Outdoor settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * Folds the usable samples (see {@link Sample#usable}) newer than the state into it, in time
     * order. Returns the previous state when nothing usable is new (it may then be stale: see
     * {@link #isFresh}).
     */
    public Optional<State> update(Optional<State> previous, List<Sample> samples, Instant now) {
        Optional<State> state = previous;
        List<Sample> usable = samples.stream()
                .filter(sample -> sample.usable(now, settings.maxAge(), settings.plausible()))
                .sorted(Comparator.comparing(Sample::time))
                .toList();
        for (Sample sample : usable) {
            if (state.isEmpty() || state.get().time().isBefore(sample.time().minus(settings.maxAge()))) {
                state = Optional.of(new State(sample.value(), sample.time()));
            } else if (sample.time().isAfter(state.get().time())) {
                State last = state.get();
                double seconds = Duration.between(last.time(), sample.time()).toNanos() / 1e9;
                double alpha = 1 - Math.exp(-seconds / (settings.timeConstant().toNanos() / 1e9));
                state = Optional.of(new State(last.smoothed() + alpha * (sample.value() - last.smoothed()),
                        sample.time()));
            }
        }
        return state;
    }

    /** Whether the filter's last sample is recent enough to drive the loop. */
    public boolean isFresh(Optional<State> state, Instant now) {
        return state.isPresent() && !state.get().time().isBefore(now.minus(settings.maxAge()));
    }

    /** The effective outdoor temperature: smoothed value blended with the forecast mean. */
    public Effective effective(State state, List<ForecastPoint> forecast, Instant now) {
        Instant horizon = now.plus(settings.forecastLookAhead());
        double sum = 0;
        int count = 0;
        for (ForecastPoint point : forecast) {
            if (point.time().isAfter(now) && !point.time().isAfter(horizon)
                    && settings.plausible().contains(point.temperature())) {
                sum += point.temperature();
                count++;
            }
        }
        if (count == 0 || settings.forecastWeight() == 0) {
            return new Effective(state.smoothed(), state.smoothed(), Optional.empty(), count);
        }
        double mean = sum / count;
        double weight = settings.forecastWeight();
        return new Effective((1 - weight) * state.smoothed() + weight * mean, state.smoothed(), Optional.of(mean), count);
    }

    /** A human description of an effective value. */
    static String describe(Effective effective, double weight) {
        if (effective.forecastMean().isEmpty()) {
            return String.format(Locale.ROOT, "%.1f °C outdoor", effective.value());
        }
        return String.format(Locale.ROOT, "%.1f °C outdoor (smoothed %.1f, forecast mean %.1f ×%.2f)",
                effective.value(), effective.smoothed(), effective.forecastMean().get(), weight);
    }
}
