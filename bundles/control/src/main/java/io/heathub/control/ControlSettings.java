package io.heathub.control;

import java.time.Duration;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Every number the engine uses. {@link #defaults()} is the one place where defaults live; they
 * come from {@code docs/domain.md} §3 (the heating curve: §3.1). A site
 * overrides any of them.
 *
 * @param curve    the heating curve
 * @param supply   limits of the supply setpoint
 * @param outdoor  outdoor input: smoothing, staleness, forecast shift
 * @param room     room feedback (trim of the curve)
 * @param pump     per-zone pump frequency rule
 * @param source   heat source load rule
 * @param flow     season flow setpoints
 * @param siteZone the zone in which calendar dates are read (Asia/Shanghai)
 */
public record ControlSettings(HeatingCurve curve, Supply supply, Outdoor outdoor, Room room, Pump pump,
                              Source source, SeasonFlow flow, ZoneId siteZone) {

    public ControlSettings {
        Objects.requireNonNull(curve, "curve");
        Objects.requireNonNull(supply, "supply");
        Objects.requireNonNull(outdoor, "outdoor");
        Objects.requireNonNull(room, "room");
        Objects.requireNonNull(pump, "pump");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(flow, "flow");
        Objects.requireNonNull(siteZone, "siteZone");
    }

    /**
     * Limits of the secondary supply setpoint.
     *
     * @param limits   the setpoint never leaves this range (°C)
     * @param rate     the setpoint moves at most this fast
     * @param fallback held when the outdoor input is stale and no earlier safe setpoint is known
     */
    public record Supply(Limits limits, RateLimit rate, double fallback) {
        public Supply {
            Objects.requireNonNull(limits, "limits");
            Objects.requireNonNull(rate, "rate");
            if (!limits.contains(fallback)) {
                throw new IllegalArgumentException("supply fallback " + fallback + " outside supply limits " + limits);
            }
        }
    }

    /**
     * Outdoor input.
     *
     * @param timeConstant      τ of the exponential smoothing, {@code > 0}
     * @param maxAge            older samples are stale; no fresh sample → hold the last safe setpoint
     * @param plausible         samples outside this range are ignored (°C)
     * @param forecastWeight    w in [0, 1]: share of the forecast mean in the effective outdoor
     * @param forecastLookAhead window after now whose forecast points are averaged, {@code > 0} and at
     *                          most {@link #MAX_FORECAST_LOOK_AHEAD}
     */
    public record Outdoor(Duration timeConstant, Duration maxAge, Limits plausible, double forecastWeight,
                          Duration forecastLookAhead) {
        /** The longest forecast the source texts work with (Minle 2025: 48–72 h). */
        public static final Duration MAX_FORECAST_LOOK_AHEAD = Duration.ofHours(72);

        public Outdoor {
            requirePositive("outdoor.timeConstant", timeConstant);
            requirePositive("outdoor.maxAge", maxAge);
            requirePositive("outdoor.forecastLookAhead", forecastLookAhead);
            if (forecastLookAhead.compareTo(MAX_FORECAST_LOOK_AHEAD) > 0) {
                throw new IllegalArgumentException("outdoor.forecastLookAhead must be at most 72h (the 48-72 h forecast"
                        + " of the source texts), got " + forecastLookAhead);
            }
            Objects.requireNonNull(plausible, "plausible");
            if (!(forecastWeight >= 0 && forecastWeight <= 1)) {
                throw new IllegalArgumentException("outdoor.forecastWeight must be in [0, 1], got " + forecastWeight);
            }
        }
    }

    /**
     * Room target by outdoor band: below {@code outdoorBelow} °C outdoor the target is {@code target}.
     *
     * @param outdoorBelow band applies when outdoor {@code < outdoorBelow}
     * @param target       room target °C in the band
     */
    public record TargetBand(double outdoorBelow, double target) { }

    /**
     * Room target: {@code fallback} unless a band applies; of the bands that apply, the one with
     * the lowest {@code outdoorBelow} wins (the coldest band). Minle's "≥ 20 °C, ≥ 18 °C below
     * −10 °C" is {@code new RoomTarget(20, List.of(new TargetBand(-10, 18)))}.
     *
     * @param fallback target when no band applies (°C)
     * @param bands    outdoor bands
     */
    public record RoomTarget(double fallback, List<TargetBand> bands) {
        public RoomTarget {
            bands = List.copyOf(bands);
            if (!Double.isFinite(fallback) || bands.stream().anyMatch(b -> !Double.isFinite(b.outdoorBelow())
                    || !Double.isFinite(b.target()))) {
                throw new IllegalArgumentException("room targets must be finite numbers");
            }
        }

        /** The room target at {@code outdoor} °C. */
        public double at(double outdoor) {
            TargetBand chosen = null;
            for (TargetBand band : bands) {
                if (outdoor < band.outdoorBelow() && (chosen == null || band.outdoorBelow() < chosen.outdoorBelow())) {
                    chosen = band;
                }
            }
            return chosen == null ? fallback : chosen.target();
        }
    }

    /**
     * Room feedback: trims the supply setpoint from a low percentile of the household rooms.
     *
     * @param percentile         p in [0, 100], nearest-rank (10 = the 10th percentile)
     * @param maxAge             older room samples are ignored
     * @param plausible          room samples outside this range are ignored (°C)
     * @param minimumRooms       fewer usable rooms → no trim, curve alone
     * @param target             room target by outdoor band
     * @param gainPerHour        integral gain: °C of trim per hour per °C of room error, {@code >= 0}
     * @param maxTrim            the trim stays within ±maxTrim °C, {@code >= 0}
     * @param maxIntegrationStep longest time integrated in one cycle (after a pause the integrator
     *                           does not jump)
     */
    public record Room(double percentile, Duration maxAge, Limits plausible, int minimumRooms, RoomTarget target,
                       double gainPerHour, double maxTrim, Duration maxIntegrationStep) {
        public Room {
            requirePercentile("room.percentile", percentile);
            requirePositive("room.maxAge", maxAge);
            requirePositive("room.maxIntegrationStep", maxIntegrationStep);
            Objects.requireNonNull(plausible, "plausible");
            Objects.requireNonNull(target, "target");
            if (minimumRooms < 1) {
                throw new IllegalArgumentException("room.minimumRooms must be >= 1, got " + minimumRooms);
            }
            if (!(gainPerHour >= 0) || Double.isInfinite(gainPerHour) || !(maxTrim >= 0) || Double.isInfinite(maxTrim)) {
                throw new IllegalArgumentException("room.gainPerHour and room.maxTrim must be finite and >= 0, got "
                        + gainPerHour + ", " + maxTrim);
            }
        }
    }

    /**
     * Per-zone pump rule. A zone is <em>cold</em> when its room statistic falls below
     * {@code lowBand} and stays cold until it reaches {@code lowBand + hysteresis}; <em>hot</em>
     * above {@code highBand} until it falls to {@code highBand − hysteresis}. Cold raises the drive
     * by {@code raiseStepHz}, hot lowers it by {@code lowerStepHz}, at most once per {@code dwell}.
     *
     * @param percentile   room statistic of the zone, nearest-rank percentile
     * @param minimumRooms fewer usable rooms in the zone → hold
     * @param lowBand      °C (18)
     * @param highBand     °C (22)
     * @param hysteresis   °C, {@code >= 0}, {@code lowBand + hysteresis < highBand − hysteresis}
     * @param raiseStepHz  Hz per step up (docs/domain.md §3.3, Minle: 5–10)
     * @param lowerStepHz  Hz per step down (docs/domain.md §3.3, Minle: 3–10)
     * @param limits       drive frequency range (Hz)
     * @param dwell        minimum time between two steps of one zone
     * @param timeOfDay    narrower frequency ranges by time of day (Minle's 分时调频), each within {@code limits};
     *                     periods of one zone must not overlap
     */
    public record Pump(double percentile, int minimumRooms, double lowBand, double highBand, double hysteresis,
                       double raiseStepHz, double lowerStepHz, Limits limits, Duration dwell,
                       List<PumpPeriod> timeOfDay) {

        /** Without time-of-day periods. */
        public Pump(double percentile, int minimumRooms, double lowBand, double highBand, double hysteresis,
                    double raiseStepHz, double lowerStepHz, Limits limits, Duration dwell) {
            this(percentile, minimumRooms, lowBand, highBand, hysteresis, raiseStepHz, lowerStepHz, limits, dwell, List.of());
        }

        public Pump {
            requirePercentile("pump.percentile", percentile);
            Objects.requireNonNull(limits, "limits");
            requirePositive("pump.dwell", dwell);
            timeOfDay = List.copyOf(timeOfDay);
            for (int i = 0; i < timeOfDay.size(); i++) {
                PumpPeriod period = timeOfDay.get(i);
                if (!limits.contains(period.limits().min()) || !limits.contains(period.limits().max())) {
                    throw new IllegalArgumentException("pump.timeOfDay[" + i + "]: " + period.limits().min() + "–"
                            + period.limits().max() + " Hz must lie within the pump's " + limits.min() + "–" + limits.max()
                            + " Hz");
                }
                for (int j = 0; j < i; j++) {
                    if (period.overlaps(timeOfDay.get(j))) {
                        throw new IllegalArgumentException("pump.timeOfDay[" + i + "] (" + period.describe()
                                + ") overlaps pump.timeOfDay[" + j + "] (" + timeOfDay.get(j).describe() + ") for a zone");
                    }
                }
            }
            if (minimumRooms < 1) {
                throw new IllegalArgumentException("pump.minimumRooms must be >= 1, got " + minimumRooms);
            }
            if (!(hysteresis >= 0) || !(lowBand + hysteresis < highBand - hysteresis)) {
                throw new IllegalArgumentException("pump bands need hysteresis >= 0 and lowBand + hysteresis < highBand"
                        + " - hysteresis, got low " + lowBand + ", high " + highBand + ", hysteresis " + hysteresis);
            }
            if (!(raiseStepHz > 0) || !(lowerStepHz > 0) || Double.isInfinite(raiseStepHz) || Double.isInfinite(lowerStepHz)) {
                throw new IllegalArgumentException("pump steps must be finite and > 0, got raise " + raiseStepHz
                        + ", lower " + lowerStepHz);
            }
        }

        /** The time-of-day period of {@code zone} at local {@code time}, if one covers it. */
        public Optional<PumpPeriod> periodAt(String zone, LocalTime time) {
            return timeOfDay.stream().filter(p -> p.appliesTo(zone) && p.covers(time)).findFirst();
        }

        /** The frequency range of {@code zone} at local {@code time}: its period's, else {@link #limits()}. */
        public Limits limitsAt(String zone, LocalTime time) {
            return periodAt(zone, time).map(PumpPeriod::limits).orElse(limits);
        }
    }

    /** The drive frequency range of {@code zone} at local time {@code time}: its time-of-day period's, else the pump's. */
    public record PumpPeriod(LocalTime from, LocalTime to, Limits limits, Set<String> zones) {
        public PumpPeriod {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(limits, "limits");
            zones = Set.copyOf(zones);
            if (from.equals(to)) {
                throw new IllegalArgumentException("a time-of-day period needs from != to, got " + from + "–" + to);
            }
        }

        /** True when the period covers {@code time} (from included, to excluded; crossing midnight when from > to). */
        public boolean covers(LocalTime time) {
            return from.isBefore(to) ? !time.isBefore(from) && time.isBefore(to) : !time.isBefore(from) || time.isBefore(to);
        }

        /** True when the period applies to {@code zone} (no zones: every zone). */
        public boolean appliesTo(String zone) {
            return zones.isEmpty() || zones.contains(zone);
        }

        boolean overlaps(PumpPeriod other) {
            boolean sharedZone = zones.isEmpty() || other.zones.isEmpty() || zones.stream().anyMatch(other.zones::contains);
            // two periods share a minute when one of them starts inside the other
            return sharedZone && (covers(other.from) || other.covers(from));
        }

        /** {@code 22:00–05:00 25–40 Hz [west]}. */
        public String describe() {
            return from + "–" + to + " " + trim(limits.min()) + "–" + trim(limits.max()) + " Hz"
                    + (zones.isEmpty() ? "" : " " + new java.util.TreeSet<>(zones));
        }

        private static String trim(double value) {
            return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
        }
    }

    /**
     * Heat source load rule: the load setpoint is {@code baseLoad}, plus {@code coldStep} when the
     * outdoor is below {@code coldBelow}, minus {@code warmStep} when above {@code warmAbove}.
     *
     * @param baseLoad  load % between the thresholds
     * @param coldBelow °C (−5)
     * @param coldStep  percentage points added (docs/domain.md §3.4, Minle: 10–15)
     * @param warmAbove °C (+5), {@code > coldBelow}
     * @param warmStep  percentage points removed (docs/domain.md §3.4, Minle: 10–15)
     * @param limits    load range %
     * @param rate      how fast the load setpoint may move
     */
    public record Source(double baseLoad, double coldBelow, double coldStep, double warmAbove, double warmStep,
                         Limits limits, RateLimit rate) {
        public Source {
            Objects.requireNonNull(limits, "limits");
            Objects.requireNonNull(rate, "rate");
            if (!(coldBelow < warmAbove)) {
                throw new IllegalArgumentException("source.coldBelow " + coldBelow + " must be below source.warmAbove " + warmAbove);
            }
            if (!limits.contains(baseLoad) || !(coldStep >= 0) || !(warmStep >= 0)
                    || Double.isInfinite(coldStep) || Double.isInfinite(warmStep)) {
                throw new IllegalArgumentException("source.baseLoad must be within " + limits
                        + " and steps finite and >= 0, got base " + baseLoad + ", steps " + coldStep + ", " + warmStep);
            }
        }
    }

    /**
     * Defaults from docs/domain.md §3: quality curve tn 18, tw' −7.6, 75/50, b 0.3 clamped at the
     * design point; supply 20–80 °C moving ≤ 2 °C a cycle and ≤ 6 °C an hour, fallback 50 °C;
     * outdoor τ 1 h, stale after 30 min, plausible −60…+60 °C, forecast weight 0.3 over 48 h; room
     * P10, stale after 1 h, plausible 0…40 °C, at least 20 rooms, target 18 °C, gain 0.5 °C/h per
     * °C, trim ±8 °C, at most 15 min integrated a cycle; pumps P10 of at least 5 rooms, bands 18/22
     * °C, hysteresis 0.5, +5 / −3 Hz, 25–50 Hz, 30 min dwell; source base 70 %, −5 °C → +10, +5 °C
     * → −10, 30–100 %, ≤ 5 %/cycle, ≤ 20 %/h; season flows 15 Oct–15 Nov 4500, 16 Nov–15 Feb 4900,
     * 16 Feb–15 Apr 4500 m³/h within 0–6000 m³/h moving ≤ 100 m³/h a cycle and ≤ 400 m³/h an hour; dates in Asia/Shanghai.
     */
    public static ControlSettings defaults() {
        return new ControlSettings(
                new QualityRegulationCurve(18, -7.6, 75, 50, 0.3, 18, false),
                new Supply(new Limits(20, 80), new RateLimit(2, 6), 50),
                new Outdoor(Duration.ofHours(1), Duration.ofMinutes(30), new Limits(-60, 60), 0.3, Duration.ofHours(48)),
                new Room(10, Duration.ofHours(1), new Limits(0, 40), 20, new RoomTarget(18, List.of()), 0.5, 8,
                        Duration.ofMinutes(15)),
                new Pump(10, 5, 18, 22, 0.5, 5, 3, new Limits(25, 50), Duration.ofMinutes(30)),
                new Source(70, -5, 10, 5, 10, new Limits(30, 100), new RateLimit(5, 20)),
                new SeasonFlow(List.of(
                        new SeasonFlow.Period(MonthDay.of(10, 15), MonthDay.of(11, 15), 4500),
                        new SeasonFlow.Period(MonthDay.of(11, 16), MonthDay.of(2, 15), 4900),
                        new SeasonFlow.Period(MonthDay.of(2, 16), MonthDay.of(4, 15), 4500)),
                        new Limits(0, 6000), new RateLimit(100, 400)),
                ZoneId.of("Asia/Shanghai"));
    }

    /** A copy with another curve. */
    public ControlSettings withCurve(HeatingCurve newCurve) {
        return new ControlSettings(newCurve, supply, outdoor, room, pump, source, flow, siteZone);
    }

    /** A copy with other supply limits. */
    public ControlSettings withSupply(Supply newSupply) {
        return new ControlSettings(curve, newSupply, outdoor, room, pump, source, flow, siteZone);
    }

    /** A copy with other outdoor settings. */
    public ControlSettings withOutdoor(Outdoor newOutdoor) {
        return new ControlSettings(curve, supply, newOutdoor, room, pump, source, flow, siteZone);
    }

    /** A copy with other room settings. */
    public ControlSettings withRoom(Room newRoom) {
        return new ControlSettings(curve, supply, outdoor, newRoom, pump, source, flow, siteZone);
    }

    /** A copy with other pump settings. */
    public ControlSettings withPump(Pump newPump) {
        return new ControlSettings(curve, supply, outdoor, room, newPump, source, flow, siteZone);
    }

    private static void requirePositive(String name, Duration duration) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be > 0, got " + duration);
        }
    }

    private static void requirePercentile(String name, double percentile) {
        if (!(percentile >= 0 && percentile <= 100)) {
            throw new IllegalArgumentException(name + " must be in [0, 100], got " + percentile);
        }
    }
}
