package io.heathub.core.bench;

import io.heathub.api.driver.DeviceConfig;
import io.heathub.api.driver.DeviceDriver;
import io.heathub.api.hub.BusStatus;
import io.heathub.api.hub.DeviceStatus;
import io.heathub.core.bus.BusWorker;
import io.heathub.core.bus.DriverDirectory;
import io.heathub.core.bus.OneDriver;
import io.heathub.core.pipeline.ReadingPipeline;
import io.heathub.config.site.BusConfig;
import io.heathub.driver.cjt188.Cjt188Driver;
import io.heathub.simulator.meters.MeterEnvironment;
import io.heathub.simulator.meters.MeterLine;
import io.heathub.simulator.meters.MeterPopulation;
import io.heathub.simulator.meters.PtyMeterLine;
import io.heathub.testkit.InMemoryJournal;
import io.heathub.testkit.peers.SocatPtyPair;
import io.heathub.transport.SerialLinkFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Sweep of N simulated CJ/T 188 heat meters on one emulated 2400-baud line through a socat pty,
 * read by the hub's own parts (bus worker, serial link, CJ/T 188 driver), against the
 * theoretical minimum line time: (bytes sent + bytes received) × 11 bits / baud plus the
 * simulator's turnaround per request. Then L such lines in parallel.
 *
 * <pre>cd bundles/core && mvn -q test-compile exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=io.heathub.core.bench.MeterLineSweepBenchmark -Dexec.args="250 1 2"</pre>
 *
 * Arguments: meters per line (250), lines (1), sweeps measured (2).
 */
public final class MeterLineSweepBenchmark {
    private static final int BAUD = 2400;
    private static final Duration TURNAROUND = Duration.ofMillis(10);

    private MeterLineSweepBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int meters = args.length > 0 ? Integer.parseInt(args[0]) : 250;
        int lines = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        int sweeps = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        Path dir = Files.createTempDirectory("sweep");
        List<Line> running = new ArrayList<>();
        try {
            for (int i = 0; i < lines; i++) {
                running.add(Line.start(dir, i, meters));
            }
            long start = System.nanoTime();
            List<Thread> threads = new ArrayList<>();
            List<Sweep> results = java.util.Collections.synchronizedList(new ArrayList<>());
            for (Line line : running) {
                Thread t = new Thread(() -> results.add(line.measure(sweeps)));
                threads.add(t);
                t.start();
            }
            for (Thread t : threads) {
                t.join();
            }
            double wallSeconds = (System.nanoTime() - start) / 1e9;
            results.forEach(r -> System.out.println(r.text()));
            System.out.printf("%d line(s) x %d meters, %d sweeps each: wall %.1f s%n", lines, meters, sweeps + 1,
                    wallSeconds);
            System.out.println("slowest line's sweep / its theoretical minimum:");
            System.out.printf(java.util.Locale.ROOT, "ratio=%.3f%n",
                    results.stream().mapToDouble(Sweep::ratio).max().orElse(Double.NaN));
        } finally {
            running.forEach(Line::close);
        }
    }

    /** One line's measured sweeps: the figures as text and sweep time / theoretical minimum. */
    private record Sweep(String text, double ratio) {
    }

    /** One socat pty pair with a simulated line on one end and a bus worker on the other. */
    private static final class Line implements AutoCloseable {
        private final int index;
        private final SocatPtyPair socat;
        private final PtyMeterLine simulated;
        private final BusWorker worker;
        private final List<String> ids;

        private Line(int index, SocatPtyPair socat, PtyMeterLine simulated, BusWorker worker, List<String> ids) {
            this.index = index;
            this.socat = socat;
            this.simulated = simulated;
            this.worker = worker;
            this.ids = ids;
        }

        static Line start(Path dir, int index, int meters) throws Exception {
            SocatPtyPair socat = new SocatPtyPair(Files.createDirectories(dir.resolve("line" + index)));
            Path hubEnd = socat.hubEnd();
            Path meterEnd = socat.deviceEnd();
            MeterLine line = new MeterLine(new MeterPopulation(meters, 0, 0, 0, 0)
                    .build(index, MeterEnvironment.realTime()), new MeterLine.Timing(BAUD, TURNAROUND, false));
            PtyMeterLine simulated = PtyMeterLine.start(line, meterEnd);

            List<DeviceConfig> devices = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            for (int i = 1; i <= meters; i++) {
                String id = "m" + index + "-" + i;
                ids.add(id);
                // A 1 ms interval keeps every meter due: the worker reads them back to back, as a sweep.
                devices.add(new DeviceConfig(id, "cjt188", "line" + index, String.format("201%011d", i),
                        Map.of("timeout", "2s"), Duration.ofMillis(1), dir, "benchmark"));
            }
            DeviceDriver driver = new Cjt188Driver();
            DriverDirectory drivers = new OneDriver("cjt188", driver);
            SerialLinkFactory serial = new SerialLinkFactory();
            BusWorker worker = new BusWorker(new BusConfig("line" + index,
                    URI.create("serial:" + hubEnd + "?baud=" + BAUD), Duration.ofSeconds(2), Duration.ZERO, "benchmark"),
                    devices, drivers, serial::open, new ReadingPipeline(new InMemoryJournal()), Clock.systemUTC());
            return new Line(index, socat, simulated, worker, ids);
        }

        /** Runs a warm-up sweep, then {@code sweeps} measured ones; one line of figures. */
        Sweep measure(int sweeps) {
            worker.start();
            awaitPolls(1);
            BusStatus before = worker.busStatus();
            long start = System.nanoTime();
            awaitPolls(1 + sweeps);
            double seconds = (System.nanoTime() - start) / 1e9;
            BusStatus after = worker.busStatus();
            long requests = after.requests() - before.requests();
            long bytes = after.bytesSent() - before.bytesSent() + after.bytesReceived() - before.bytesReceived();
            double theory = bytes * 11.0 / BAUD + requests * TURNAROUND.toNanos() / 1e9;
            double perSweep = seconds / sweeps;
            return new Sweep(String.format("line %d: %d meters, sweep %.2f s (measured over %d sweeps, %d requests, %d "
                    + "timeouts), theoretical minimum %.2f s, ratio %.3f", index, ids.size(), perSweep, sweeps, requests,
                    after.timeouts() - before.timeouts(), theory / sweeps, seconds / theory), seconds / theory);
        }

        /** Waits until every meter was read at least {@code polls} times. */
        private void awaitPolls(long polls) {
            while (worker.status().stream().mapToLong(DeviceStatus::polls).min().orElse(0) < polls) {
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }

        @Override
        public void close() {
            worker.close();
            simulated.close();
            try {
                socat.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
