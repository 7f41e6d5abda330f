package io.heathub.billing.settlement;

import static org.assertj.core.api.Assertions.assertThat;

import io.heathub.api.Points;
import io.heathub.api.Quality;
import io.heathub.api.Reading;
import io.heathub.api.Unit;
import io.heathub.billing.DayRange;
import io.heathub.billing.Household;
import io.heathub.billing.HouseholdTariff;
import io.heathub.billing.Season;
import io.heathub.billing.input.Problems;
import io.heathub.billing.input.ReadingsCsv;
import io.heathub.billing.settlement.cli.SettlementJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The streamed settlement ({@link SettlementReadings}, what {@code heathub settle} and
 * {@code /api/settlement} run) gives exactly what the settlement over every reading held in memory gives:
 * the same lines and the same warnings, on generated seasons with gaps, readings delivered twice, two
 * readings of one instant that disagree, rows out of order, bad qualities, counters going backwards, a
 * meter replaced mid-season (its new counter starts low under the same device id), room readings off
 * the whole second, alarm and state readings that exclude days, an extension and elastic days.
 */
class StreamedSettlementTest {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final LocalDate START = LocalDate.parse("2024-11-15");

    @Property(tries = 100)
    void streamedEqualsInMemory(@ForAll long seed) {
        Random random = new Random(seed);
        SiteSettlement settlement = settlement(random);
        List<Reading> readings = readings(random, settlement);

        SettlementReadings summary = settlement.readings();
        readings.forEach(summary);

        Result inMemory = Result.of(settle(settlement, readings));
        Result streamed = Result.of(settle(settlement, summary));
        assertThat(streamed).isEqualTo(inMemory);
        assertThat(summary.taken()).isEqualTo(readings.size());
        assertThat(inMemory.lines()).hasSize(settlement.households().size());
    }

