package io.heathub.core.pipeline;

import static java.lang.System.Logger.Level.WARNING;

import io.heathub.api.Points;
import io.heathub.api.Quality;
import io.heathub.api.Reading;
import io.heathub.wire.ReadingInput;
import io.heathub.wire.TimeSpans;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Plausibility rules of docs/domain.md §2.5.5. Marks readings {@link Quality#SUSPECT} with a reason and
 * never drops one. Thread-safe: buses validate in parallel, each device only from its own bus.
 */
public final class Validator {
    private static final System.Logger LOG = System.getLogger(Validator.class.getName());
    /** Default of {@code meterClockTolerance}: beyond it a meter clock is wrong, not drifting. */
    public static final Duration DEFAULT_CLOCK_TOLERANCE = Duration.ofHours(1);

    private final ReadingInput door;
    private final Duration clockTolerance;
    private final Clock clock;
    /** The counters' references per device/point (see {@link CounterReference}). */
    private final Map<String, CounterReference> counters = new ConcurrentHashMap<>();
    /** Per device: how far its clock was off at its last {@code meter.clock} reading, when beyond the tolerance. */
    private final Map<String, String> wrongClocks = new ConcurrentHashMap<>();

    /** The default window, a 1 h clock tolerance, the system clock. */
    public Validator() {
        this(new ReadingInput(ReadingInput.Limits.DEFAULT, Clock.systemUTC()), DEFAULT_CLOCK_TOLERANCE,
                Clock.systemUTC());
    }

    /**
     * @param door           the checks of every way in; a reading failing them is marked, not dropped
     * @param clockTolerance how far a meter's clock may be off the hub's before its readings are suspect
     * @param clock          the hub's clock
     */
    public Validator(ReadingInput door, Duration clockTolerance, Clock clock) {
        this.door = door;
        this.clockTolerance = clockTolerance;
        this.clock = clock;
    }

    /** Validates readings given from outside the buses (already checked at the door). */
    public List<Reading> validate(List<Reading> batch) {
        return validate(batch, false);
    }

    /**
     * Validates one device's poll: besides the rules for every reading, what fails the door's
     * checks ({@link ReadingInput#polledProblem}) and every reading of a device whose meter clock
     * is far off are marked.
     */
    public List<Reading> validatePoll(List<Reading> batch) {
        return validate(batch, true);
    }

    private List<Reading> validate(List<Reading> batch, boolean polled) {
        Map<String, Reading> byPoint = new HashMap<>();
        for (Reading r : batch) {
            byPoint.put(r.device() + '\u0000' + r.point(), r);
            if (polled && r.point().equals(Points.METER_CLOCK) && r.quality() != Quality.BAD) {
                noteMeterClock(r);
            }
        }
        Instant now = clock.instant();
        List<Reading> out = new ArrayList<>(batch.size());
        for (Reading r : batch) {
            Reading checked = r;
            if (polled) {
                checked = atTheDoor(checked);
                String wrongClock = wrongClocks.get(r.device());
                if (wrongClock != null) {
                    checked = checked.withQuality(Quality.SUSPECT, wrongClock);
                }
            }
            out.add(checkSupplyReturn(checkCounter(checked, now), byPoint));
        }
        return out;
    }

    private Reading atTheDoor(Reading r) {
        Optional<String> problem = door.polledProblem(r);
        return problem.isEmpty() ? r : r.withQuality(Quality.SUSPECT, problem.get());
    }

    /**
     * A meter clock far from the hub's makes every reading of its device suspect until a clock
     * reading within the tolerance: readings time-stamped by that clock sit on the wrong day.
     */
    private void noteMeterClock(Reading r) {
        Optional<Instant> meterTime = epochSeconds(r.value());
        if (meterTime.isEmpty()) {
            wrongClocks.put(r.device(), "meter clock " + r.value().toPlainString() + " is not a time");
            return;
        }
        Duration off = Duration.between(r.time(), meterTime.get());
        if (off.abs().compareTo(clockTolerance) <= 0) {
            if (wrongClocks.remove(r.device()) != null) {
                LOG.log(WARNING, "device {0}: meter clock within {1} of hub time again; its readings are no longer"
                        + " marked", r.device(), TimeSpans.describe(clockTolerance));
            }
            return;
        }
        String reason = "meter clock " + meterTime.get() + " is " + TimeSpans.describe(off)
                + (off.isNegative() ? " behind" : " ahead of") + " hub time " + r.time() + " (more than "
                + TimeSpans.describe(clockTolerance) + ")";
        if (wrongClocks.put(r.device(), reason) == null) {
            LOG.log(WARNING, "device {0}: {1}; its readings are SUSPECT until the clock is set", r.device(), reason);
        }
    }

    private static Optional<Instant> epochSeconds(BigDecimal seconds) {
        try {
            BigDecimal nanos = seconds.movePointRight(9).setScale(0, RoundingMode.HALF_UP);
            BigDecimal[] parts = nanos.divideAndRemainder(BigDecimal.valueOf(1_000_000_000L));
            return Optional.of(Instant.ofEpochSecond(parts[0].longValueExact(), parts[1].longValueExact()));
        } catch (ArithmeticException | java.time.DateTimeException e) {
            return Optional.empty();
        }
    }

    private Reading checkCounter(Reading r, Instant now) {
        if (!Points.isCounter(r.point()) || r.quality() != Quality.GOOD) {
            return r;
        }
        // A counter cannot have been read in the future: such a time is a wrong clock, and as a
        // reference it would make every later reading look late.
        Duration ahead = Duration.between(now, r.time());
        if (ahead.compareTo(clockTolerance) > 0) {
            return r.withQuality(Quality.SUSPECT, "counter reading time-stamped " + TimeSpans.describe(ahead)
                    + " ahead of hub time " + now);
        }
        String key = r.device() + '/' + r.point();
        CounterReference reference = counters.computeIfAbsent(key, k -> new CounterReference());
        Optional<String> suspect = reference.judge(r.time(), r.value(), r.unit().symbol());
        reference.takeOverruled().ifPresent(why -> LOG.log(WARNING, "device {0} {1}: {2}", r.device(), r.point(), why));
        return suspect.map(reason -> r.withQuality(Quality.SUSPECT, reason)).orElse(r);
    }

    private static Reading checkSupplyReturn(Reading r, Map<String, Reading> sameDevice) {
        boolean isTemp = r.point().equals(Points.TEMP_SUPPLY) || r.point().equals(Points.TEMP_RETURN);
        if (!isTemp) {
            return r;
        }
        Reading supply = sameDevice.get(r.device() + '\u0000' + Points.TEMP_SUPPLY);
        Reading ret = sameDevice.get(r.device() + '\u0000' + Points.TEMP_RETURN);
        Reading flow = sameDevice.get(r.device() + '\u0000' + Points.FLOW);
        if (supply == null || ret == null || flow == null || flow.value().signum() <= 0) {
            return r;
        }
        if (supply.value().compareTo(ret.value()) < 0) {
            return r.withQuality(Quality.SUSPECT, "supply " + supply.value().toPlainString() + " °C colder than return "
                    + ret.value().toPlainString() + " °C while flow is " + flow.value().toPlainString() + " m³/h");
        }
        return r;
    }
}
