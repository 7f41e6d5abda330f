package io.heathub.billing.health;

import io.heathub.api.Points;
import io.heathub.api.Reading;
import io.heathub.billing.Building;
import io.heathub.billing.Cut;
import io.heathub.billing.MeterCuts;
import io.heathub.billing.Season;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The meter-health rules (docs/domain.md §6.3, Chengde on-line verification). Each method looks at the
 * readings it is given (any devices, any order) and returns findings plus what it could not check.
 * Times in evidence are UTC instants; energies are kWh with 3 decimals, percentages with 2.
 * Thread-safe (no state besides the configuration).
 */
public final class MeterHealth {
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    private static final BigDecimal SECONDS_PER_HOUR = BigDecimal.valueOf(3600);
    /** How meters' own settlement-day copies of a counter are named (CJ/T 188, M-Bus storage 1). */
    private static final String DUE_DAY_SUFFIX = ".dueDay";

    private final HealthConfig config;

    public MeterHealth(HealthConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /**
     * Every rule: imbalance and communication over [from, to) for the given buildings and meters, the others over all
     * readings; due days are midnights in {@link Season#DEFAULT_ZONE}.
     *
     * @deprecated since 1.2: the due-day check needs the site's zone; use {@link #check(Collection, Collection,
     *     Collection, Instant, Instant, ZoneId)}
     */
    @Deprecated(since = "1.2")
    public HealthReport check(Collection<Reading> readings, Collection<Building> buildings, Collection<String> meters,
                              Instant from, Instant to) {
        return check(readings, buildings, meters, from, to, Season.DEFAULT_ZONE);
    }

    /**
     * Every rule: imbalance and communication over [from, to) for the given buildings and meters, the others over all
     * readings; due days are midnights in the site's {@code zone}, as billing cuts are.
     *
     * @since 1.2
     */
    public HealthReport check(Collection<Reading> readings, Collection<Building> buildings, Collection<String> meters,
                              Instant from, Instant to, ZoneId zone) {
        HealthReport report = HealthReport.of(List.of());
        for (Building b : buildings) {
            report = report.plus(buildingImbalance(b, from, to, readings));
        }
        return report.plus(stuckCounters(readings))
                .plus(supplyBelowReturn(readings))
                .plus(implausibleValues(readings))
                .plus(communication(meters, from, to, readings))
                .plus(clockDrift(ClockSample.fromReadings(readings)))
                .plus(meterDrift(readings))
                .plus(dueDayMismatch(readings, zone));
    }

    /**
     * Building meter against the sum of its household meters between the cuts at {@code from}
     * and {@code to} (good {@code heat.energy} readings, interpolated like billing cuts). The
     * difference is a percentage of the building meter's heat; each direction has its own
     * tolerance. A missing cut skips the building.
     */
    public HealthReport buildingImbalance(Building building, Instant from, Instant to, Collection<Reading> readings) {
        boolean estimated = false;
        BigDecimal buildingKWh = null;
        BigDecimal householdsKWh = BigDecimal.ZERO;
        List<String> meters = new ArrayList<>();
        meters.add(building.meter());
        meters.addAll(building.householdMeters());
        for (String meter : meters) {
            MeterCuts cuts = MeterCuts.of(meter, readings);
            Optional<Cut> start = cuts.at(from);
            Optional<Cut> end = cuts.at(to);
            if (start.isEmpty() || end.isEmpty()) {
                return new HealthReport(List.of(), List.of("building " + building.id() + ": imbalance not checked, meter "
                        + meter + " has no heat.energy cut at " + (start.isEmpty() ? from : to)));
            }
            estimated |= start.get().estimated() || end.get().estimated();
            BigDecimal heat = end.get().kWh().subtract(start.get().kWh());
            if (meter.equals(building.meter())) {
                buildingKWh = heat;
            } else {
                householdsKWh = householdsKWh.add(heat);
            }
        }
        String numbers = "building " + building.id() + ": building meter " + building.meter() + " measured "
                + Texts.fixed(buildingKWh, 3) + " kWh, its " + building.householdMeters().size() + " household meters "
                + Texts.fixed(householdsKWh, 3) + " kWh from " + from + " to " + to + (estimated ? " (estimated cuts)" : "");
        if (buildingKWh.signum() <= 0) {
            if (householdsKWh.signum() <= 0) {
                return HealthReport.of(List.of());
            }
            return HealthReport.of(List.of(finding(building.meter(), FindingKind.BUILDING_IMBALANCE,
                    numbers + ": building meter shows no heat while its households do", from, to)));
        }
        BigDecimal differencePercent = buildingKWh.subtract(householdsKWh).multiply(HUNDRED)
                .divide(buildingKWh, 2, RoundingMode.HALF_UP);
        if (differencePercent.signum() > 0 && differencePercent.compareTo(config.buildingAbovePercent()) > 0) {
            return HealthReport.of(List.of(finding(building.meter(), FindingKind.BUILDING_IMBALANCE, numbers
                    + ": building " + differencePercent.toPlainString() + " % above its households (tolerance "
                    + Texts.plain(config.buildingAbovePercent()) + " %)", from, to)));
        }
        BigDecimal householdsAbove = differencePercent.negate();
        if (householdsAbove.signum() > 0 && householdsAbove.compareTo(config.householdsAbovePercent()) > 0) {
            return HealthReport.of(List.of(finding(building.meter(), FindingKind.BUILDING_IMBALANCE, numbers
                    + ": households " + householdsAbove.toPlainString() + " % above the building meter (tolerance "
                    + Texts.plain(config.householdsAbovePercent()) + " %)", from, to)));
        }
        return HealthReport.of(List.of());
    }

    /**
     * A {@code heat.energy} counter that keeps one value while {@code flow} stays above
     * {@link HealthConfig#minFlowM3h()} for at least {@link HealthConfig#stuckAfter()}: measured
     * from the first to the last flow reading above the minimum within the unchanged stretch.
     */
    public HealthReport stuckCounters(Collection<Reading> readings) {
        Map<String, Series> energies = Series.byDevice(readings, Points.HEAT_ENERGY, Series.MEASURED);
        Map<String, Series> flows = Series.byDevice(readings, Points.FLOW, Series.MEASURED);
        List<MeterFinding> findings = new ArrayList<>();
        for (Map.Entry<String, Series> e : energies.entrySet()) {
            Series energy = e.getValue();
            Series flow = flows.getOrDefault(e.getKey(), Series.empty());
            int runStart = 0;
            for (int i = 1; i <= energy.size(); i++) {
                if (i < energy.size() && energy.values[i].compareTo(energy.values[runStart]) == 0) {
                    continue;
                }
                int runEnd = i - 1;
                if (runEnd > runStart) {
                    stuckWithin(e.getKey(), energy.values[runStart], energy.times[runStart], energy.times[runEnd], flow)
                            .ifPresent(findings::add);
                }
                runStart = i;
            }
        }
        return HealthReport.of(findings);
    }

    private Optional<MeterFinding> stuckWithin(String meter, BigDecimal value, Instant from, Instant to, Series flow) {
        Instant bestFirst = null;
        Instant bestLast = null;
        BigDecimal bestMin = null;
        BigDecimal bestMax = null;
        int bestCount = 0;
        Instant first = null;
        Instant last = null;
        BigDecimal min = null;
        BigDecimal max = null;
        int count = 0;
        for (int i = 0; i <= flow.size(); i++) {
            boolean inside = i < flow.size() && !flow.times[i].isBefore(from) && !flow.times[i].isAfter(to);
            if (i < flow.size() && !inside) {
                continue;
            }
            boolean flowing = inside && flow.values[i].compareTo(config.minFlowM3h()) > 0;
            if (flowing) {
                if (first == null) {
                    first = flow.times[i];
                    min = flow.values[i];
                    max = flow.values[i];
                    count = 0;
                }
                last = flow.times[i];
                min = min.min(flow.values[i]);
                max = max.max(flow.values[i]);
                count++;
            }
            if ((!flowing || i == flow.size()) && first != null) {
                if (bestFirst == null || Duration.between(first, last).compareTo(Duration.between(bestFirst, bestLast)) > 0) {
                    bestFirst = first;
                    bestLast = last;
                    bestMin = min;
                    bestMax = max;
                    bestCount = count;
                }
                first = null;
            }
        }
        if (bestFirst == null || Duration.between(bestFirst, bestLast).compareTo(config.stuckAfter()) < 0) {
            return Optional.empty();
        }
        return Optional.of(finding(meter, FindingKind.STUCK_COUNTER, "heat.energy stayed at " + Texts.plain(value)
                + " kWh for " + Texts.duration(Duration.between(bestFirst, bestLast)) + " from " + bestFirst + " to "
                + bestLast + " while flow was " + Texts.plain(bestMin) + "–" + Texts.plain(bestMax) + " m³/h ("
                + bestCount + " readings; limit " + Texts.duration(config.stuckAfter()) + ")", bestFirst, bestLast));
    }

    /**
     * Supply colder than return by more than {@link HealthConfig#supplyBelowReturnK()} while flow is
     * above the minimum, at every sample for at least {@link HealthConfig#supplyBelowReturnAfter()}.
     * A sample is any instant one of the three points was read; each point's value is its latest
     * reading no older than {@link HealthConfig#sampleMaxAge()}.
     */
    public HealthReport supplyBelowReturn(Collection<Reading> readings) {
        Map<String, Series> supplies = Series.byDevice(readings, Points.TEMP_SUPPLY, Series.MEASURED);
        Map<String, Series> returns = Series.byDevice(readings, Points.TEMP_RETURN, Series.MEASURED);
        Map<String, Series> flows = Series.byDevice(readings, Points.FLOW, Series.MEASURED);
        List<MeterFinding> findings = new ArrayList<>();
        for (Map.Entry<String, Series> e : supplies.entrySet()) {
            String meter = e.getKey();
            Series supply = e.getValue();
            Series back = returns.get(meter);
            Series flow = flows.get(meter);
            if (back == null || flow == null) {
                continue;
            }
            TreeSet<Instant> samples = new TreeSet<>();
            for (Series s : List.of(supply, back, flow)) {
                samples.addAll(List.of(s.times));
            }
            Instant first = null;
            Instant last = null;
            BigDecimal worst = null;
            String worstText = "";
            int count = 0;
            List<Instant> ordered = new ArrayList<>(samples);
            for (int i = 0; i <= ordered.size(); i++) {
                boolean inverted = false;
                if (i < ordered.size()) {
                    Instant t = ordered.get(i);
                    Optional<BigDecimal> s = supply.at(t, config.sampleMaxAge());
                    Optional<BigDecimal> r = back.at(t, config.sampleMaxAge());
                    Optional<BigDecimal> f = flow.at(t, config.sampleMaxAge());
                    if (s.isPresent() && r.isPresent() && f.isPresent() && f.get().compareTo(config.minFlowM3h()) > 0) {
                        BigDecimal inversion = r.get().subtract(s.get());
                        if (inversion.compareTo(config.supplyBelowReturnK()) > 0) {
                            inverted = true;
                            if (first == null) {
                                first = t;
                                worst = null;
                                count = 0;
                            }
                            last = t;
                            count++;
                            if (worst == null || inversion.compareTo(worst) > 0) {
                                worst = inversion;
                                worstText = "supply " + Texts.plain(s.get()) + " °C, return " + Texts.plain(r.get())
                                        + " °C, flow " + Texts.plain(f.get()) + " m³/h at " + t;
                            }
                        }
                    }
                }
                if (!inverted && first != null) {
                    Duration lasted = Duration.between(first, last);
                    if (lasted.compareTo(config.supplyBelowReturnAfter()) >= 0) {
                        findings.add(finding(meter, FindingKind.SUPPLY_BELOW_RETURN, "supply below return by up to "
                                + Texts.plain(worst) + " K (" + worstText + ") for " + Texts.duration(lasted) + " from "
                                + first + " to " + last + " (" + count + " samples; tolerance "
                                + Texts.plain(config.supplyBelowReturnK()) + " K for "
                                + Texts.duration(config.supplyBelowReturnAfter()) + ")", first, last));
                    }
                    first = null;
                }
            }
        }
        return HealthReport.of(findings);
    }

    /** {@code heat.power} above the meter's maximum or negative; {@code flow} above its rated maximum or negative. */
    public HealthReport implausibleValues(Collection<Reading> readings) {
        List<MeterFinding> findings = new ArrayList<>();
        Map<String, Series> powers = Series.byDevice(readings, Points.HEAT_POWER, Series.MEASURED);
        for (Map.Entry<String, Series> e : powers.entrySet()) {
            outOfRange(e.getKey(), FindingKind.IMPLAUSIBLE_POWER, "heat.power", "kW", e.getValue(),
                    config.limitsOf(e.getKey()).maxPowerKW()).ifPresent(findings::add);
        }
        Map<String, Series> flows = Series.byDevice(readings, Points.FLOW, Series.MEASURED);
        for (Map.Entry<String, Series> e : flows.entrySet()) {
            outOfRange(e.getKey(), FindingKind.IMPLAUSIBLE_FLOW, "flow", "m³/h", e.getValue(),
                    config.limitsOf(e.getKey()).maxFlowM3h()).ifPresent(findings::add);
        }
        return HealthReport.of(findings);
    }

    private Optional<MeterFinding> outOfRange(String meter, FindingKind kind, String point, String unit, Series series,
                                              BigDecimal max) {
        int above = 0;
        int negative = 0;
        int highest = -1;
        int lowest = -1;
        Instant first = null;
        Instant last = null;
        for (int i = 0; i < series.size(); i++) {
            BigDecimal v = series.values[i];
            boolean isAbove = v.compareTo(max) > 0;
            boolean isNegative = v.signum() < 0;
            if (isAbove) {
                above++;
                highest = highest < 0 || v.compareTo(series.values[highest]) > 0 ? i : highest;
            }
            if (isNegative) {
                negative++;
                lowest = lowest < 0 || v.compareTo(series.values[lowest]) < 0 ? i : lowest;
            }
            if (isAbove || isNegative) {
                first = first == null ? series.times[i] : first;
                last = series.times[i];
            }
        }
        if (first == null) {
            return Optional.empty();
        }
        List<String> parts = new ArrayList<>();
        if (above > 0) {
            parts.add(point + " above the meter's maximum " + Texts.plain(max) + " " + unit + " in " + above
                    + " readings (highest " + Texts.plain(series.values[highest]) + " " + unit + " at "
                    + series.times[highest] + ")");
        }
        if (negative > 0) {
            parts.add(point + " negative in " + negative + " readings (lowest " + Texts.plain(series.values[lowest]) + " "
                    + unit + " at " + series.times[lowest] + ")");
        }
        return Optional.of(finding(meter, kind, String.join("; ", parts), first, last));
    }

    /**
     * Communication failure rate of each meter over [from, to): expected readings = whole poll
     * intervals in the window, received = distinct reading times of the device in it (any point,
     * any quality). Reported when the missing share exceeds {@link HealthConfig#communicationFailurePercent()}.
     */
    public HealthReport communication(Collection<String> meters, Instant from, Instant to, Collection<Reading> readings) {
        Map<String, TreeSet<Instant>> received = new TreeMap<>();
        for (Reading r : readings) {
            if (!r.time().isBefore(from) && r.time().isBefore(to)) {
                received.computeIfAbsent(r.device(), d -> new TreeSet<>()).add(r.time());
            }
        }
        List<MeterFinding> findings = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        Duration window = Duration.between(from, to);
        for (String meter : new TreeSet<>(meters)) {
            Duration poll = config.limitsOf(meter).pollInterval();
            long expected = window.dividedBy(poll);
            if (expected == 0) {
                skipped.add("meter " + meter + ": communication not checked, window " + Texts.duration(window)
                        + " shorter than the poll interval " + Texts.duration(poll));
                continue;
            }
            long got = received.getOrDefault(meter, new TreeSet<>()).size();
            long missing = Math.max(0, expected - got);
            BigDecimal missingPercent = BigDecimal.valueOf(missing).multiply(HUNDRED)
                    .divide(BigDecimal.valueOf(expected), 2, RoundingMode.HALF_UP);
            if (missingPercent.compareTo(config.communicationFailurePercent()) > 0) {
                findings.add(finding(meter, FindingKind.COMMUNICATION_FAILURE, "received " + got + " of " + expected
                        + " expected readings (poll " + Texts.duration(poll) + ") from " + from + " to " + to + ": "
                        + missingPercent.toPlainString() + " % missing (limit "
                        + Texts.plain(config.communicationFailurePercent()) + " %)", from, to));
            }
        }
        return new HealthReport(findings, skipped);
    }

    /** Meters whose clock differed from hub time by more than {@link HealthConfig#clockTolerance()}; one finding per meter, the worst sample quoted. */
    public HealthReport clockDrift(Collection<ClockSample> samples) {
        Map<String, List<ClockSample>> byMeter = new TreeMap<>();
        for (ClockSample s : samples) {
            Duration drift = Duration.between(s.hubTime(), s.meterTime());
            if (drift.abs().compareTo(config.clockTolerance()) > 0) {
                byMeter.computeIfAbsent(s.meter(), m -> new ArrayList<>()).add(s);
            }
        }
        List<MeterFinding> findings = new ArrayList<>();
        byMeter.forEach((meter, beyond) -> {
            ClockSample worst = beyond.get(0);
            Instant first = worst.hubTime();
            Instant last = worst.hubTime();
            for (ClockSample s : beyond) {
                if (Duration.between(s.hubTime(), s.meterTime()).abs()
                        .compareTo(Duration.between(worst.hubTime(), worst.meterTime()).abs()) > 0) {
                    worst = s;
                }
                first = s.hubTime().isBefore(first) ? s.hubTime() : first;
                last = s.hubTime().isAfter(last) ? s.hubTime() : last;
            }
            Duration drift = Duration.between(worst.hubTime(), worst.meterTime());
            findings.add(finding(meter, FindingKind.CLOCK_DRIFT, "meter clock " + Texts.duration(drift)
                    + (drift.isNegative() ? " behind" : " ahead of") + " hub time (meter " + worst.meterTime() + " at hub "
                    + worst.hubTime() + "); " + beyond.size() + " samples beyond the tolerance "
                    + Texts.duration(config.clockTolerance()), first, last));
        });
        return HealthReport.of(findings);
    }

    /**
     * A meter whose {@code heat.energy} rises faster or slower than its own {@code heat.power}
     * integrated over time (trapezoids between good power readings, skipping gaps longer than
     * {@link HealthConfig#driftMaxPowerGap()}). The counter's rise over each covered stretch comes
     * from billing-style cuts at the stretch's ends. Reported when the difference exceeds
     * {@link HealthConfig#driftTolerancePercent()} of the integrated heat.
     */
    public HealthReport meterDrift(Collection<Reading> readings) {
        Map<String, Series> powers = Series.byDevice(readings, Points.HEAT_POWER, Series.GOOD);
        List<MeterFinding> findings = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Map.Entry<String, Series> e : powers.entrySet()) {
            String meter = e.getKey();
            Series power = e.getValue();
            MeterCuts cuts = MeterCuts.of(meter, readings);
            BigDecimal powerHours = BigDecimal.ZERO; // Σ (p1 + p2) × seconds, halved and scaled once at the end
            BigDecimal counterKWh = BigDecimal.ZERO;
            Duration covered = Duration.ZERO;
            Instant first = null;
            Instant last = null;
            int stretchStart = 0;
            for (int i = 1; i <= power.size(); i++) {
                boolean gap = i == power.size()
                        || Duration.between(power.times[i - 1], power.times[i]).compareTo(config.driftMaxPowerGap()) > 0;
                if (!gap) {
                    long seconds = Duration.between(power.times[i - 1], power.times[i]).toSeconds();
                    powerHours = powerHours.add(power.values[i - 1].add(power.values[i]).multiply(BigDecimal.valueOf(seconds)));
                    continue;
                }
                if (i - 1 > stretchStart) {
                    Optional<Cut> start = cuts.at(power.times[stretchStart]);
                    Optional<Cut> end = cuts.at(power.times[i - 1]);
                    if (start.isEmpty() || end.isEmpty()) {
                        // no counter over this stretch: take its power out again
                        powerHours = powerHours.subtract(trapezoids(power, stretchStart, i - 1));
                    } else {
                        counterKWh = counterKWh.add(end.get().kWh().subtract(start.get().kWh()));
                        covered = covered.plus(Duration.between(power.times[stretchStart], power.times[i - 1]));
                        first = first == null ? power.times[stretchStart] : first;
                        last = power.times[i - 1];
                    }
                }
                stretchStart = i;
            }
            BigDecimal integratedKWh = powerHours.divide(SECONDS_PER_HOUR.multiply(BigDecimal.valueOf(2)), 6, RoundingMode.HALF_UP);
            if (first == null || integratedKWh.compareTo(config.driftMinEnergyKWh()) < 0) {
                skipped.add("meter " + meter + ": drift not checked, power integrates to " + Texts.fixed(integratedKWh, 3)
                        + " kWh over stretches with counter readings (minimum " + Texts.plain(config.driftMinEnergyKWh())
                        + " kWh)");
                continue;
            }
            BigDecimal deviationPercent = counterKWh.subtract(integratedKWh).multiply(HUNDRED)
                    .divide(integratedKWh, 2, RoundingMode.HALF_UP);
            if (deviationPercent.abs().compareTo(config.driftTolerancePercent()) > 0) {
                findings.add(finding(meter, FindingKind.METER_DRIFT, "heat.energy rose " + Texts.fixed(counterKWh, 3)
                        + " kWh while heat.power integrates to " + Texts.fixed(integratedKWh, 3) + " kWh over "
                        + Texts.duration(covered) + " from " + first + " to " + last + ": counter "
                        + (deviationPercent.signum() > 0 ? "+" : "") + deviationPercent.toPlainString() + " % ("
                        + (deviationPercent.signum() > 0 ? "faster" : "slower") + "; tolerance "
                        + Texts.plain(config.driftTolerancePercent()) + " %)", first, last));
            }
        }
        return new HealthReport(findings, skipped);
    }

