package io.heathub.core.bench;

import io.heathub.api.Reading;
import io.heathub.api.driver.Command;
import io.heathub.api.driver.CommandResult;
import io.heathub.api.driver.DeviceConfig;
import io.heathub.api.driver.DeviceDriver;
import io.heathub.api.driver.DeviceException;
import io.heathub.api.driver.DeviceSession;
import io.heathub.api.driver.DriverInfo;
import io.heathub.api.driver.Link;
import io.heathub.api.driver.LinkFactory.ManagedLink;
import io.heathub.api.hub.BusStatus;
import io.heathub.api.hub.DeviceStatus;
import io.heathub.config.site.BusConfig;
import io.heathub.core.bus.BusWorker;
import io.heathub.core.bus.DriverDirectory;
import io.heathub.core.bus.OneDriver;
import io.heathub.core.pipeline.ReadingPipeline;
import io.heathub.driver.modbus.ModbusDriver;
import io.heathub.simulator.modbus.ModbusRtuServer;
import io.heathub.simulator.modbus.ModbusUnit;
import io.heathub.simulator.modbus.RegisterAccessException;
import io.heathub.testkit.InMemoryJournal;
import io.heathub.testkit.peers.SocatPtyPair;
import io.heathub.transport.SerialLinkFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Sweep of N Modbus RTU devices on one emulated serial line (a socat pty pair) read by the hub's
 * own parts: a {@link BusWorker}, the transport's serial link (jSerialComm) and the Modbus driver
 * in RTU mode. On the other end {@link ModbusRtuServer} answers for every unit on the line's clock
 * (8E1 = 11 bits per character at the given baud rate: request line time, the 3.5-character
 * silence that ends it, a turnaround, each reply byte released when its last bit would arrive).
 *
 * <p>Theoretical minimum of the measured sweeps, from the bus's own counters: (bytes sent +
 * received) × 11 / baud + per answered transaction two 3.5-character gaps (after the request, which
 * the slaves need to see it end, and after the reply, before the next request may start) and the
 * turnaround. The last line is {@code ratio=<sweep/theoretical>}.
 *
 * <p>Scenario {@code slow}: unit 2 answers 300 ms late and unit 3 never (it is configured but not on
 * the line); every device's poll time is printed, and the theoretical minimum then also holds
 * the late unit's 300 ms per answer and the device timeout per unanswered request, so the ratio
 * shows whether the slow devices cost the line more than their own time.
 *
 * <pre>cd bundles/core && mvn -q test-compile exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=io.heathub.core.bench.ModbusRtuLineBenchmark -Dexec.args="32 9600 clean 3"</pre>
 *
 * Arguments: devices (32), baud (9600), scenario {@code clean} or {@code slow}, sweeps measured (3).
 */
public final class ModbusRtuLineBenchmark {
    private static final int BITS_PER_CHARACTER = 11; // 8E1: start, 8 data, parity, stop
    private static final Duration TURNAROUND = Duration.ofMillis(5);
    private static final Duration DEVICE_TIMEOUT = Duration.ofMillis(500);
    private static final Duration SLOW_DELAY = Duration.ofMillis(300);
    private static final int SLOW_UNIT = 2;
    private static final int SILENT_UNIT = 3;
    private static final int HOLDING = 12;
    private static final int INPUT = 8;
    /** Every RTU read request: unit, function, address, count, CRC. */
    private static final int READ_REQUEST_BYTES = 8;

    private ModbusRtuLineBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int devices = args.length > 0 ? Integer.parseInt(args[0]) : 32;
        int baud = args.length > 1 ? Integer.parseInt(args[1]) : 9600;
        boolean slow = args.length > 2 && args[2].equals("slow");
        int sweeps = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        if (devices < (slow ? SILENT_UNIT + 1 : 1) || devices > 247) {
            throw new IllegalArgumentException("devices: 1..247 (at least 4 for the slow scenario), got " + devices);
        }
        Path dir = Files.createTempDirectory("rtu-line");
        Files.createDirectories(dir.resolve("profiles"));
        Files.writeString(dir.resolve("profiles/rtu-panel.yaml"), profile());
        ModbusRtuServer.LineTiming timing = new ModbusRtuServer.LineTiming(baud, BITS_PER_CHARACTER, TURNAROUND,
                slow ? Map.of(SLOW_UNIT, SLOW_DELAY) : Map.of());
        Map<Integer, ModbusUnit> units = new HashMap<>();
        for (int unit = 1; unit <= devices; unit++) {
            if (!(slow && unit == SILENT_UNIT)) {
                units.put(unit, new Panel(unit));
            }
        }
        System.out.printf("Modbus RTU line: %d devices (%d holding + %d input registers each, 2 requests), %d baud 8E1,"
                + " turnaround %d ms, device timeout %d ms%s%n", devices, HOLDING, INPUT, baud, TURNAROUND.toMillis(),
                DEVICE_TIMEOUT.toMillis(), slow ? "; unit " + SLOW_UNIT + " answers " + SLOW_DELAY.toMillis()
                        + " ms late, unit " + SILENT_UNIT + " never" : "");

