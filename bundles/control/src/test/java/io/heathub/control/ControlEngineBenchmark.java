package io.heathub.control;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Random;

/**
 * Not a test: a main that times one engine cycle for 5,000 households in 20 zones.
 * Run: {@code mvn -q test-compile exec:java -Dexec.mainClass=io.heathub.control.ControlEngineBenchmark -Dexec.classpathScope=test}
 * (from bundles/control). Optional arguments: households, zones, measured cycles.
 */
public final class ControlEngineBenchmark {
    private static final double CYCLE_BUDGET_MILLIS = 50;

    private ControlEngineBenchmark() {
    }

    public static void main(String[] args) {
        int households = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        int zones = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int measured = args.length > 2 ? Integer.parseInt(args[2]) : 2000;
        Instant base = Instant.parse("2026-12-15T04:00:00Z");
        Random random = new Random(1);

        Map<String, List<Sample>> rooms = new LinkedHashMap<>();
        Map<String, Double> pumps = new LinkedHashMap<>();
        for (int z = 0; z < zones; z++) {
            List<Sample> samples = new ArrayList<>();
            for (int h = z; h < households; h += zones) {
                samples.add(Sample.good(16 + 6 * random.nextDouble(), base.minusSeconds(random.nextInt(600))));
            }
            rooms.put("zone-" + z, samples);
            pumps.put("zone-" + z, 30 + 20 * random.nextDouble());
        }
        List<ForecastPoint> forecast = new ArrayList<>();
        for (int h = 1; h <= 72; h++) {
            forecast.add(new ForecastPoint(base.plus(Duration.ofHours(h)), -8 - 0.1 * h));
        }
        Snapshot snapshot = new Snapshot(List.of(Sample.good(-7.5, base.minusSeconds(20)), Sample.good(-7.6, base.minusSeconds(80))),
                forecast, rooms, pumps, OptionalDouble.of(60), OptionalDouble.of(70));
        ControlEngine engine = new ControlEngine(ControlSettings.defaults());

        ControlState state = ControlState.initial();
        for (int i = 0; i < 2000; i++) { // JIT warm-up
            state = engine.cycle(snapshot, state, base.plusMillis(i)).state();
        }
        long[] nanos = new long[measured];
        long checksum = 0;
        for (int i = 0; i < measured; i++) {
            long start = System.nanoTime();
            ControlEngine.Result result = engine.cycle(snapshot, state, base.plusSeconds(1).plusMillis(i));
            nanos[i] = System.nanoTime() - start;
            state = result.state();
            checksum += result.decisions().size();
        }
        Arrays.sort(nanos);
        System.out.printf("one cycle, %d households, %d zones, %d cycles (%d decisions each): median %.3f ms, p99 %.3f ms, max %.3f ms%n",
                households, zones, measured, checksum / measured, nanos[measured / 2] / 1e6, nanos[measured * 99 / 100] / 1e6,
                nanos[measured - 1] / 1e6);
        // No library computes these rules, so the comparison is with the cycle's budget (the 50 ms),
        // which leaves the control interval (tens of seconds) free for polling and forwarding.
        double p99Millis = nanos[measured * 99 / 100] / 1e6;
        System.out.printf("budget of one cycle: %.0f ms; p99 / budget below%n", CYCLE_BUDGET_MILLIS);
        System.out.printf(java.util.Locale.ROOT, "ratio=%.3f%n", p99Millis / CYCLE_BUDGET_MILLIS);
    }
}