    private static BigDecimal trapezoids(Series power, int from, int to) {
        BigDecimal sum = BigDecimal.ZERO;
        for (int i = from + 1; i <= to; i++) {
            long seconds = Duration.between(power.times[i - 1], power.times[i]).toSeconds();
            sum = sum.add(power.values[i - 1].add(power.values[i]).multiply(BigDecimal.valueOf(seconds)));
        }
        return sum;
    }

    /** A counter that meters also freeze at their due day, with the unit and absolute tolerance of its comparison. */
    private record DueDayCounter(String point, String unit, BigDecimal tolerance) {
        String dueDayPoint() {
            return point + DUE_DAY_SUFFIX;
        }
    }

    /**
     * The meters' own due-day values ({@code heat.energy.dueDay}, {@code volume.dueDay}, measured) against the hub.
     * When the value changes between two consecutive readings, the meter froze it at the latest 00:00 ({@code zone})
     * at or before the reading that first shows it, which must not lie before the reading before; it is compared with the
     * hub's cut of the counter there ({@link MeterCuts}, good readings) and reported beyond the larger of
     * {@link HealthConfig#dueDayToleranceKWh()} (or {@link HealthConfig#dueDayToleranceM3()}) and
     * {@link HealthConfig#dueDayTolerancePercent()} of the cut. A freeze without a cut, or whose cut lies more than
     * {@link HealthConfig#dueDayMaxGap()} from the nearest good reading on both sides, is skipped. Separately, every
     * due-day reading above the counter read at the same instant is reported (a frozen value cannot exceed the running
     * counter), one finding per meter and counter.
     *
     * @since 1.2
     */
    public HealthReport dueDayMismatch(Collection<Reading> readings, ZoneId zone) {
        List<DueDayCounter> counters = List.of(
                new DueDayCounter(Points.HEAT_ENERGY, "kWh", config.dueDayToleranceKWh()),
                new DueDayCounter(Points.VOLUME, "m³", config.dueDayToleranceM3()));
        List<Map<String, Series>> dueDays = new ArrayList<>();
        List<Map<String, Series>> running = new ArrayList<>();
        TreeSet<String> meters = new TreeSet<>();
        for (DueDayCounter c : counters) {
            Map<String, Series> due = Series.byDevice(readings, c.dueDayPoint(), Series.MEASURED);
            dueDays.add(due);
            running.add(Series.byDevice(readings, c.point(), Series.MEASURED));
            meters.addAll(due.keySet());
        }
        List<MeterFinding> findings = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (String meter : meters) {
            for (int k = 0; k < counters.size(); k++) {
                Series due = dueDays.get(k).get(meter);
                if (due == null) {
                    continue;
                }
                DueDayCounter counter = counters.get(k);
                MeterCuts cuts = null; // built only for a meter whose value changed
                for (int i = 1; i < due.size(); i++) {
                    if (due.values[i].compareTo(due.values[i - 1]) != 0) {
                        cuts = cuts != null ? cuts : MeterCuts.of(meter, counter.point(), readings);
                        freeze(meter, counter, due, i, cuts, zone, findings, skipped);
                    }
                }
                aboveCounter(meter, counter, due, running.get(k).getOrDefault(meter, Series.empty()), findings, skipped);
            }
        }
        return new HealthReport(findings, skipped);
    }

