package io.heathub.driver.modbus;

import com.ghgande.j2mod.modbus.facade.ModbusTCPMaster;
import com.ghgande.j2mod.modbus.procimg.Register;
import io.heathub.api.driver.DeviceConfig;
import io.heathub.api.driver.DeviceSession;
import io.heathub.api.driver.LinkFactory.ManagedLink;
import io.heathub.transport.TcpLinkFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Polls N Modbus TCP devices on loopback through {@link ModbusSession} (profile, planning,
 * decoding to readings, the transport bundle's TCP link) and through a raw j2mod 3.2.1
 * {@link ModbusTCPMaster} loop doing the same reads, and prints both poll rates and their ratio.
 * Not part of the test suite (the name does not end in Test). Run from the module directory:
 *
 * <pre>
 * mvn -q test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.heathub.driver.modbus.PollBenchmark -Dexec.args="DEVICES SECONDS THREADS REGISTERS"
 * </pre>
 *
 * Defaults: 100 devices, 5 s per side, 8 threads (each owns every 8th device, like bus workers),
 * 10 int16 registers per poll (one request). A fifth argument {@code hub} or {@code j2mod} runs one
 * side alone (for {@code strace -c -f}). The last line is {@code ratio=<hub/j2mod>}.
 */
public final class PollBenchmark {
    private PollBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int devices = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int threads = Math.min(devices, args.length > 2 ? Integer.parseInt(args[2]) : 8);
        int registers = args.length > 3 ? Integer.parseInt(args[3]) : 10;
        String side = args.length > 4 ? args[4] : "both";
        System.out.printf("%d devices, %d registers per poll, %d threads, %d s per side%n", devices, registers, threads,
                seconds);
        try (LoopbackModbusServer server = new LoopbackModbusServer()) {
            Path config = Files.createTempDirectory("heathub-bench");
            Files.createDirectories(config.resolve("profiles"));
            StringBuilder profile = new StringBuilder("name: bench\nmaxGap: 0\npoints:\n");
            for (int i = 0; i < registers; i++) {
                profile.append("  - { point: r").append(i).append(", address: ").append(i).append(", type: int16 }\n");
            }
            Files.writeString(config.resolve("profiles/bench.yaml"), profile);

            if (!side.equals("both")) {
                // one side alone, e.g. under strace -c -f to count system calls per poll
                Rate rate = side.equals("hub") ? hubRate(server.port(), config, devices, seconds, threads, registers)
                        : j2modRate(server.port(), devices, seconds, threads, registers);
                System.out.printf("%s alone: %s%n", side, rate);
                return;
            }
            // Alternating rounds, the side that goes first alternating too, so drift in what else the
            // machine does hits both sides alike; the ratio is the median of the rounds' ratios (each
            // round's two sides ran back to back).
            List<Double> hubRates = new ArrayList<>();
            List<Double> rawRates = new ArrayList<>();
            List<Double> ratios = new ArrayList<>();
            List<Double> hubCpu = new ArrayList<>();
            List<Double> rawCpu = new ArrayList<>();
            for (int round = 1; round <= ROUNDS; round++) {
                Rate raw;
                Rate hub;
                if (round % 2 == 1) {
                    raw = j2modRate(server.port(), devices, seconds, threads, registers);
                    hub = hubRate(server.port(), config, devices, seconds, threads, registers);
                } else {
                    hub = hubRate(server.port(), config, devices, seconds, threads, registers);
                    raw = j2modRate(server.port(), devices, seconds, threads, registers);
                }
                rawRates.add(raw.polls());
                hubRates.add(hub.polls());
                ratios.add(hub.polls() / raw.polls());
                hubCpu.add(hub.cpuMicros());
                rawCpu.add(raw.cpuMicros());
                System.out.printf("round %d: heathub %s; raw j2mod %s; ratio %.2f%n", round, hub, raw,
                        hub.polls() / raw.polls());
            }
            System.out.printf("heathub ModbusSession: %.0f polls/s, %.1f us CPU per poll (medians of %d rounds)%n",
                    median(hubRates), median(hubCpu), ROUNDS);
            System.out.printf("raw j2mod loop:        %.0f polls/s, %.1f us CPU per poll (medians of %d rounds)%n",
                    median(rawRates), median(rawCpu), ROUNDS);
            System.out.println("CPU per poll is the whole process's (the loopback server's share included, the same for both)");
            System.out.println("ratio = heathub polls/s / raw j2mod polls/s, median of the rounds' ratios");
            System.out.printf(java.util.Locale.ROOT, "ratio=%.2f%n", median(ratios));
        }
    }

    /** Polls per second and the process's CPU time per poll while polling. */
    private record Rate(double polls, double cpuMicros) {
        @Override
        public String toString() {
            return String.format("%.0f polls/s, %.1f us CPU/poll", polls, cpuMicros);
        }
    }

    private static Rate hubRate(int port, Path config, int devices, int seconds, int threads, int registers)
            throws Exception {
        ModbusDriver driver = new ModbusDriver();
        TcpLinkFactory links = new TcpLinkFactory();
        List<ManagedLink> opened = new ArrayList<>();
        List<DeviceSession> sessions = new ArrayList<>();
        for (int i = 0; i < devices; i++) {
            ManagedLink link = links.open(URI.create("tcp://127.0.0.1:" + port));
            opened.add(link);
            sessions.add(driver.open(new DeviceConfig("dev-" + i, "modbus", "bus-" + i, Integer.toString(1 + i % 247),
                    Map.of("profile", "bench"), Duration.ofSeconds(5), config, "bench:" + i), link));
        }
        try {
            return run(seconds, threads, devices, i -> {
                if (sessions.get(i).read(Set.of()).size() != registers) {
                    throw new IllegalStateException("short poll");
                }
            });
        } finally {
            opened.forEach(ManagedLink::close);
        }
    }

    private static final int ROUNDS = 3;

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }

    private static Rate j2modRate(int port, int devices, int seconds, int threads, int registers) throws Exception {
        List<ModbusTCPMaster> masters = new ArrayList<>();
        for (int i = 0; i < devices; i++) {
            // reconnect=false: one connection per master kept open, as the hub keeps its links (true would
            // open and close a socket for every transaction, a baseline the hub beats for the wrong reason)
            ModbusTCPMaster master = new ModbusTCPMaster("127.0.0.1", port, 5000, false);
            master.connect();
            masters.add(master);
        }
        try {
            return run(seconds, threads, devices, i -> {
                Register[] values = masters.get(i).readMultipleRegisters(1 + i % 247, 0, registers);
                if (values.length != registers) {
                    throw new IllegalStateException("short poll");
                }
            });
        } finally {
            masters.forEach(ModbusTCPMaster::disconnect);
        }
    }

    private interface Poll {
        void poll(int device) throws Exception;
    }

    /** Polls for a second to warm up, then for {@code seconds}; returns polls per second and CPU per poll. */
    private static Rate run(int seconds, int threads, int devices, Poll poll) throws Exception {
        loop(1, threads, devices, poll);
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long cpuBefore = os.getProcessCpuTime();
        long polls = loop(seconds, threads, devices, poll);
        long cpu = os.getProcessCpuTime() - cpuBefore;
        return new Rate((double) polls / seconds, cpu / 1e3 / polls);
    }

    private static long loop(int seconds, int threads, int devices, Poll poll) throws Exception {
        AtomicLong polls = new AtomicLong();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<Thread> workers = new ArrayList<>();
        List<Exception> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int t = 0; t < threads; t++) {
            int first = t;
            Thread worker = new Thread(() -> {
                try {
                    while (System.nanoTime() < end) {
                        for (int i = first; i < devices && System.nanoTime() < end; i += threads) {
                            poll.poll(i);
                            polls.incrementAndGet();
                        }
                    }
                } catch (Exception e) {
                    failures.add(e);
                }
            }, "bench-" + t);
            workers.add(worker);
            worker.start();
        }
        for (Thread w : workers) {
            w.join();
        }
        if (!failures.isEmpty()) {
            throw failures.get(0);
        }
        return polls.get();
    }
}
