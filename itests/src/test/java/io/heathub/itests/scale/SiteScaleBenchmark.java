package io.heathub.itests.scale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.heathub.itests.e2e.HubProcess;
import io.heathub.simulator.SiteSimulator;
import io.heathub.simulator.SiteSimulatorMain;
import io.heathub.testkit.FreePorts;
import io.heathub.testkit.peers.SocatPtyPair;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Issue 20 item 4: a site of N devices on the real hub ({@code distribution/target/heathub},
 * {@code bin/heathub}, its default heap) against the site simulator ({@code SiteSimulatorMain}, a
 * separate JVM): 80 % household heat meters (CJ/T 188) on simulated 2400-baud serial lines (socat
 * ptys, at most 250 meters a line), 20 % station panels behind Modbus TCP gateways (at most 200
 * each). For each size the harness generates the site.yaml, starts socat, the simulator and the
 * hub, and measures: the time from start until every device has reported, then over a steady
 * window the hub's CPU (utime + stime of its JVM in {@code /proc/<pid>/stat}) per 1,000 polls
 * (counted by {@code /api/devices}), its largest RSS, and per line the utilisation and the
 * lateness of polls against their schedule ({@code /api/buses}).
 *
 * <pre>cd itests && mvn -q test-compile exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=io.heathub.itests.scale.SiteScaleBenchmark -Dexec.args="50 500 5000"</pre>
 *
 * Arguments: sizes (default 50 500 5000), and {@code window=SECONDS} (120), {@code meterInterval=S}
 * (120: a line of 250 meters at 2400 baud sweeps in ~98 s), {@code panelInterval=S} (30),
 * {@code statistics=S} (30, the buses' statistics interval), {@code javaOpts=A,B} (the hub's
 * {@code JAVA_OPTS}, commas for spaces; default none: {@code bin/heathub}'s 256 MB heap). The last line is
 * {@code ratio=<CPU per 1,000 polls at the largest size / at the smallest>} (1.0: cost grows in
 * proportion to the polls), the largest size's RSS against the 256 MB goal just above it.
 */
public final class SiteScaleBenchmark {
    private static final int METERS_PER_LINE = 250;
    private static final int PANELS_PER_GATEWAY = 200;
    private static final int BAUD = 2400;
    private static final long RSS_GOAL_MB = 256;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long CLOCK_TICKS = 100; // USER_HZ on Linux

    private final int windowSeconds;
    private final int meterInterval;
    private final int panelInterval;
    private final int statisticsInterval;
    private final String javaOpts;

    private SiteScaleBenchmark(Map<String, String> options) {
        this.windowSeconds = Integer.parseInt(options.getOrDefault("window", "120"));
        this.meterInterval = Integer.parseInt(options.getOrDefault("meterInterval", "120"));
        this.panelInterval = Integer.parseInt(options.getOrDefault("panelInterval", "30"));
        this.statisticsInterval = Integer.parseInt(options.getOrDefault("statistics", "30"));
        this.javaOpts = options.getOrDefault("javaOpts", "").replace(',', ' ');
    }

    /** The site of one size: how its devices are split over lines and gateways. */
    record Site(int devices, int lines, int metersPerLine, int gateways, int panelsPerGateway) {
        static Site of(int devices) {
            int meters = devices * 4 / 5;
            int panels = devices - meters;
            int lines = Math.max(1, (meters + METERS_PER_LINE - 1) / METERS_PER_LINE);
            int gateways = Math.max(1, (panels + PANELS_PER_GATEWAY - 1) / PANELS_PER_GATEWAY);
            return new Site(devices, lines, meters / lines, gateways, panels / gateways);
        }

        int meters() {
            return lines * metersPerLine;
        }

        int panels() {
            return gateways * panelsPerGateway;
        }

        int total() {
            return meters() + panels();
        }
    }

    /** One bus over the window: mean utilisation of its intervals, the worst lateness seen. */
    record Line(String id, int devices, double utilisation, double latenessMean, double latenessMax, long timeouts,
                int interval) {
    }

    /** The figures of one size. */
    record Result(Site site, double allReportedSeconds, long polls, double expectedPolls, double cpuSeconds,
                  double windowSeconds, long rssMaxKb, double simulatorCpuSeconds, long failures, List<Line> lines,
                  String heapAtEnd, long threads) {
        double cpuPerThousandPolls() {
            return polls == 0 ? Double.NaN : cpuSeconds * 1000 / polls;
        }

        boolean scheduleKept() {
            return lines.stream().allMatch(l -> l.latenessMax() < l.interval() * 1000.0) && polls >= expectedPolls * 0.97;
        }
    }

    public static void main(String[] args) throws Exception {
        List<Integer> sizes = new ArrayList<>();
        Map<String, String> options = new LinkedHashMap<>();
        for (String arg : args) {
            if (arg.contains("=")) {
                options.put(arg.substring(0, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
            } else if (!arg.isBlank()) {
                sizes.add(Integer.parseInt(arg.trim()));
            }
        }
        if (sizes.isEmpty()) {
            sizes = List.of(50, 500, 5000);
        }
        if (!SocatPtyPair.installed()) {
            throw new IllegalStateException("socat is needed at /usr/bin/socat");
        }
        SiteScaleBenchmark bench = new SiteScaleBenchmark(options);
        List<Result> results = new ArrayList<>();
        for (int size : sizes) {
            results.add(bench.measure(Site.of(size)));
        }
        bench.print(results);
    }

    private Result measure(Site site) throws Exception {
        Path work = Files.createTempDirectory("heathub-scale-" + site.devices());
        System.out.printf(Locale.ROOT, "%n== %,d devices: %,d CJ/T 188 meters on %d line(s) (%d each, %d baud, every %d s),"
                        + " %,d panels behind %d Modbus TCP gateway(s) (%d each, every %d s); JAVA_OPTS %s; load %s%n",
                site.total(), site.meters(), site.lines(), site.metersPerLine(), BAUD, meterInterval, site.panels(),
                site.gateways(), site.panelsPerGateway(), panelInterval, javaOpts.isEmpty() ? "none" : javaOpts,
                loadAverage());
        List<SocatPtyPair> ptys = new ArrayList<>();
        Process simulator = null;
        try (HubProcess hub = new HubProcess(work)) {
            for (int k = 1; k <= site.lines(); k++) {
                ptys.add(new SocatPtyPair(work.resolve("line" + k)));
            }
            List<Integer> gatewayPorts = new ArrayList<>();
            for (int g = 0; g < site.gateways(); g++) {
                gatewayPorts.add(FreePorts.tcp());
            }
            simulator = startSimulator(hub.home(), work, site, ptys, gatewayPorts);
            writeSite(hub, site, ptys, gatewayPorts);
            hub.start(javaOpts.isEmpty() ? Map.of() : Map.of("JAVA_OPTS", javaOpts));
            Path pidFile = hub.home().resolve("data/heathub.pid");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(meterInterval * 2L + 180);
            long pid = -1;
            long rssMax = 0;
            double allReported = Double.NaN;
            while (System.nanoTime() < deadline && hub.alive()) {
                Thread.sleep(5_000);
                if (pid < 0 && Files.exists(pidFile)) {
                    pid = Long.parseLong(Files.readString(pidFile).trim());
                }
                rssMax = Math.max(rssMax, rssKb(pid));
                JsonNode devices = json(hub, "/api/devices");
                if (devices != null && devices.size() == site.total() && polled(devices) == site.total()) {
                    allReported = (System.nanoTime() - hub.startedNanos()) / 1e9;
                    break;
                }
            }
            if (Double.isNaN(allReported)) {
                throw new IllegalStateException("not every device reported within the wait; console:\n" + tail(hub.console()));
            }
            System.out.printf(Locale.ROOT, "every device reported %.1f s after the hub's start; steady window of %d s%n",
                    allReported, windowSeconds);

            long simulatorPid = simulator.pid();
            long cpu0 = cpuTicks(pid);
            long simCpu0 = cpuTicks(simulatorPid);
            long windowStart = System.nanoTime();
            JsonNode devicesAtStart = json(hub, "/api/devices");
            long polls0 = sum(devicesAtStart, "polls");
            long failures0 = sum(devicesAtStart, "failures");
            Map<String, List<JsonNode>> busSamples = new LinkedHashMap<>();
            JsonNode busesAtStart = json(hub, "/api/buses");
            long nextBusSample = windowStart + TimeUnit.SECONDS.toNanos(statisticsInterval);
            long windowEnd = windowStart + TimeUnit.SECONDS.toNanos(windowSeconds);
            while (System.nanoTime() < windowEnd) {
                Thread.sleep(Math.min(5_000, Math.max(1, (windowEnd - System.nanoTime()) / 1_000_000)));
                rssMax = Math.max(rssMax, rssKb(pid));
                if (System.nanoTime() >= nextBusSample) {
                    nextBusSample += TimeUnit.SECONDS.toNanos(statisticsInterval);
                    JsonNode buses = json(hub, "/api/buses");
                    for (JsonNode bus : buses == null ? JSON.createArrayNode() : buses) {
                        busSamples.computeIfAbsent(bus.get("id").asText(), k -> new ArrayList<>()).add(bus);
                    }
                }
            }
            JsonNode devicesAtEnd = json(hub, "/api/devices");
            long cpu1 = cpuTicks(pid);
            double window = (System.nanoTime() - windowStart) / 1e9;
            long simCpu1 = cpuTicks(simulatorPid);
            rssMax = Math.max(rssMax, rssKb(pid));
            JsonNode busesAtEnd = json(hub, "/api/buses");
            for (JsonNode bus : busesAtEnd) {
                busSamples.computeIfAbsent(bus.get("id").asText(), k -> new ArrayList<>()).add(bus);
            }
            String heap = heapInfo(pid) + nativeMemory(pid);
            long threads = statusField(pid, "Threads:");
            long polls = sum(devicesAtEnd, "polls") - polls0;
            long failures = sum(devicesAtEnd, "failures") - failures0;
            double expected = window * (site.meters() / (double) meterInterval + site.panels() / (double) panelInterval);
            List<Line> lines = lines(site, busSamples, busesAtStart, busesAtEnd);
            Result result = new Result(site, allReported, polls, expected, (cpu1 - cpu0) / (double) CLOCK_TICKS, window,
                    rssMax, (simCpu1 - simCpu0) / (double) CLOCK_TICKS, failures, lines, heap, threads);
            printLines(result);
            return result;
        } finally {
            if (simulator != null) {
                simulator.destroy();
                if (!simulator.waitFor(20, TimeUnit.SECONDS)) {
                    simulator.destroyForcibly().waitFor();
                }
            }
            for (SocatPtyPair pty : ptys) {
                pty.close();
            }
            deleteTree(work);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (var all = Files.walk(root)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private Process startSimulator(Path home, Path work, Site site, List<SocatPtyPair> ptys, List<Integer> gatewayPorts)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("java", "-cp", home.resolve("bundle") + "/*",
                SiteSimulatorMain.class.getName(), "--meters-per-line", String.valueOf(site.metersPerLine()),
                "--baud", String.valueOf(BAUD), "--panels-per-gateway", String.valueOf(site.panelsPerGateway())));
        for (SocatPtyPair pty : ptys) {
            command.add("--meter-line");
            command.add("pty:" + pty.deviceEnd());
        }
        for (int port : gatewayPorts) {
            command.add("--gateway-port");
            command.add(String.valueOf(port));
        }
        Path log = work.resolve("simulator.log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.readString(log).contains("site simulator ready")) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new IllegalStateException("site simulator did not start:\n" + Files.readString(log));
            }
            Thread.sleep(200);
        }
        return process;
    }

    /** The generated site: one serial bus per line, one TCP bus per gateway; the demo's routes removed. */
    private void writeSite(HubProcess hub, Site site, List<SocatPtyPair> ptys, List<Integer> gatewayPorts)
            throws IOException {
        StringBuilder yaml = new StringBuilder("site: { id: scale-" + site.total() + ", zone: Asia/Shanghai }\nbuses:\n");
        for (int k = 1; k <= site.lines(); k++) {
            yaml.append(String.format(Locale.ROOT, "  - { id: %s, uri: \"serial:%s?baud=%d&parity=even\", timeout: 2s,"
                    + " statistics: %ds }%n", lineId(k), ptys.get(k - 1).hubEnd(), BAUD, statisticsInterval));
        }
        for (int g = 1; g <= site.gateways(); g++) {
            yaml.append(String.format(Locale.ROOT, "  - { id: %s, uri: \"tcp://127.0.0.1:%d\", timeout: 1s, statistics: %ds }%n",
                    gatewayId(g), gatewayPorts.get(g - 1), statisticsInterval));
        }
        yaml.append("devices:\n");
        for (int k = 1; k <= site.lines(); k++) {
            for (int m = 1; m <= site.metersPerLine(); m++) {
                yaml.append(String.format(Locale.ROOT, "  - { id: heat-%02d-%03d, bus: %s, driver: cjt188, address: \"%s\","
                                + " pollInterval: %ds, settings: { unitPosition: after } }%n", k, m, lineId(k),
                        SiteSimulator.meterAddress(k, m), meterInterval));
            }
        }
        for (int g = 1; g <= site.gateways(); g++) {
            for (int p = 1; p <= site.panelsPerGateway(); p++) {
                yaml.append(String.format(Locale.ROOT, "  - { id: panel-%d-%03d, bus: %s, driver: modbus, address: %d,"
                        + " pollInterval: %ds, settings: { profile: bac-002-station } }%n", g, p, gatewayId(g), p,
                        panelInterval));
            }
        }
        hub.write("config/site.yaml", yaml.toString());
        hub.write("etc/io.heathub.simulator.cfg", "enabled=false\n");
        try (var routes = Files.list(hub.home().resolve("config/routes"))) {
            for (Path route : routes.toList()) {
                Files.delete(route); // the demo's routes name the demo's buses
            }
        }
    }

    private static String lineId(int k) {
        return String.format(Locale.ROOT, "line-%02d", k);
    }

    private static String gatewayId(int g) {
        return "gateway-" + g;
    }

    private List<Line> lines(Site site, Map<String, List<JsonNode>> samples, JsonNode atStart, JsonNode atEnd) {
        Map<String, Long> timeoutsAtStart = new LinkedHashMap<>();
        atStart.forEach(b -> timeoutsAtStart.put(b.get("id").asText(), b.get("timeouts").asLong()));
        List<Line> lines = new ArrayList<>();
        for (JsonNode end : atEnd) {
            String id = end.get("id").asText();
            List<JsonNode> seen = samples.getOrDefault(id, List.of());
            boolean meterLine = id.startsWith("line-");
            lines.add(new Line(id, meterLine ? site.metersPerLine() : site.panelsPerGateway(),
                    seen.stream().mapToDouble(b -> b.get("utilisationPercent").asDouble()).average().orElse(Double.NaN),
                    seen.stream().mapToDouble(b -> b.path("pollLatenessMeanMillis").asDouble()).max().orElse(Double.NaN),
                    seen.stream().mapToDouble(b -> b.path("pollLatenessMaxMillis").asDouble()).max().orElse(Double.NaN),
                    end.get("timeouts").asLong() - timeoutsAtStart.getOrDefault(id, 0L),
                    meterLine ? meterInterval : panelInterval));
        }
        return lines;
    }

    private void printLines(Result r) {
        System.out.println("  bus          devices  interval  utilisation  lateness mean (worst interval)  lateness max  timeouts");
        for (Line l : r.lines()) {
            System.out.printf(Locale.ROOT, "  %-12s %7d  %6d s  %9.1f %%  %22.1f ms  %9.1f ms  %8d%n", l.id(), l.devices(),
                    l.interval(), l.utilisation(), l.latenessMean(), l.latenessMax(), l.timeouts());
        }
        System.out.printf(Locale.ROOT, "  window %.1f s: %,d polls (schedule: %,.0f), %d failed; hub CPU %.1f s = %.3f s per"
                        + " 1,000 polls (%.1f %% of one core); RSS max %d MB; simulator CPU %.1f s%n", r.windowSeconds(),
                r.polls(), r.expectedPolls(), r.failures(), r.cpuSeconds(), r.cpuPerThousandPolls(),
                100 * r.cpuSeconds() / r.windowSeconds(), r.rssMaxKb() / 1024, r.simulatorCpuSeconds());
        System.out.printf(Locale.ROOT, "  at the window's end: heap %s, %d threads%n", r.heapAtEnd(), r.threads());
    }

    private void print(List<Result> results) {
        System.out.printf(Locale.ROOT, "%n| devices | meter lines × meters | gateways × panels | polls/s | all reported after |"
                + " RSS max | hub CPU | CPU s per 1,000 polls | worst line: utilisation, lateness max | schedule kept |%n");
        System.out.println("| ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | --- | --- |");
        for (Result r : results) {
            Site s = r.site();
            Line worst = r.lines().stream().filter(l -> l.id().startsWith("line-"))
                    .max(java.util.Comparator.comparingDouble(Line::latenessMax)).orElse(null);
            System.out.printf(Locale.ROOT, "| %,d | %d × %d | %d × %d | %.1f | %.0f s | %d MB | %.1f %% | %.3f | %s | %s |%n",
                    s.total(), s.lines(), s.metersPerLine(), s.gateways(), s.panelsPerGateway(), r.polls() / r.windowSeconds(),
                    r.allReportedSeconds(), r.rssMaxKb() / 1024, 100 * r.cpuSeconds() / r.windowSeconds(),
                    r.cpuPerThousandPolls(), worst == null ? "-" : String.format(Locale.ROOT, "%.1f %%, %.0f ms",
                            worst.utilisation(), worst.latenessMax()), r.scheduleKept() ? "yes" : "NO");
        }
        Result smallest = results.get(0);
        Result largest = results.get(results.size() - 1);
        if (results.size() >= 2) {
            Result before = results.get(results.size() - 2);
            double marginal = (largest.cpuSeconds() / largest.windowSeconds() - before.cpuSeconds() / before.windowSeconds())
                    / (largest.polls() / largest.windowSeconds() - before.polls() / before.windowSeconds()) * 1000;
            System.out.printf(Locale.ROOT, "marginal cost between %,d and %,d devices: %.3f CPU s per 1,000 polls%n",
                    before.site().total(), largest.site().total(), marginal);
        }
        System.out.printf(Locale.ROOT, "RSS at %,d devices: %d MB max (goal <= %d MB with the default heap: %s)%n",
                largest.site().total(), largest.rssMaxKb() / 1024, RSS_GOAL_MB,
                largest.rssMaxKb() / 1024 <= RSS_GOAL_MB ? "met" : "NOT met");
        System.out.printf(Locale.ROOT, "CPU per 1,000 polls: %.3f s at %,d devices against %.3f s at %,d devices (same run)%n",
                largest.cpuPerThousandPolls(), largest.site().total(), smallest.cpuPerThousandPolls(),
                smallest.site().total());
        if (results.size() < 2) {
            // the ratio compares sizes of one run: one size alone has nothing to compare with
            System.out.println("ratio=n/a (one size only: the ratio needs two, e.g. bench/run scale 50 5000)");
        } else {
            System.out.printf(Locale.ROOT, "ratio=%.3f%n", largest.cpuPerThousandPolls() / smallest.cpuPerThousandPolls());
        }
    }

    private static JsonNode json(HubProcess hub, String path) {
        String body = hub.get(path);
        try {
            return body == null ? null : JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    private static long polled(JsonNode devices) {
        long n = 0;
        for (JsonNode d : devices) {
            if (d.get("polls").asLong() > 0) {
                n++;
            }
        }
        return n;
    }

    private static long sum(JsonNode devices, String field) {
        long n = 0;
        for (JsonNode d : devices) {
            n += d.get(field).asLong();
        }
        return n;
    }

    /** utime + stime of the process, in clock ticks. */
    private static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // fields 14 and 15 of stat(5)
    }

    private static long rssKb(long pid) {
        return statusField(pid, "VmRSS:");
    }

    /** A number of {@code /proc/<pid>/status} (kB for sizes), 0 when unknown. */
    private static long statusField(long pid, String field) {
        if (pid < 0) {
            return 0;
        }
        try {
            return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream().filter(l -> l.startsWith(field))
                    .mapToLong(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).findFirst().orElse(0);
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * With {@code javaOpts=-XX:NativeMemoryTracking=summary}: the committed memory by JVM area
     * ({@code jcmd PID VM.native_memory summary}), to see what is outside the heap; empty without.
     */
    private static String nativeMemory(long pid) {
        String out = jcmd(pid, "VM.native_memory", "summary");
        java.util.regex.Matcher area = java.util.regex.Pattern.compile("(?m)^(?:Total|-\\s+([A-Za-z][A-Za-z ]*?))"
                + "\\s*:?\\s*\\(?reserved=\\d+KB, committed=(\\d+)KB").matcher(out);
        StringBuilder areas = new StringBuilder();
        while (area.find()) {
            long mb = Long.parseLong(area.group(2)) / 1024;
            if (mb > 0) {
                areas.append(areas.length() == 0 ? "; committed by area (NMT): " : ", ")
                        .append(area.group(1) == null ? "total" : area.group(1).trim()).append(' ').append(mb).append(" MB");
            }
        }
        return areas.toString();
    }

    private static String jcmd(long pid, String... command) {
        try {
            List<String> line = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    String.valueOf(pid)));
            line.addAll(List.of(command));
            Process jcmd = new ProcessBuilder(line).redirectErrorStream(true).start();
            String out = new String(jcmd.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            jcmd.waitFor(30, TimeUnit.SECONDS);
            return out;
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** Committed and used heap from {@code jcmd PID GC.heap_info} (no collection forced): where the RSS goes. */
    private static String heapInfo(long pid) {
        try {
            Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    String.valueOf(pid), "GC.heap_info").redirectErrorStream(true).start();
            String out = new String(jcmd.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            jcmd.waitFor(30, TimeUnit.SECONDS);
            java.util.regex.Matcher heap = java.util.regex.Pattern.compile("total (\\d+)K, used (\\d+)K").matcher(out);
            java.util.regex.Matcher meta = java.util.regex.Pattern.compile("Metaspace\\s+used (\\d+)K, committed (\\d+)K")
                    .matcher(out);
            return heap.find() ? String.format(Locale.ROOT, "%d MB committed, %d MB used%s", Long.parseLong(heap.group(1))
                    / 1024, Long.parseLong(heap.group(2)) / 1024, meta.find() ? String.format(Locale.ROOT,
                    "; metaspace %d MB committed", Long.parseLong(meta.group(2)) / 1024) : "") : "unknown (" + out.trim() + ")";
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    private static String loadAverage() {
        try {
            String[] load = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return load[0] + " " + load[1] + " " + load[2];
        } catch (IOException e) {
            return "?";
        }
    }

    private static String tail(String text) {
        return text.length() > 4_000 ? text.substring(text.length() - 4_000) : text;
    }
}