    /** The freeze first shown by reading {@code i} of {@code due}, against the cut at its midnight. */
    private void freeze(String meter, DueDayCounter counter, Series due, int i, MeterCuts cuts, ZoneId zone,
                        List<MeterFinding> findings, List<String> skipped) {
        Instant before = due.times[i - 1];
        Instant shown = due.times[i];
        BigDecimal frozen = due.values[i];
        String change = "the value changed from " + Texts.plain(due.values[i - 1]) + " to " + Texts.plain(frozen) + " "
                + counter.unit() + " between readings at " + before + " and " + shown;
        LocalDate day = shown.atZone(zone).toLocalDate();
        Instant midnight = day.atStartOfDay(zone).toInstant(); // as Season.startOf: billing's cut instants
        // A poll at exactly 00:00 may still see the old value, so the reading before may sit on the midnight.
        if (midnight.isBefore(before)) {
            skipped.add("meter " + meter + ": " + counter.dueDayPoint() + " not checked, " + change + " with no 00:00 ("
                    + zone + ") in between (meter clock or zone not the site's?)");
            return;
        }
        String frozenAt = midnight + " (00:00 of " + day + ", " + zone + ")";
        Optional<Cut> cut = cuts.at(midnight);
        if (cut.isEmpty()) {
            skipped.add("meter " + meter + ": " + counter.dueDayPoint() + " frozen at " + frozenAt + " not checked, "
                    + cuts.whyNoCut(midnight, zone).orElseThrow() + "; " + change);
            return;
        }
        Instant goodBefore = cuts.lastGoodAtOrBefore(midnight).orElseThrow();
        Instant goodAfter = cuts.firstGoodAtOrAfter(midnight).orElseThrow();
        if (Duration.between(goodBefore, midnight).compareTo(config.dueDayMaxGap()) > 0
                && Duration.between(midnight, goodAfter).compareTo(config.dueDayMaxGap()) > 0) {
            skipped.add("meter " + meter + ": " + counter.dueDayPoint() + " frozen at " + frozenAt + " not checked, the"
                    + " nearest good " + counter.point() + " readings (" + goodBefore + ", " + goodAfter + ") are both more"
                    + " than " + Texts.duration(config.dueDayMaxGap()) + " from it; " + change);
            return;
        }
        BigDecimal cutValue = cut.get().kWh();
        BigDecimal difference = frozen.subtract(cutValue);
        BigDecimal tolerance = counter.tolerance().max(cutValue.abs().multiply(config.dueDayTolerancePercent()).movePointLeft(2));
        if (difference.abs().compareTo(tolerance) <= 0) {
            return;
        }
        String share = cutValue.signum() == 0 ? "" : " (" + signed(difference.multiply(HUNDRED)
                .divide(cutValue, 2, RoundingMode.HALF_UP)) + " % of the cut)";
        int last = i;
        while (last + 1 < due.size() && due.values[last + 1].compareTo(frozen) == 0) {
            last++;
        }
        findings.add(finding(meter, FindingKind.DUE_DAY_MISMATCH, "meter " + meter + ": " + counter.dueDayPoint()
                + " froze " + Texts.plain(frozen) + " " + counter.unit() + " at " + frozenAt + " but the hub's "
                + counter.point() + " cut there is " + Texts.fixed(cutValue, 3) + " " + counter.unit()
                + (cut.get().estimated() ? " (estimated)" : "") + ": difference " + signed(difference.setScale(3,
                RoundingMode.HALF_UP)) + " " + counter.unit() + share + ", tolerance " + Texts.fixed(tolerance, 3) + " "
                + counter.unit() + " (the larger of " + Texts.plain(counter.tolerance()) + " " + counter.unit() + " and "
                + Texts.plain(config.dueDayTolerancePercent()) + " % of the cut); " + change, shown, due.times[last]));
    }

