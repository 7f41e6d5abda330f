package io.heathub.billing;

import io.heathub.api.Points;
import io.heathub.api.Quality;
import io.heathub.api.Reading;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The cut values of one meter's counter, {@code heat.energy} unless another counter point is
 * named (docs/domain.md §5.2). A cut is the good reading exactly at the instant, else the linear
 * interpolation in time between the last good reading before and the first good one after
 * (marked estimated). With no good reading on one side there is no cut: billing reports it and
 * never invents one. Readings of any quality other than {@link Quality#GOOD} are ignored; good
 * readings that contradict the counter's history (going backwards) are left out and listed in
 * {@link #problems()}.
 */
public final class MeterCuts {
    /** Decimals kept for interpolated values; output rounds further. */
    private static final int INTERPOLATION_SCALE = 6;

    private final String meter;
    private final String point;
    private final Instant[] times;
    private final BigDecimal[] values;
    private final List<CounterProblem> problems;

    private MeterCuts(String meter, String point, Instant[] times, BigDecimal[] values, List<CounterProblem> problems) {
        this.meter = meter;
        this.point = point;
        this.times = times;
        this.values = values;
        this.problems = List.copyOf(problems);
    }

    /** The cuts of {@code meter}'s {@code heat.energy} from whichever readings are given (others' readings are skipped). */
    public static MeterCuts of(String meter, Collection<Reading> readings) {
        return of(meter, Points.HEAT_ENERGY, readings);
    }

    /**
     * The cuts of another counter of {@code meter} (e.g. {@code volume}), by the same rule; values
     * are in that point's unit although {@link Cut#kWh()} and {@link CounterProblem} name kWh.
     *
     * @since 1.1
     */
    public static MeterCuts of(String meter, String point, Collection<Reading> readings) {
        List<Reading> good = new ArrayList<>();
        for (Reading r : readings) {
            if (r.device().equals(meter) && r.point().equals(point) && r.quality() == Quality.GOOD) {
                good.add(r);
            }
        }
        good.sort(Comparator.comparing(Reading::time));
        List<Instant> times = new ArrayList<>();
        List<BigDecimal> values = new ArrayList<>();
        List<CounterProblem> problems = new ArrayList<>();
        for (Reading r : good) {
            int last = times.size() - 1;
            if (last >= 0) {
                boolean sameInstant = times.get(last).equals(r.time());
                int cmp = r.value().compareTo(values.get(last));
                if (sameInstant && cmp == 0) {
                    continue; // the same reading delivered twice
                }
                if (sameInstant || cmp < 0) {
                    problems.add(new CounterProblem(meter, r.time(), r.value(), times.get(last), values.get(last)));
                    continue;
                }
            }
            times.add(r.time());
            values.add(r.value());
        }
        return new MeterCuts(meter, point, times.toArray(Instant[]::new), values.toArray(BigDecimal[]::new), problems);
    }

    public String meter() {
        return meter;
    }

    /** Good readings left out because they contradict the counter. */
    public List<CounterProblem> problems() {
        return problems;
    }

    /** The cut at {@code instant}, or empty when no good reading lies on one side of it. */
    public Optional<Cut> at(Instant instant) {
        int index = Arrays.binarySearch(times, instant);
        if (index >= 0) {
            return Optional.of(new Cut(instant, values[index], false));
        }
        int after = -index - 1;
        int before = after - 1;
        if (before < 0 || after >= times.length) {
            return Optional.empty();
        }
        BigDecimal elapsed = nanos(times[before], instant);
        BigDecimal span = nanos(times[before], times[after]);
        BigDecimal rise = values[after].subtract(values[before]);
        BigDecimal value = values[before].add(rise.multiply(elapsed).divide(span, INTERPOLATION_SCALE, RoundingMode.HALF_UP));
        return Optional.of(new Cut(instant, value, true));
    }

    /**
     * Time of the last good reading at or before {@code instant} (the one a cut there starts
     * from), so callers can tell how far an interpolated cut is from real data.
     *
     * @since 1.1
     */
    public Optional<Instant> lastGoodAtOrBefore(Instant instant) {
        int index = Arrays.binarySearch(times, instant);
        int before = index >= 0 ? index : -index - 2;
        return before < 0 ? Optional.empty() : Optional.of(times[before]);
    }

    /**
     * Time of the first good reading at or after {@code instant}.
     *
     * @since 1.1
     */
    public Optional<Instant> firstGoodAtOrAfter(Instant instant) {
        int index = Arrays.binarySearch(times, instant);
        int after = index >= 0 ? index : -index - 1;
        return after >= times.length ? Optional.empty() : Optional.of(times[after]);
    }

    /** Why there is no cut at {@code instant}, for messages (times shown in {@code zone}); empty when there is one. */
    public Optional<String> whyNoCut(Instant instant, ZoneId zone) {
        if (at(instant).isPresent()) {
            return Optional.empty();
        }
        if (times.length == 0) {
            return Optional.of("meter " + meter + " has no good " + point + " reading");
        }
        boolean nothingBefore = times[0].isAfter(instant);
        Instant nearest = nothingBefore ? times[0] : times[times.length - 1];
        return Optional.of("meter " + meter + " has no good " + point + " reading " + (nothingBefore ? "before" : "after")
                + " the cut at " + local(instant, zone) + " (" + (nothingBefore ? "first" : "last") + " one at "
                + local(nearest, zone) + ")");
    }

    static String local(Instant instant, ZoneId zone) {
        return instant.atZone(zone).toOffsetDateTime().toString();
    }

    private static BigDecimal nanos(Instant from, Instant to) {
        return new BigDecimal(Duration.between(from, to).toNanos());
    }
}
