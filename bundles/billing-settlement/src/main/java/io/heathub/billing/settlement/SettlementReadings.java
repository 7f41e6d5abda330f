package io.heathub.billing.settlement;

import io.heathub.api.Points;
import io.heathub.api.Quality;
import io.heathub.api.Reading;
import io.heathub.api.Unit;
import io.heathub.billing.MeterCuts;
import io.heathub.billing.Season;
import io.heathub.billing.records.Interruption;
import io.heathub.billing.records.RefundExclusion;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What a settlement needs of the readings, taken in one pass as they are read ({@link #accept}) so that a
 * season is settled without holding its rows (issue 20 item 5): per meter its good {@code heat.energy}
 * readings in a compact form (24 bytes each: a meter's cuts follow its counter's whole history, which
 * drops a reading going backwards, so they are built from all of them, one meter at a time, by
 * {@link MeterCuts}); per room sensor and season day the sum and count of its good {@code temp.room}
 * readings (and an 8-byte key per reading, so a reading delivered twice counts once, as before); per
 * device and day the first reading of the refund rules' points that excludes the day. Readings of other
 * devices and points are ignored. {@link SeasonSettlement#settle(List, SettlementReadings)} on it gives
 * the same result as on the readings themselves, whatever their order.
 *
 * <p>Not thread-safe: one reader feeds it, then it is settled.
 */
public final class SettlementReadings implements Consumer<Reading> {
    private final Season season;
    /** The season's first day and opening, taken once: read for every room reading. */
    private final long firstDay;
    private final long opensSecond;
    /** The local day a room reading fell in last: [dayFrom, dayTo) in epoch seconds, its index. */
    private long dayFrom;
    private long dayTo = Long.MIN_VALUE;
    private int lastDay;
    private final Map<String, CounterSeries> meters = new HashMap<>();
    private final Map<String, RoomSeries> rooms = new HashMap<>();
    private final RefundDays refundDays;
    private final Set<String> refundPoints;
    private long taken;

    /**
     * @param season      the season: room days are its days in its zone
     * @param meters      the households' meters
     * @param roomSensors the households' room sensors
     * @param refunds     the refund rules whose alarm and state points exclude days
     */
    public SettlementReadings(Season season, Set<String> meters, Set<String> roomSensors, RefundRules refunds) {
        this.season = Objects.requireNonNull(season, "season");
        this.firstDay = season.start().toEpochDay();
        this.opensSecond = season.opens().getEpochSecond();
        meters.forEach(m -> this.meters.put(m, new CounterSeries()));
        roomSensors.forEach(s -> this.rooms.put(s, new RoomSeries(season.dayCount())));
        this.refundDays = new RefundDays(refunds, List.of(), List.of(), season.zone());
        this.refundPoints = Set.copyOf(RefundDays.points(refunds));
    }

    @Override
    public void accept(Reading r) {
        taken++;
        if (refundPoints.contains(r.point())) {
            refundDays.note(r);
        }
        if (r.quality() != Quality.GOOD) {
            return;
        }
        if (r.point().equals(Points.HEAT_ENERGY)) {
            CounterSeries series = meters.get(r.device());
            if (series != null) {
                series.add(r.time(), r.value());
            }
        } else if (r.point().equals(Points.TEMP_ROOM)) {
            RoomSeries series = rooms.get(r.device());
            int day = series == null ? -1 : seasonDay(r.time());
            if (day >= 0 && day < series.count.length) {
                series.add(day, r.time(), opensSecond, r.value());
            }
        }
    }

    /**
     * The index of the local day of {@code time} from the season's first day (negative before it); the
     * last day's bounds are kept, as readings come mostly in time order and a zone lookup costs.
     */
    private int seasonDay(Instant time) {
        long second = time.getEpochSecond();
        if (second < dayFrom || second >= dayTo) {
            LocalDate day = season.dayOf(time);
            lastDay = (int) (day.toEpochDay() - firstDay);
            dayFrom = season.startOf(day).getEpochSecond();
            dayTo = season.startOf(day.plusDays(1)).getEpochSecond();
        }
        return lastDay;
    }

    /** Readings taken in, kept or not. */
    public long taken() {
        return taken;
    }

    /**
     * The cuts of {@code meter} (one of the meters it was made for) from its good readings, in the order
     * they were read, as {@link MeterCuts#of} makes them; built anew on each call.
     */
    public MeterCuts cuts(String meter) {
        CounterSeries series = meters.get(meter);
        return MeterCuts.of(meter, series == null ? List.of() : series.readings(meter));
    }

    /** The season days of {@code sensor} with good room readings. */
    Map<LocalDate, RoomDay> roomDays(String sensor) {
        RoomSeries series = rooms.get(sensor);
        Map<LocalDate, RoomDay> days = new HashMap<>();
        if (series != null) {
            for (int i = 0; i < series.count.length; i++) {
                if (series.count[i] > 0) {
                    days.put(season.start().plusDays(i), new RoomDay(series.sum[i], series.count[i]));
                }
            }
        }
        return days;
    }

    /** The excluded device-days seen, with the records' exclusions and interruptions. */
    RefundDays refundDays(List<RefundExclusion> exclusions,
                          List<Interruption> interruptions) {
        return refundDays.withRecords(exclusions, interruptions);
    }

    /** One meter's good counter readings, in arrival order: seconds, nanos, unscaled value, scale. */
    private static final class CounterSeries {
        private long[] seconds = new long[16];
        private int[] nanos = new int[16];
        private long[] unscaled = new long[16];
        private int[] scales = new int[16];
        /** Values whose unscaled part does not fit a long, by index (never seen in practice). */
        private final Map<Integer, BigDecimal> wide = new HashMap<>();
        private int size;

        void add(Instant time, BigDecimal value) {
            if (size == seconds.length) {
                int grown = size * 2;
                seconds = Arrays.copyOf(seconds, grown);
                nanos = Arrays.copyOf(nanos, grown);
                unscaled = Arrays.copyOf(unscaled, grown);
                scales = Arrays.copyOf(scales, grown);
            }
            seconds[size] = time.getEpochSecond();
            nanos[size] = time.getNano();
            BigInteger digits = value.unscaledValue();
            if (digits.bitLength() < Long.SIZE) {
                unscaled[size] = digits.longValue();
                scales[size] = value.scale();
            } else {
                wide.put(size, value);
            }
            size++;
        }

        List<Reading> readings(String meter) {
            List<Reading> out = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                BigDecimal value = wide.containsKey(i) ? wide.get(i) : BigDecimal.valueOf(unscaled[i], scales[i]);
                out.add(new Reading(meter, Points.HEAT_ENERGY, value, Unit.KWH, Instant.ofEpochSecond(seconds[i], nanos[i]),
                        Quality.GOOD, ""));
            }
            return out;
        }
    }

    /**
     * One room sensor's season days: sum and count of its good temperatures, each instant once (the first
     * reading of an instant counts, as in the mean over all readings). The instants are kept per day as
     * nanoseconds since the season opened, sorted: exact whatever their precision (a hub's readings carry
     * milliseconds or finer), 8 bytes a reading.
     */
    private static final class RoomSeries {
        final BigDecimal[] sum;
        final int[] count;
        private final long[][] instants;

        RoomSeries(int days) {
            sum = new BigDecimal[days];
            count = new int[days];
            instants = new long[days][];
        }

        void add(int day, Instant time, long opensSecond, BigDecimal value) {
            if (!firstAt(day, (time.getEpochSecond() - opensSecond) * 1_000_000_000L + time.getNano())) {
                return; // a reading delivered twice must not weigh twice in the mean
            }
            sum[day] = sum[day] == null ? value : sum[day].add(value);
        }

        /** Whether {@code key} is new on {@code day}; remembers it. */
        private boolean firstAt(int day, long key) {
            long[] keys = instants[day];
            int n = count[day];
            if (keys == null) {
                keys = instants[day] = new long[24];
            }
            // in time order (the usual case) a new instant goes last; out of order it is searched for
            int at = n > 0 && keys[n - 1] < key ? -n - 1 : Arrays.binarySearch(keys, 0, n, key);
            if (at >= 0) {
                return false;
            }
            int insert = -at - 1;
            if (n == keys.length) {
                keys = instants[day] = Arrays.copyOf(keys, n * 2);
            }
            System.arraycopy(keys, insert, keys, insert + 1, n - insert);
            keys[insert] = key;
            count[day] = n + 1;
            return true;
        }
    }
}