    /** Due-day readings above the running counter read at the same instant: one finding quoting the worst. */
    private void aboveCounter(String meter, DueDayCounter counter, Series due, Series running,
                              List<MeterFinding> findings, List<String> skipped) {
        int compared = 0;
        int above = 0;
        int worst = -1;
        BigDecimal worstExcess = null;
        BigDecimal worstCounter = null;
        Instant first = null;
        Instant last = null;
        for (int i = 0; i < due.size(); i++) {
            Optional<BigDecimal> counterValue = running.at(due.times[i], Duration.ZERO);
            if (counterValue.isEmpty()) {
                continue;
            }
            compared++;
            BigDecimal excess = due.values[i].subtract(counterValue.get());
            if (excess.signum() > 0) {
                above++;
                first = first == null ? due.times[i] : first;
                last = due.times[i];
                if (worst < 0 || excess.compareTo(worstExcess) > 0) {
                    worst = i;
                    worstExcess = excess;
                    worstCounter = counterValue.get();
                }
            }
        }
        if (compared == 0) {
            skipped.add("meter " + meter + ": " + counter.dueDayPoint() + " not compared with the running counter, no"
                    + " measured " + counter.point() + " reading at the time of any of its " + due.size() + " readings");
        }
        if (above == 0) {
            return;
        }
        findings.add(finding(meter, FindingKind.DUE_DAY_MISMATCH, "meter " + meter + ": " + counter.dueDayPoint()
                + " above the running " + counter.point() + " counter read at the same instant in " + above + " of "
                + compared + " readings from " + first + " to " + last + " (a frozen value cannot exceed the counter):"
                + " worst " + Texts.plain(due.values[worst]) + " " + counter.unit() + " against "
                + Texts.plain(worstCounter) + " " + counter.unit() + " at " + due.times[worst] + " ("
                + Texts.plain(worstExcess) + " " + counter.unit() + " above)", first, last));
    }

    private static String signed(BigDecimal value) {
        return (value.signum() > 0 ? "+" : "") + value.toPlainString();
    }

    private MeterFinding finding(String meter, FindingKind kind, String evidence, Instant first, Instant last) {
        return new MeterFinding(meter, kind, config.severityOf(kind), evidence, first, last);
    }
}
