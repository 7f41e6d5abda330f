package io.heathub.billing.supervision;

import io.heathub.api.Points;
import io.heathub.api.Quality;
import io.heathub.api.Reading;
import io.heathub.billing.Cut;
import io.heathub.billing.MeterCuts;
import io.heathub.billing.alarm.AlarmBook;
import io.heathub.billing.records.Complaint;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.ToIntFunction;

/**
 * Computes one period of the supervision feed from readings and the alarm book. Only good
 * readings in [from, to) count for temperatures; heat is cut at {@code from} and {@code to} like
 * billing cuts (interpolated and marked estimated when no reading falls on the instant).
 * Thread-safe.
 */
public final class SupervisionBuilder {
    private static final BigDecimal GJ_PER_KWH = new BigDecimal("0.0036");
    private static final int EXACT = 12;

    private final SupervisionConfig config;

    public SupervisionBuilder(SupervisionConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    public SupervisionFeed build(SupervisionSite site, Instant from, Instant to, Collection<Reading> readings,
                                 AlarmBook alarms) {
        return build(site, from, to, readings, alarms::openCountByClass);
    }

    /**
     * The same with the open alarms counted by {@code openCountByClass} (as
     * {@link AlarmBook#openCountByClass}), e.g. the hub's live alarm service.
     */
    public SupervisionFeed build(SupervisionSite site, Instant from, Instant to, Collection<Reading> readings,
                                 java.util.function.Function<java.util.function.Predicate<io.heathub.billing.alarm.Alarm>,
                                         Map<Integer, Integer>> openCountByClass) {
        return build(site, from, to, readings, openCountByClass, List.of(), category -> 1);
    }

    /**
     * The same with the recorded complaints open at {@code to} counted too, each in the class
     * {@code classOf} gives its category (the alarms' {@code kindClasses}, else their default class).
     */
    public SupervisionFeed build(SupervisionSite site, Instant from, Instant to, Collection<Reading> readings,
                                 java.util.function.Function<java.util.function.Predicate<io.heathub.billing.alarm.Alarm>,
                                         Map<Integer, Integer>> openCountByClass,
                                 Collection<Complaint> openRecorded, ToIntFunction<String> classOf) {
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException("period ends (" + to + ") before it starts (" + from + ")");
        }
        Set<String> complaints = config.complaintKinds();
        Map<Integer, Integer> openAlarms = openCountByClass.apply(a -> !complaints.contains(a.kind()));
        Map<Integer, Integer> openComplaints = new TreeMap<>(openCountByClass.apply(a -> complaints.contains(a.kind())));
        for (Complaint c : openRecorded) {
            openComplaints.merge(classOf.applyAsInt(c.category()), 1, Integer::sum);
        }
        return new SupervisionFeed(site.site(), from, to, outdoor(site, from, to, readings),
                heats(site.sources(), from, to, readings), heats(site.substations(), from, to, readings),
                indoor(site, from, to, readings), openAlarms, openComplaints);
    }

    private SupervisionFeed.Outdoor outdoor(SupervisionSite site, Instant from, Instant to, Collection<Reading> readings) {
        List<BigDecimal> values = values(readings, new HashSet<>(site.outdoorSensors()), Points.TEMP_OUTDOOR, from, to)
                .values().stream().flatMap(List::stream).toList();
        if (values.isEmpty()) {
            return new SupervisionFeed.Outdoor(0, null, null, null);
        }
        return new SupervisionFeed.Outdoor(values.size(), temperature(mean(values)),
                temperature(values.stream().min(BigDecimal::compareTo).orElseThrow()),
                temperature(values.stream().max(BigDecimal::compareTo).orElseThrow()));
    }

    private List<SupervisionFeed.Heat> heats(List<SupervisionSite.HeatMeterRef> meters, Instant from, Instant to,
                                             Collection<Reading> readings) {
        List<SupervisionFeed.Heat> out = new ArrayList<>();
        for (SupervisionSite.HeatMeterRef ref : meters) {
            MeterCuts cuts = MeterCuts.of(ref.meter(), readings);
            Optional<Cut> start = cuts.at(from);
            Optional<Cut> end = cuts.at(to);
            if (start.isEmpty() || end.isEmpty()) {
                out.add(new SupervisionFeed.Heat(ref.id(), ref.meter(), null, null, null));
                continue;
            }
            BigDecimal kWh = end.get().kWh().subtract(start.get().kWh());
            out.add(new SupervisionFeed.Heat(ref.id(), ref.meter(), energy(kWh), energy(kWh.multiply(GJ_PER_KWH)),
                    start.get().estimated() || end.get().estimated()));
        }
        return out;
    }

    private SupervisionFeed.Indoor indoor(SupervisionSite site, Instant from, Instant to, Collection<Reading> readings) {
        BigDecimal belowC = config.indoorMinimumC();
        List<BigDecimal> roomMeans = new ArrayList<>();
        for (List<BigDecimal> room : values(readings, new HashSet<>(site.roomSensors()), Points.TEMP_ROOM, from, to).values()) {
            roomMeans.add(mean(room));
        }
        if (roomMeans.isEmpty()) {
            return new SupervisionFeed.Indoor(0, null, null, config.lowPercentile(), null, belowC, null);
        }
        roomMeans.sort(BigDecimal::compareTo);
        int n = roomMeans.size();
        // nearest rank: the smallest value with at least p % of the rooms at or below it
        int rank = (int) Math.ceil(config.lowPercentile() * n / 100.0);
        long below = roomMeans.stream().filter(m -> m.compareTo(belowC) < 0).count();
        BigDecimal share = BigDecimal.valueOf(below * 100).divide(BigDecimal.valueOf(n), 1, RoundingMode.HALF_UP);
        return new SupervisionFeed.Indoor(n, temperature(mean(roomMeans)), temperature(roomMeans.get(0)),
                config.lowPercentile(), temperature(roomMeans.get(Math.max(rank, 1) - 1)), belowC, share);
    }

    /** Good readings of {@code point} from {@code devices} in [from, to), per device, one value per instant. */
    private static Map<String, List<BigDecimal>> values(Collection<Reading> readings, Set<String> devices, String point,
                                                      Instant from, Instant to) {
        Map<String, Map<Instant, BigDecimal>> byDevice = new TreeMap<>();
        for (Reading r : readings) {
            if (devices.contains(r.device()) && r.point().equals(point) && r.quality() == Quality.GOOD
                    && !r.time().isBefore(from) && r.time().isBefore(to)) {
                byDevice.computeIfAbsent(r.device(), d -> new TreeMap<>()).putIfAbsent(r.time(), r.value());
            }
        }
        Map<String, List<BigDecimal>> out = new TreeMap<>();
        byDevice.forEach((device, values) -> out.put(device, List.copyOf(values.values())));
        return out;
    }

    private static BigDecimal mean(List<BigDecimal> values) {
        BigDecimal sum = values.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        return sum.divide(BigDecimal.valueOf(values.size()), EXACT, RoundingMode.HALF_UP);
    }

    private BigDecimal temperature(BigDecimal value) {
        return value.setScale(config.temperatureScale(), RoundingMode.HALF_UP);
    }

    private BigDecimal energy(BigDecimal value) {
        return value.setScale(config.energyScale(), RoundingMode.HALF_UP);
    }
}
