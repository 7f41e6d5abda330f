package io.heathub.itests.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The accelerated soak (issue 15 item 9): the demo distribution as shipped (its site, its simulator
 * with the plant, 24 panels and the meter line) with the simulator's clock {@code speed} times real
 * time, forwarding to a real persistent mosquitto, for {@code minutes} of wall time. Meanwhile:
 * every simulated hour (3600 / speed wall seconds) {@code site.yaml} is edited (the command rate
 * limit and panel-024's poll interval toggled, so the buses restart) and the test waits until
 * {@code /api/status} shows the new version; every {@code commandSeconds} a room setpoint within the
 * site's bounds goes to the next panel over {@code POST /api/commands} and is followed to its end
 * ({@code GET /api/commands/{id}}); in the middle the broker is stopped for {@code outageMinutes};
 * every {@code sampleSeconds} the hub's JVM is sampled (heap after a full GC through
 * {@code jcmd GC.run} / {@code GC.heap_info}, live threads and open files from {@code /proc}).
 *
 * <p>Verdict: the hub never died; every edit applied; every command the test sent and every command
 * in the audit log (the control loop's too) ended; the journal (read offline after a graceful stop)
 * against the subscriber by identity — nothing lost, nothing invented or altered, no identity
 * journaled twice, raw redeliveries reported; heap after GC, threads and open files flat (the last
 * quarter's median against the second quarter's); no ERROR/SEVERE line in the hub's log. The table
 * of samples and the figures go to {@code target/itest-work/soak/soak-report.txt}.
 *
 * <p>Not in the normal suite (the pom excludes it); run by the {@code soak} profile of itests, see
 * the itests README: {@code mvn -B -ntp -pl itests verify -Psoak -Dheathub.soak.minutes=40
 * -Dheathub.soak.speed=252}.
 */
class AcceleratedSoakIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EDITED_DEVICE = "{ id: panel-024,";

    /**
     * The run's settings, from system properties (defaults: 20 minutes at ×60). Two bounded caches of the hub
     * fill the heap by design until they are full, so the soak makes them small enough to be full within its
     * first quarter; the flatness check then sees what is not bounded.
     *
     * @param healthWindow   the meter-health checks' window (the demo's is 24 h) ({@code heathub.soak.healthWindow},
     *                       default 10m)
     * @param journalCacheMB the journal's page cache ({@code cacheSizeMB}, 16 MB by default): pages read stay cached
     *                       as the journal grows ({@code heathub.soak.journalCacheMB}, default 2)
     */
    record Plan(Duration wall, double speed, Duration outage, Duration commandEvery, Duration sampleEvery,
                String healthWindow, int journalCacheMB) {
        static Plan fromProperties() {
            long minutes = Long.getLong(Soak.PROPERTY, 20L);
            if (minutes < 4) {
                throw new IllegalArgumentException(Soak.PROPERTY + " must be at least 4 (quarters of samples), got " + minutes);
            }
            double speed = Double.parseDouble(System.getProperty("heathub.soak.speed", "60"));
            if (!(speed >= 1 && speed <= 3600)) {
                throw new IllegalArgumentException("heathub.soak.speed must be 1..3600, got " + speed);
            }
            Duration wall = Duration.ofMinutes(minutes);
            Duration outage = Duration.ofSeconds(Long.getLong("heathub.soak.outageSeconds",
                    Math.min(300, Math.max(60, wall.toSeconds() / 8))));
            Duration commandEvery = Duration.ofSeconds(Long.getLong("heathub.soak.commandSeconds", 60));
            Duration sampleEvery = Duration.ofSeconds(Long.getLong("heathub.soak.sampleSeconds",
                    Math.min(60, wall.toSeconds() / 24)));
            String healthWindow = System.getProperty("heathub.soak.healthWindow", "10m");
            int journalCacheMB = Integer.getInteger("heathub.soak.journalCacheMB", 2);
            return new Plan(wall, speed, outage, commandEvery, sampleEvery, healthWindow, journalCacheMB);
        }

        /** One simulated hour in wall time. */
        Duration simulatedHour() {
            return Duration.ofMillis(Math.round(3_600_000 / speed));
        }

        double simulatedHours(Duration elapsed) {
            return elapsed.toMillis() * speed / 3_600_000.0;
        }

        /** The outage is centred on the middle of the run. */
        Duration outageStart() {
            return wall.dividedBy(2).minus(outage.dividedBy(2));
        }
    }

    /** One sample of the hub's JVM and its figures. */
    record Sample(Duration at, long heapAfterGcKb, long rssKb, int threads, int openFiles, long journalHead, long backlog,
                  int distinct, long siteVersion, boolean brokerUp, String load) {
    }

    /** One site edit: the site version it became and how long the hub took to show it. */
    record Edit(int number, Duration at, long version, Duration applyTime) {
    }

    /** One command sent by the test: its request id, the answer to the POST and its end. */
    static final class SentCommand {
        final String requestId;
        final Duration at;
        final int httpStatus;
        String status;

        SentCommand(String requestId, Duration at, int httpStatus, String status) {
            this.requestId = requestId;
            this.at = at;
            this.httpStatus = httpStatus;
            this.status = status;
        }

        boolean ended() {
            return status != null && !status.equals("ACCEPTED");
        }
    }

    @Test
    void aSimulatedWeekWithSiteEditsCommandsAndABrokerOutageStaysFlatAndLosesNothing() throws Exception {
        // a wildcard -Dit.test (e.g. 'io.heathub.itests.faults.*IT') overrides the pom's exclusion: skip there
        Assumptions.assumeTrue(Boolean.getBoolean("heathub.soak.accelerated"),
                "the accelerated soak runs in the soak profile only (mvn -pl itests verify -Psoak)");
        Plan plan = Plan.fromProperties();
        Path work = soakDirectory();
        List<Sample> samples = new ArrayList<>();
        List<Edit> edits = new ArrayList<>();
        List<SentCommand> commands = new ArrayList<>();
        StringBuilder report = new StringBuilder();
        try (Broker broker = new Broker(work).start();
             KeyedSubscriber subscriber = new KeyedSubscriber(broker.port(), "heathub/+/readings");
             FaultHub hub = withBoundedCaches(FaultHub.demo(work, broker.url(), "stepSeconds=" + plan.speed() + "\n"),
                     plan).start()) {
            E2eHelpers.until(FaultHub.START, "the demo forwards readings", () -> subscriber.problems() + "\n" + hub.tail(),
                    () -> subscriber.distinctCount() >= 200);
            Status first = Status.of(hub);
            assertThat(first).as("status after start").isNotNull();
            long pid = hub.jvm().pid();
            report.append(String.format(Locale.ROOT, "soak: %d min wall, simulator x%s (a simulated hour every %.1f s), "
                            + "outage %d s from %d s, a command every %d s, a sample every %d s, health window %s, journal cache"
                            + " %d MB; hub pid %d, site version %d%n",
                    plan.wall().toMinutes(), plan.speed(), plan.simulatedHour().toMillis() / 1000.0, plan.outage().toSeconds(),
                    plan.outageStart().toSeconds(), plan.commandEvery().toSeconds(), plan.sampleEvery().toSeconds(),
                    plan.healthWindow(), plan.journalCacheMB(), pid, first.siteVersion()));
            System.out.print(report);

            long start = System.nanoTime();
            Duration nextSample = Duration.ZERO;
            Duration nextEdit = plan.simulatedHour();
            Duration nextCommand = Duration.ofSeconds(10);
            Duration outageEnd = plan.outageStart().plus(plan.outage());
            boolean brokerUp = true;
            boolean outageDone = false;
            long headAtOutage = 0;
            long headAfterOutage = 0;
            long receivedAtOutage = 0;
            long receivedAfterOutage = 0;
            Map<String, long[]> histogramAtQ2 = null;
            Duration elapsed;
            while ((elapsed = Duration.ofNanos(System.nanoTime() - start)).compareTo(plan.wall()) < 0) {
                assertThat(hub.alive()).as("hub alive at %s\n%s", elapsed, hub.tail()).isTrue();
                if (elapsed.compareTo(nextSample) >= 0) {
                    Sample s = sample(hub, pid, subscriber, elapsed, brokerUp);
                    samples.add(s);
                    System.out.println(row(s));
                    nextSample = nextSample.plus(plan.sampleEvery());
                    if (histogramAtQ2 == null && elapsed.compareTo(plan.wall().dividedBy(4)) >= 0) {
                        histogramAtQ2 = classHistogram(pid); // just after a full GC: live objects only
                    }
                }
                if (!outageDone && brokerUp && elapsed.compareTo(plan.outageStart()) >= 0) {
                    broker.stop();
                    brokerUp = false;
                    headAtOutage = Status.of(hub).head();
                    receivedAtOutage = subscriber.raw();
                    System.out.println("broker stopped at " + elapsed.toSeconds() + " s, journal head " + headAtOutage);
                } else if (!brokerUp && elapsed.compareTo(outageEnd) >= 0) {
                    headAfterOutage = Status.of(hub).head();
                    receivedAfterOutage = subscriber.raw();
                    broker.start();
                    brokerUp = true;
                    outageDone = true;
                    System.out.println("broker started at " + elapsed.toSeconds() + " s, journal head " + headAfterOutage);
                }
                if (elapsed.compareTo(nextEdit) >= 0) {
                    Edit edit = edit(hub, edits.size() + 1, elapsed);
                    edits.add(edit);
                    // a late edit does not make the next ones burst: at most one per simulated hour of wall time
                    nextEdit = max(nextEdit.plus(plan.simulatedHour()), Duration.ofNanos(System.nanoTime() - start));
                }
                if (elapsed.compareTo(nextCommand) >= 0) {
                    commands.add(command(hub, commands.size() + 1, elapsed));
                    nextCommand = nextCommand.plus(plan.commandEvery());
                }
                followCommands(hub, commands);
                Thread.sleep(250);
            }
            Duration ran = Duration.ofNanos(System.nanoTime() - start);

            // drain: the uplink's cursor passes the head seen now, then every test command has ended
            long headAtEnd = Status.of(hub).head();
            waitFor(Duration.ofMinutes(5), "the uplink's cursor at the end's head " + headAtEnd, hub::tail, () -> {
                Status s = Status.of(hub);
                return s != null && s.head() - s.backlog() >= headAtEnd;
            });
            waitFor(Duration.ofMinutes(2), "every command the test sent ended", () -> open(commands).toString(), () -> {
                followCommands(hub, commands);
                return open(commands).isEmpty();
            });
            samples.add(sample(hub, pid, subscriber, Duration.ofNanos(System.nanoTime() - start), true));
            String growth = histogramGrowth(histogramAtQ2, classHistogram(pid), 15);
            Duration meterAhead = meterClockAhead(hub, "heat-101");
            String log = hub.log();
            hub.stop();

            JournalDump journal = JournalDump.of(hub.journalDir(), work);
            Map<String, Integer> audit = unfinishedAuditedCommands(hub.home().resolve("data/audit"));
            report.append(figures(plan, ran, samples, edits, commands, journal, subscriber, headAtOutage, headAfterOutage,
                    audit, log));
            report.append(String.format(Locale.ROOT, "simulator clock: heat-101's meter clock %.1f h ahead of the hub at the "
                    + "end (x%s over %.1f min: ≈ %.1f h expected, ≥ 95 %% asserted)%n", meterAhead.toSeconds() / 3600.0, plan.speed(),
                    ran.toMillis() / 60_000.0, plan.simulatedHours(ran) - ran.toSeconds() / 3600.0));
            report.append(growth);
            Files.writeString(work.resolve("soak-report.txt"), report);
            System.out.print(report);

            assertThat(outageDone).as("the broker outage happened").isTrue();
            assertThat(receivedAfterOutage).as("nothing arrives while the broker is down").isEqualTo(receivedAtOutage);
            assertThat(meterAhead.toSeconds()).as("the simulator's clock ran x%s (a meter clock's lead)", plan.speed())
                    .isGreaterThanOrEqualTo((long) ((plan.speed() - 1) * ran.toSeconds() * 0.95));
            assertThat(journal.mqttCursor()).as("cursor after the drain").isGreaterThanOrEqualTo(headAtEnd);
            assertThat(headAfterOutage).as("readings journaled while the broker was down").isGreaterThan(headAtOutage);
            E2eHelpers.until(Duration.ofSeconds(30), "subscriber has every acknowledged reading",
                    () -> subscriber.hasAll(journal.keysUpTo(journal.mqttCursor())));
            Identity.assertDelivered("soak", journal, journal.mqttCursor(), subscriber);
            assertThat(edits).as("site edits, one per simulated hour").hasSizeGreaterThanOrEqualTo(
                    (int) (plan.simulatedHours(plan.wall()) * 0.9) - 1);
            assertThat(open(commands)).as("commands the test sent that never ended").isEmpty();
            assertThat(commands).as("commands answered").allSatisfy(c -> assertThat(c.httpStatus).isIn(200, 202, 422, 502));
            assertThat(audit).as("audited commands ACCEPTED without an outcome").isEmpty();
            assertFlat(samples.subList(0, samples.size() - 1));
            assertThat(errorLines(log)).as("ERROR/SEVERE lines in the hub's log").isEmpty();
        }
    }

    // ---- the site edit ----------------------------------------------------------------------

    /** The health window and the journal cache of the plan, in the shipped .cfg files before the hub starts. */
    private static FaultHub withBoundedCaches(FaultHub hub, Plan plan) throws IOException {
        uncomment(hub.home().resolve("etc/io.heathub.billing.alarms.cfg"), "window=24h", "window=" + plan.healthWindow());
        uncomment(hub.home().resolve("etc/io.heathub.store.cfg"), "cacheSizeMB=16", "cacheSizeMB=" + plan.journalCacheMB());
        return hub;
    }

    /** Replaces the shipped line {@code #<shipped>} of {@code cfg} by {@code setting}. */
    private static void uncomment(Path cfg, String shipped, String setting) throws IOException {
        String text = Files.readString(cfg);
        if (!text.contains("\n#" + shipped + "\n")) {
            throw new IllegalStateException(cfg + " no longer has the line #" + shipped);
        }
        Files.writeString(cfg, text.replace("\n#" + shipped + "\n", "\n" + setting + "\n"));
    }

    /**
     * Edit {@code n}: the command rate limit 13 (odd) or 12 (even), panel-024 polled every 9 s or
     * 10 s (a device change: the buses restart). Written like an editor (a new file moved into
     * place); applied when {@code /api/status} shows a newer version with the new limit.
     */
    private static Edit edit(FaultHub hub, int n, Duration at) throws IOException {
        Status before = Status.of(hub);
        long versionBefore = before == null ? -1 : before.siteVersion();
        int limit = n % 2 == 1 ? 13 : 12;
        String site = hub.site();
        if (!site.matches("(?s).*\n  maxPerDevicePerMinute: \\d+\n.*")) {
            throw new IllegalStateException("the demo site.yaml no longer has commands.maxPerDevicePerMinute");
        }
        site = site.replaceFirst("(?m)^(  maxPerDevicePerMinute: )\\d+", "$1" + limit);
        int device = site.indexOf(EDITED_DEVICE);
        int end = site.indexOf('\n', device);
        if (device < 0 || !site.substring(device, end).matches(".*pollInterval: (9|10)s.*")) {
            throw new IllegalStateException("the demo site.yaml no longer has " + EDITED_DEVICE + " … pollInterval: 10s");
        }
        site = site.substring(0, device) + site.substring(device, end).replaceFirst("pollInterval: (9|10)s",
                "pollInterval: " + (n % 2 == 1 ? "9s" : "10s")) + site.substring(end);
        Path file = hub.home().resolve("config/site.yaml");
        Path next = file.resolveSibling(".site.yaml.soak");
        Files.writeString(next, site);
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        long written = System.nanoTime();
        Status[] seen = new Status[1];
        waitFor(Duration.ofSeconds(90), "site edit " + n + " applied (limit " + limit + ")",
                () -> "last status: " + (seen[0] == null ? null : seen[0].json()) + "\n" + hub.tail(), () -> {
                    seen[0] = Status.of(hub);
                    return seen[0] != null && seen[0].siteVersion() > versionBefore && seen[0].rateLimit() == limit
                            && seen[0].siteProblems() == 0;
                });
        return new Edit(n, at, seen[0].siteVersion(), Duration.ofNanos(System.nanoTime() - written));
    }

    // ---- commands ---------------------------------------------------------------------------

    /** Command {@code n}: {@code setpoint.room} 20 or 21 °C (bounds 16..24) to the next panel. */
    private static SentCommand command(FaultHub hub, int n, Duration at) {
        String requestId = "soak-" + n;
        String device = String.format(Locale.ROOT, "panel-%03d", 1 + (n - 1) % 24);
        HttpResponse<String> answer = hub.post("/api/commands", String.format(Locale.ROOT,
                "{\"requestId\":\"%s\",\"device\":\"%s\",\"point\":\"setpoint.room\",\"value\":%d}",
                requestId, device, 20 + n % 2));
        if (answer == null) {
            return new SentCommand(requestId, at, -1, null);
        }
        return new SentCommand(requestId, at, answer.statusCode(), statusOf(answer.body()));
    }

    /** Asks {@code GET /api/commands/{id}} for each command not yet ended. */
    private static void followCommands(FaultHub hub, List<SentCommand> commands) {
        for (SentCommand c : commands) {
            if (!c.ended()) {
                String body = hub.get("/api/commands/" + c.requestId);
                if (body != null) {
                    c.status = statusOf(body);
                }
            }
        }
    }

    private static List<String> open(List<SentCommand> commands) {
        return commands.stream().filter(c -> !c.ended()).map(c -> c.requestId + "=" + c.status).toList();
    }

    private static String statusOf(String body) {
        try {
            JsonNode node = JSON.readTree(body);
            return node.hasNonNull("status") ? node.get("status").asText() : null;
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * The request ids of the command audit ({@code commands*.jsonl}) whose last line is
     * {@code ACCEPTED} — a command that never ended — with their line counts.
     */
    static Map<String, Integer> unfinishedAuditedCommands(Path auditDir) throws IOException {
        Map<String, String> last = new LinkedHashMap<>();
        Map<String, Integer> lines = new HashMap<>();
        List<Path> files;
        try (var list = Files.list(auditDir)) {
            files = list.filter(p -> p.getFileName().toString().startsWith("commands")).sorted().toList();
        }
        assertThat(files).as("command audit files in " + auditDir).isNotEmpty();
        for (Path f : files) {
            for (String line : Files.readAllLines(f)) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode entry = JSON.readTree(line);
                String id = entry.path("requestId").asText();
                last.put(id, entry.path("status").asText());
                lines.merge(id, 1, Integer::sum);
            }
        }
        Map<String, Integer> open = new TreeMap<>();
        last.forEach((id, status) -> {
            if (status.equals("ACCEPTED")) {
                open.put(id, lines.get(id));
            }
        });
        return open;
    }

    /**
     * How far a meter's clock is ahead of the hub: its latest {@code meter.clock} reading (the meter's
     * clock in Unix seconds, time-stamped by the hub on arrival). The simulator's meters keep the
     * simulator's clock, so this shows the acceleration.
     */
    private static Duration meterClockAhead(FaultHub hub, String device) throws IOException {
        String body = hub.get("/api/readings/latest?device=" + device);
        assertThat(body).as("latest readings of " + device).isNotNull();
        for (JsonNode reading : JSON.readTree(body)) {
            if (reading.path("point").asText().equals("meter.clock")) {
                long meter = reading.path("value").asLong();
                long hubTime = java.time.Instant.parse(reading.path("time").asText()).getEpochSecond();
                return Duration.ofSeconds(meter - hubTime);
            }
        }
        throw new AssertionError("no meter.clock reading of " + device + ": " + body);
    }

    // ---- samples ----------------------------------------------------------------------------

    private static Sample sample(FaultHub hub, long pid, KeyedSubscriber subscriber, Duration at, boolean brokerUp)
            throws IOException, InterruptedException {
        jcmd(pid, "GC.run");
        String heap = jcmd(pid, "GC.heap_info");
        java.util.regex.Matcher used = java.util.regex.Pattern.compile("used (\\d+)K").matcher(heap);
        if (!used.find()) {
            throw new AssertionError("no 'used NK' in jcmd GC.heap_info:\n" + heap);
        }
        String procStatus = Files.readString(Path.of("/proc/" + pid + "/status"));
        int openFiles;
        try (var fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            openFiles = (int) fds.count();
        }
        Status s = Status.of(hub);
        return new Sample(at, Long.parseLong(used.group(1)), procField(procStatus, "VmRSS"),
                (int) procField(procStatus, "Threads"), openFiles, s == null ? -1 : s.head(), s == null ? -1 : s.backlog(),
                subscriber.distinctCount(), s == null ? -1 : s.siteVersion(), brokerUp,
                Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    }

    /** Live objects by class after a full GC ({@code jcmd GC.class_histogram}): class → {instances, bytes}. */
    private static Map<String, long[]> classHistogram(long pid) throws IOException, InterruptedException {
        Map<String, long[]> byClass = new java.util.HashMap<>();
        java.util.regex.Pattern row = java.util.regex.Pattern.compile("\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+).*");
        for (String line : jcmd(pid, "GC.class_histogram").split("\n")) {
            java.util.regex.Matcher m = row.matcher(line);
            if (m.matches()) {
                byClass.put(m.group(3), new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))});
            }
        }
        return byClass;
    }

    /** The classes whose live bytes grew most from the second quarter to the end: where a rising heap went. */
    private static String histogramGrowth(Map<String, long[]> before, Map<String, long[]> after, int top) {
        if (before == null) {
            return "heap growth by class: no second-quarter histogram (run too short)\n";
        }
        long[] none = {0, 0};
        long total = after.values().stream().mapToLong(v -> v[1]).sum() - before.values().stream().mapToLong(v -> v[1]).sum();
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "heap growth by class, second quarter -> end (live bytes after full GC): total %+.1f MB; top %d:%n",
                total / 1048576.0, top));
        after.entrySet().stream()
                .sorted(java.util.Comparator.comparingLong(e -> -(e.getValue()[1] - before.getOrDefault(e.getKey(), none)[1])))
                .limit(top)
                .forEach(e -> {
                    long[] b = before.getOrDefault(e.getKey(), none);
                    sb.append(String.format(Locale.ROOT, "  %+10.1f KB %+9d instances  %s (now %.1f KB)%n",
                            (e.getValue()[1] - b[1]) / 1024.0, e.getValue()[0] - b[0], e.getKey(), e.getValue()[1] / 1024.0));
                });
        return sb.toString();
    }

    private static long procField(String status, String field) {
        for (String line : status.split("\n")) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.substring(field.length() + 1).trim().split("\\s+")[0]);
            }
        }
        throw new AssertionError("no " + field + " in /proc/<pid>/status");
    }

    private static String jcmd(long pid, String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("jcmd", String.valueOf(pid), command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("jcmd " + pid + " " + command + " failed:\n" + out);
        }
        return out;
    }

    private static final String HEADER = String.format(Locale.ROOT, "%7s %9s %8s %7s %5s %8s %7s %8s %5s %6s %5s",
            "t[min]", "heapGC[MB]", "rss[MB]", "threads", "fds", "head", "backlog", "received", "site", "broker", "load");

    private static String row(Sample s) {
        return String.format(Locale.ROOT, "%7.1f %9.1f %8.1f %7d %5d %8d %7d %8d %5d %6s %5s", s.at().toMillis() / 60_000.0,
                s.heapAfterGcKb() / 1024.0, s.rssKb() / 1024.0, s.threads(), s.openFiles(), s.journalHead(), s.backlog(),
                s.distinct(), s.siteVersion(), s.brokerUp() ? "up" : "DOWN", s.load());
    }

    // ---- verdicts ---------------------------------------------------------------------------

    /** Medians of the second and the last quarter of the samples (the first quarter is warm-up). */
    record Quarters(double heapQ2, double heapQ4, double threadsQ2, double threadsQ4, double fdsQ2, double fdsQ4) {
        static Quarters of(List<Sample> samples) {
            int n = samples.size();
            List<Sample> q2 = samples.subList(n / 4, n / 2);
            List<Sample> q4 = samples.subList(n - n / 4, n);
            return new Quarters(median(q2, Sample::heapAfterGcKb), median(q4, Sample::heapAfterGcKb),
                    median(q2, Sample::threads), median(q4, Sample::threads),
                    median(q2, Sample::openFiles), median(q4, Sample::openFiles));
        }

        private static double median(List<Sample> samples, java.util.function.ToDoubleFunction<Sample> f) {
            double[] v = samples.stream().mapToDouble(f).sorted().toArray();
            return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
        }
    }

    /** Heap after GC within +20 %, threads within +10, open files within +20 of the second quarter's medians. */
    private static void assertFlat(List<Sample> samples) {
        assertThat(samples).as("samples (at least two per quarter)").hasSizeGreaterThanOrEqualTo(8);
        Quarters q = Quarters.of(samples);
        assertThat(q.heapQ4()).as("heap after GC, last quarter's median vs the second's (KB)").isLessThanOrEqualTo(q.heapQ2() * 1.2);
        assertThat(q.threadsQ4()).as("live threads, last quarter's median vs the second's").isLessThanOrEqualTo(q.threadsQ2() + 10);
        assertThat(q.fdsQ4()).as("open files, last quarter's median vs the second's").isLessThanOrEqualTo(q.fdsQ2() + 20);
    }

    private static List<String> errorLines(String log) {
        return log.lines().filter(l -> l.matches(".*\\b(ERROR|SEVERE)\\b.*")).limit(20).toList();
    }

    private static String figures(Plan plan, Duration ran, List<Sample> samples, List<Edit> edits, List<SentCommand> commands,
                                  JournalDump journal, KeyedSubscriber subscriber, long headAtOutage, long headAfterOutage,
                                  Map<String, Integer> unfinishedAudit, String log) {
        StringBuilder sb = new StringBuilder();
        sb.append(HEADER).append('\n');
        samples.forEach(s -> sb.append(row(s)).append('\n'));
        Quarters q = Quarters.of(samples.subList(0, samples.size() - 1));
        sb.append(String.format(Locale.ROOT, "ran %.1f min wall = %.1f simulated hours (%.2f simulated days) at x%s%n",
                ran.toMillis() / 60_000.0, plan.simulatedHours(ran), plan.simulatedHours(ran) / 24, plan.speed()));
        sb.append(String.format(Locale.ROOT, "medians Q2 -> Q4: heap after GC %.1f -> %.1f MB, threads %.0f -> %.0f, "
                        + "open files %.0f -> %.0f%n", q.heapQ2() / 1024, q.heapQ4() / 1024, q.threadsQ2(), q.threadsQ4(),
                q.fdsQ2(), q.fdsQ4()));
        List<Long> applyMillis = edits.stream().map(e -> e.applyTime().toMillis()).sorted().toList();
        sb.append(String.format(Locale.ROOT, "site edits: %d, all applied (site version %s), apply time median %d ms, max %d ms%n",
                edits.size(), edits.isEmpty() ? "-" : edits.get(edits.size() - 1).version(),
                applyMillis.isEmpty() ? 0 : applyMillis.get(applyMillis.size() / 2),
                applyMillis.isEmpty() ? 0 : applyMillis.get(applyMillis.size() - 1)));
        Map<String, Integer> byStatus = new TreeMap<>();
        commands.forEach(c -> byStatus.merge(c.httpStatus + "/" + c.status, 1, Integer::sum));
        sb.append(String.format(Locale.ROOT, "test commands: %d (HTTP status/outcome: %s), not ended %d; audited commands "
                + "without an outcome: %d%n", commands.size(), byStatus, open(commands).size(), unfinishedAudit.size()));
        sb.append(String.format(Locale.ROOT, "broker outage: journal head %d -> %d while down%n", headAtOutage, headAfterOutage));
        Map<String, ?> received = subscriber.distinct(); // a copy: taken once
        long missing = journal.keysUpTo(journal.mqttCursor()).stream().filter(k -> !received.containsKey(k)).count();
        sb.append(String.format(Locale.ROOT, "journal: head %d, %d entries, mqtt cursor %d (%d not forwarded at the graceful "
                        + "stop); subscriber: %d distinct, %d raw, %d raw duplicates (%d identities), %d messages; lost %d%n",
                journal.head(), journal.entries().size(), journal.mqttCursor(), journal.head() - journal.mqttCursor(),
                subscriber.distinctCount(), subscriber.raw(), subscriber.duplicates(), subscriber.repeated().size(),
                subscriber.messages(), missing));
        sb.append(String.format(Locale.ROOT, "hub log: %d ERROR/SEVERE lines, %d WARNING lines, uplink failures logged %d%n",
                log.lines().filter(l -> l.matches(".*\\b(ERROR|SEVERE)\\b.*")).count(),
                log.lines().filter(l -> l.matches(".*\\bWARNING\\b.*")).count(),
                FaultHub.count(log, "failing, readings stay in the journal")));
        return sb.toString();
    }

    // ---- plumbing ---------------------------------------------------------------------------

    /** {@code /api/status} figures; null while the hub does not answer. */
    record Status(long head, long backlog, long siteVersion, int rateLimit, int siteProblems, String json) {
        static Status of(FaultHub hub) {
            FaultHub.Figures f = hub.figures();
            if (f == null) {
                return null;
            }
            try {
                JsonNode site = JSON.readTree(f.json()).path("site");
                return new Status(f.head(), f.backlog(), site.path("version").asLong(-1),
                        site.path("commands").path("maxPerDevicePerMinute").asInt(-1), site.path("problems").size(), f.json());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Polls every half second (the hub shares two cores with the test). */
    private static void waitFor(Duration timeout, String what, java.util.function.Supplier<String> diagnostics,
                                java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what + "\n"
                        + diagnostics.get());
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** {@code target/itest-work/soak}, emptied: kept after the run for the hub's log and the report. */
    private static Path soakDirectory() throws IOException {
        Path dir = Path.of(System.getProperty("heathub.itest.work", "target/itest-work")).resolve("soak");
        if (Files.exists(dir)) {
            try (var walk = Files.walk(dir)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        return Files.createDirectories(dir);
    }
}