        SerialLinkFactory serial = new SerialLinkFactory();
        String line = "?baud=" + baud + "&parity=even";
        Timed driver = new Timed(new ModbusDriver());
        try (SocatPtyPair socat = new SocatPtyPair(dir.resolve("pty"))) {
            ManagedLink deviceEnd = serial.open(URI.create("serial:" + socat.deviceEnd() + line));
            List<DeviceConfig> configs = new ArrayList<>();
            for (int unit = 1; unit <= devices; unit++) {
                // A 1 ms interval keeps every device due: the worker reads them back to back, as a sweep.
                configs.add(new DeviceConfig("panel-" + unit, "modbus", "rtu", Integer.toString(unit),
                        Map.of("profile", "rtu-panel", "timeout", DEVICE_TIMEOUT.toMillis() + "ms"),
                        Duration.ofMillis(1), dir, "benchmark"));
            }
            DriverDirectory drivers = new OneDriver("modbus", driver);
            try (ModbusRtuServer server = ModbusRtuServer.start("rtu-line", deviceEnd, units, timing);
                 BusWorker worker = new BusWorker(new BusConfig("rtu", URI.create("serial:" + socat.hubEnd() + line),
                         DEVICE_TIMEOUT, Duration.ZERO, "benchmark"), configs, drivers, serial::open,
                         new ReadingPipeline(new InMemoryJournal()), Clock.systemUTC())) {
                Set<String> answering = new java.util.HashSet<>();
                configs.forEach(c -> answering.add(c.id()));
                if (slow) {
                    answering.remove("panel-" + SILENT_UNIT);
                }
                worker.start();
                awaitPolls(worker, answering, 1);
                driver.clear();
                BusStatus before = worker.busStatus();
                long violationsBefore = server.gapViolations();
                long start = System.nanoTime();
                awaitPolls(worker, answering, 1 + sweeps);
                double seconds = (System.nanoTime() - start) / 1e9;
                BusStatus after = worker.busStatus();
                long slowPolls = driver.polls("panel-" + SLOW_UNIT);
                long violations = server.gapViolations() - violationsBefore;
                report(slow, baud, timing, sweeps, seconds, before, after, violations, slowPolls, driver, configs);
            } finally {
                deviceEnd.close();
            }
        }
    }

    private static void report(boolean slow, int baud, ModbusRtuServer.LineTiming timing, int sweeps, double seconds,
                               BusStatus before, BusStatus after, long violations, long slowPolls, Timed driver,
                               List<DeviceConfig> configs) {
        long requests = after.requests() - before.requests();
        long timeouts = after.timeouts() - before.timeouts();
        long answered = requests - timeouts;
        long bytes = after.bytesSent() - before.bytesSent() + after.bytesReceived() - before.bytesReceived();
        double gap = timing.frameGapNanos() / 1e9;
        double lineTime = bytes * (double) BITS_PER_CHARACTER / baud;
        double theory = lineTime + answered * (2 * gap + TURNAROUND.toNanos() / 1e9);
        long slowAnswers = slowPolls * 2L; // two requests per poll
        if (slow) {
            // the late unit's own delay, and for each unanswered request its timeout (which
            // already holds the request's line time) and the gap before the next request
            theory += slowAnswers * SLOW_DELAY.toNanos() / 1e9
                    + timeouts * (DEVICE_TIMEOUT.toNanos() / 1e9 + gap
                    - READ_REQUEST_BYTES * (double) BITS_PER_CHARACTER / baud);
        }
        if (slow) {
            System.out.println("per device: polls, poll time median / max (ms)");
            List<Double> othersMedian = new ArrayList<>();
            double othersMax = 0;
            for (DeviceConfig c : configs) {
                List<Double> times = driver.times(c.id());
                String id = c.id();
                boolean special = id.equals("panel-" + SLOW_UNIT) || id.equals("panel-" + SILENT_UNIT);
                if (!special) {
                    othersMedian.add(median(times));
                    othersMax = Math.max(othersMax, max(times));
                }
                System.out.printf(Locale.ROOT, "  %-9s %3d polls, %7.1f / %7.1f ms%s%n", id, times.size(), median(times),
                        max(times), id.equals("panel-" + SLOW_UNIT) ? "  (answers " + SLOW_DELAY.toMillis() + " ms late)"
                                : id.equals("panel-" + SILENT_UNIT) ? "  (never answers: timeouts, backed off)" : "");
            }
            double ownMinimum = (2 * READ_REQUEST_BYTES + 2 * 5 + 2 * (HOLDING + INPUT)) * (double) BITS_PER_CHARACTER
                    / baud * 1000 + 2 * (2 * gap + TURNAROUND.toNanos() / 1e9) * 1000;
            System.out.printf(Locale.ROOT, "the %d other devices: poll time median %.1f ms, worst %.1f ms; a poll's own line"
                    + " minimum %.1f ms (its 2 requests and replies, gaps, turnarounds)%n", othersMedian.size(),
                    median(othersMedian), othersMax, ownMinimum);
        }
        System.out.printf(Locale.ROOT, "measured %d sweeps: %d requests (%d timeouts), %d bytes on the line, %d requests"
                + " sent sooner than 3.5 characters after a reply%n", sweeps, requests, timeouts, bytes, violations);
        System.out.printf(Locale.ROOT, "sweep %.3f s; theoretical minimum %.3f s (line time %.3f s at %d bits/char,"
                + " gaps 2 x %.2f ms and turnaround %d ms per answered request%s)%n", seconds / sweeps, theory / sweeps,
                lineTime / sweeps, BITS_PER_CHARACTER, gap * 1000, TURNAROUND.toMillis(),
                slow ? ", " + SLOW_DELAY.toMillis() + " ms per late answer, timeout per unanswered request" : "");
        System.out.println("ratio = sweep time / theoretical minimum of the same sweeps");
        System.out.printf(Locale.ROOT, "ratio=%.3f%n", seconds / theory);
    }

    /** 12 holding registers (status, setpoints) and 8 input registers (temperatures in 0.1 °C): two requests. */
    private static String profile() {
        StringBuilder p = new StringBuilder("name: rtu-panel\ndescription: benchmark panel\npoints:\n");
        for (int i = 0; i < HOLDING; i++) {
            p.append("  - { point: h").append(i).append(", address: ").append(i).append(", type: int16 }\n");
        }
        for (int i = 0; i < INPUT; i++) {
            p.append("  - { point: t").append(i).append(", address: ").append(i)
                    .append(", function: input, type: int16, scale: 0.1, unit: °C }\n");
        }
        return p.toString();
    }

    /** Waits until every device in {@code ids} was read at least {@code polls} times. */
    private static void awaitPolls(BusWorker worker, Set<String> ids, long polls) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (worker.status().stream().filter(s -> ids.contains(s.id())).mapToLong(DeviceStatus::polls).min()
                .orElse(0) < polls) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("devices not read in 10 minutes: " + worker.status());
            }
            Thread.sleep(2);
        }
    }

    private static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }

    private static double max(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    /** Registers n = unit × 100 + n in both tables. */
    private record Panel(int unit) implements ModbusUnit {
        @Override
        public int[] read(Table table, int address, int count) throws RegisterAccessException {
            int size = table == Table.HOLDING_REGISTERS ? HOLDING : table == Table.INPUT_REGISTERS ? INPUT : 0;
            if (size == 0) {
                throw RegisterAccessException.illegalFunction("no " + table);
            }
            if (address + count > size) {
                throw RegisterAccessException.illegalAddress(address + ".." + (address + count - 1));
            }
            int[] values = new int[count];
            for (int i = 0; i < count; i++) {
                values[i] = unit * 100 + address + i;
            }
            return values;
        }

        @Override
        public void write(Table table, int address, int[] values) throws RegisterAccessException {
            throw RegisterAccessException.illegalAddress("read-only");
        }
    }

    /** The Modbus driver with every poll's duration (successful or not) recorded per device. */
    private static final class Timed implements DeviceDriver {
        private final DeviceDriver driver;
        private final Map<String, List<Double>> millis = new ConcurrentHashMap<>();
        private final Map<String, Long> polls = new ConcurrentHashMap<>();

        Timed(DeviceDriver driver) {
            this.driver = driver;
        }

        void clear() {
            millis.clear();
            polls.clear();
        }

        List<Double> times(String device) {
            return millis.getOrDefault(device, List.of());
        }

        long polls(String device) {
            return polls.getOrDefault(device, 0L);
        }

        @Override
        public DriverInfo info() {
            return driver.info();
        }

        @Override
        public DeviceSession open(DeviceConfig device, Link link) throws DeviceException {
            DeviceSession session = driver.open(device, link);
            String id = device.id();
            return new DeviceSession() {
                @Override
                public List<Reading> read(Set<String> points) throws DeviceException {
                    long start = System.nanoTime();
                    try {
                        List<Reading> readings = session.read(points);
                        polls.merge(id, 1L, Long::sum);
                        return readings;
                    } finally {
                        millis.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>())
                                .add((System.nanoTime() - start) / 1e6);
                    }
                }

                @Override
                public CommandResult execute(Command command) throws DeviceException {
                    return session.execute(command);
                }

                @Override
                public void close() {
                    session.close();
                }
            };
        }
    }
}