    /**
     * Through the CSV files as {@code heathub settle} reads them: before, each file read twice (billing rows,
     * then the refund rules' rows) into one list; now one streamed pass.
     */
    @Property(tries = 25)
    void streamedCsvEqualsTheListsReadBefore(@ForAll long seed, @ForAll @IntRange(min = 1, max = 3) int files)
            throws IOException {
        Random random = new Random(seed);
        SiteSettlement settlement = settlement(random);
        List<Reading> readings = readings(random, settlement);
        Path dir = Files.createTempDirectory("streamed-settlement");
        try {
            List<Path> paths = new ArrayList<>();
            int per = readings.size() / files + 1;
            for (int f = 0; f < files; f++) {
                List<String> lines = new ArrayList<>(List.of(ReadingsCsv.header()));
                readings.subList(Math.min(f * per, readings.size()), Math.min((f + 1) * per, readings.size()))
                        .forEach(r -> lines.add(ReadingsCsv.row(r)));
                paths.add(Files.write(dir.resolve("readings-" + f + ".csv"), lines));
            }
            Set<String> devices = settlement.devices();
            Set<String> points = Set.copyOf(settlement.refundPoints());
            Problems before = new Problems(20);
            List<Reading> read = new ArrayList<>();
            for (Path p : paths) {
                read.addAll(ReadingsCsv.read(p, p.toString(), before, devices::contains));
                read.addAll(ReadingsCsv.readCounters(p, p.toString(), before,
                        (device, point) -> devices.contains(device) && points.contains(point)));
            }
            Problems now = new Problems(20);
            SettlementReadings summary = settlement.readings();
            for (Path p : paths) {
                ReadingsCsv.stream(p, p.toString(), now, devices::contains,
                        (device, point) -> devices.contains(device) && points.contains(point), now, summary);
            }
            assertThat(now.lines()).isEqualTo(before.lines()).isEmpty();
            assertThat(Result.of(settle(settlement, summary))).isEqualTo(Result.of(settle(settlement, read)));
        } finally {
            try (var walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private record Result(List<String> lines, List<String> warnings) {
        static Result of(SettlementRun run) {
            SettlementJson json = new SettlementJson(true);
            return new Result(run.households().stream().map(json::line).toList(), run.warnings());
        }
    }

    private static SettlementRun settle(SiteSettlement settlement, List<Reading> readings) {
        try {
            return settlement.settle(readings, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static SettlementRun settle(SiteSettlement settlement, SettlementReadings readings) {
        try {
            return settlement.settle(readings, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** 2–8 season days, 1–6 households, a decree extension after the season, elastic days before it for some. */
    private static SiteSettlement settlement(Random random) {
        int days = 2 + random.nextInt(7);
        Season season = Season.of(START, START.plusDays(days - 1), SHANGHAI);
        List<Household> households = new ArrayList<>();
        Map<String, List<DayRange>> elastic = new java.util.LinkedHashMap<>();
        int count = 1 + random.nextInt(6);
        for (int i = 1; i <= count; i++) {
            HouseholdTariff tariff = random.nextBoolean() ? HouseholdTariff.TWO_PART : HouseholdTariff.AREA;
            String meter = tariff == HouseholdTariff.AREA && random.nextInt(5) == 0 ? "" : "m" + i;
            String room = random.nextInt(5) == 0 ? "" : "r" + i;
            households.add(new Household("h" + i, BigDecimal.valueOf(500 + random.nextInt(800), 1), meter, room, tariff,
                    List.of(), "b" + (i % 2), ""));
            if (random.nextInt(3) == 0) {
                elastic.put("h" + i, List.of(new DayRange(START.minusDays(3), START.minusDays(2))));
            }
        }
        List<DayRange> extensions = random.nextBoolean()
                ? List.of(new DayRange(season.end().plusDays(1), season.end().plusDays(2))) : List.of();
        ColdRoomRules zibo = ColdRoomRules.zibo();
        RefundRules refunds = new RefundRules(EnumSet.allOf(HouseholdTariff.class), true, List.of("valveTampered"),
                List.of(new RefundRules.StateMatch("status.valveFault", BigDecimal.ONE)), BigDecimal.valueOf(100),
                Duration.ofDays(1));
        Tariff tariff = new Tariff(new BigDecimal("24"), new BigDecimal("7.2"), new BigDecimal("0.188"),
                random.nextBoolean() ? new BigDecimal("4") : null,
                random.nextBoolean() ? SettlementPolicy.REFUND_AND_CHARGE : SettlementPolicy.REFUND_ONLY,
                new ColdRoomRules(zibo.classes(), zibo.noHeatRefundPercent(), refunds));
        return new SiteSettlement(tariff, new SettlementSeason(season, 2024, extensions, elastic, List.of()), households);
    }

    /** Every device's readings from 4 days before the season to 4 after, disordered. */
    private static List<Reading> readings(Random random, SiteSettlement settlement) {
        Instant from = START.minusDays(4).atStartOfDay(SHANGHAI).toInstant();
        Instant to = settlement.season().season().closes().plus(Duration.ofDays(4));
        List<Reading> out = new ArrayList<>();
        for (Household h : settlement.households()) {
            h.meterId().ifPresent(m -> out.addAll(counter(random, m, from, to)));
            h.roomSensorId().ifPresent(r -> out.addAll(room(random, r, from, to)));
        }
        // an export's order: by time across devices, with some rows late and some swapped
        out.sort(Comparator.comparing(Reading::time));
        for (int i = 0; i < out.size() / 10; i++) {
            Collections.swap(out, random.nextInt(out.size()), random.nextInt(out.size()));
        }
        if (random.nextInt(4) == 0) {
            Collections.reverse(out.subList(0, out.size() / 3));
        }
        return out;
    }

    private static List<Reading> counter(Random random, String meter, Instant from, Instant to) {
        List<Reading> out = new ArrayList<>();
        Duration step = List.of(Duration.ofHours(6), Duration.ofHours(1), Duration.ofMinutes(25), Duration.ofHours(13))
                .get(random.nextInt(4));
        BigDecimal value = BigDecimal.valueOf(random.nextInt(100_000), 3);
        Instant replaced = random.nextInt(3) == 0 ? from.plus(Duration.between(from, to).multipliedBy(random.nextInt(100)).dividedBy(100)) : null;
        // some readings on the cut instants themselves, most off them
        Instant t = from.plusSeconds(random.nextBoolean() ? 0 : random.nextInt(3600));
        while (t.isBefore(to)) {
            boolean idle = random.nextInt(4) == 0; // no heat for a while: days the meter does not move
            if (!idle) {
                value = value.add(BigDecimal.valueOf(random.nextInt(5000), 3));
            }
            if (replaced != null && !t.isBefore(replaced)) {
                value = BigDecimal.valueOf(random.nextInt(2000), 3); // a new meter under the same id starts low
                replaced = null;
            }
            int roll = random.nextInt(100);
            if (roll < 5) {
                t = t.plus(step.multipliedBy(1 + random.nextInt(30))); // a gap
                continue;
            }
            Quality quality = roll < 10 ? Quality.values()[random.nextInt(Quality.values().length)] : Quality.GOOD;
            BigDecimal shown = roll >= 10 && roll < 13 ? value.subtract(BigDecimal.TEN) : value; // a glitch backwards
            out.add(reading(meter, Points.HEAT_ENERGY, shown, Unit.KWH, t, quality));
            if (roll >= 13 && roll < 18) {
                out.add(reading(meter, Points.HEAT_ENERGY, shown, Unit.KWH, t, quality)); // delivered twice
            } else if (roll >= 18 && roll < 21) {
                out.add(reading(meter, Points.HEAT_ENERGY, shown.add(BigDecimal.ONE), Unit.KWH, t, Quality.GOOD)); // disagrees
            }
            if (random.nextInt(40) == 0) {
                out.add(reading(meter, "alarm.valveTampered", BigDecimal.valueOf(random.nextInt(2)), Unit.NONE, t, Quality.GOOD));
            }
            t = t.plus(step).plusSeconds(random.nextInt(120) - 60);
        }
        return out;
    }

    private static List<Reading> room(Random random, String sensor, Instant from, Instant to) {
        List<Reading> out = new ArrayList<>();
        Duration step = random.nextBoolean() ? Duration.ofHours(1) : Duration.ofMinutes(37);
        int mean = 100 + random.nextInt(120); // tenths of °C: 10–22 °C, every class
        for (Instant t = from; t.isBefore(to); t = t.plus(step)) {
            int roll = random.nextInt(100);
            if (roll < 4) {
                t = t.plus(step.multipliedBy(random.nextInt(40))); // a gap
                continue;
            }
            Instant at = roll < 14 ? t.plusMillis(1 + random.nextInt(999)) : t;
            Quality quality = roll >= 14 && roll < 19 ? Quality.values()[random.nextInt(Quality.values().length)] : Quality.GOOD;
            int tenths = mean + random.nextInt(60) - 30;
            BigDecimal celsius = random.nextBoolean() ? BigDecimal.valueOf(tenths, 1)
                    : BigDecimal.valueOf(tenths * 10L + random.nextInt(10), 2);
            out.add(reading(sensor, Points.TEMP_ROOM, celsius, Unit.CELSIUS, at, quality));
            if (roll >= 19 && roll < 25) {
                out.add(reading(sensor, Points.TEMP_ROOM, celsius.add(BigDecimal.ONE), Unit.CELSIUS, at, Quality.GOOD));
            }
            if (random.nextInt(60) == 0) {
                out.add(reading(sensor, "status.valveFault", BigDecimal.valueOf(random.nextInt(2)), Unit.NONE, at,
                        random.nextBoolean() ? Quality.GOOD : Quality.SUSPECT));
            }
        }
        return out;
    }

    private static Reading reading(String device, String point, BigDecimal value, Unit unit, Instant time, Quality quality) {
        return new Reading(device, point, value, unit, time, quality, "");
    }
}
