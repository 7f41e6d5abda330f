package io.heathub.billing.settlement.cli;

import io.heathub.api.Reading;
import io.heathub.billing.export.ExportStore;
import io.heathub.billing.fixtures.TestSite;
import io.heathub.billing.hub.AppliedSite;
import io.heathub.billing.hub.HouseholdsSection;
import io.heathub.calendar.section.CalendarSection;
import io.heathub.billing.Household;
import io.heathub.billing.Season;
import io.heathub.billing.input.HouseholdsCsv;
import io.heathub.billing.input.Problems;
import io.heathub.billing.input.ReadingsCsv;
import io.heathub.billing.settlement.HouseholdSettlement;
import io.heathub.billing.settlement.InvalidInputException;
import io.heathub.billing.settlement.SettlementRun;
import io.heathub.billing.settlement.SettlementSeason;
import io.heathub.billing.settlement.SettlementService;
import io.heathub.billing.settlement.SiteSettlement;
import io.heathub.billing.settlement.Tariff;
import io.heathub.billing.settlement.TariffFile;
import io.heathub.billing.settlement.runtime.HubSettlement;
import io.heathub.billing.settlement.runtime.TariffSection;
import java.io.BufferedWriter;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryType;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Settlement at a real substation's size (issue 20 item 5), not a unit test: writes a season of N
 * households (121 days, a heat counter every 6 hours, a room temperature every hour) as one
 * readings.csv (and as the export's day files), then settles it in child JVMs — {@code streamed} runs
 * {@code heathub settle} itself ({@link Settle}, the streamed pass), {@code hub} the hub's
 * {@code /api/settlement} ({@link HubSettlement} over the day files) and {@code in-memory} the path before
 * them (every row in a {@code List<Reading>}, then settled) — and prints wall time, peak resident memory (VmHWM) and a
 * SHA-256 of the printed lines, which must be the same for both (the lines are kept in
 * {@code DIR/MODE.out}, warnings in {@code DIR/MODE.stderr}).
 *
 * <pre>
 * cd bundles/billing-settlement &amp;&amp; mvn -q test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.heathub.billing.settlement.cli.SettlementBenchmark \
 *     -Dexec.args="households=1000 streamedHeap=256m inMemoryHeap=6g dir=/tmp/settle-bench"
 * </pre>
 *
 * Arguments ({@code key=value}): {@code households} (1000), {@code days} (121), {@code dir} (where the
 * files go; kept, reused when already written for the same size), {@code streamedHeap} and {@code hubHeap}
 * (256m; {@code none} skips the hub),
 * {@code inMemoryHeap} (6g; {@code none} skips the old path), {@code runs} (1).
 */
public final class SettlementBenchmark {
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final LocalDate START = LocalDate.parse("2024-11-15");

    private SettlementBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        if (options.containsKey("child")) {
            child(options);
            return;
        }
        int households = Integer.parseInt(options.getOrDefault("households", "1000"));
        int days = Integer.parseInt(options.getOrDefault("days", "121"));
        Path dir = Path.of(options.getOrDefault("dir", "/tmp/settle-bench")).resolve(households + "x" + days);
        Files.createDirectories(dir);
        Path readings = dir.resolve("readings.csv");
        long rows;
        if (!Files.isRegularFile(dir.resolve("done"))) {
            long t0 = System.nanoTime();
            rows = write(dir, households, days);
            writeExport(dir);
            Files.writeString(dir.resolve("done"), Long.toString(rows));
            System.out.printf(Locale.ROOT, "wrote %,d readings (%,d MB) in %.1f s to %s%n", rows,
                    Files.size(readings) >> 20, (System.nanoTime() - t0) / 1e9, readings);
        } else {
            rows = Long.parseLong(Files.readString(dir.resolve("done")).trim());
            System.out.printf(Locale.ROOT, "reusing %,d readings (%,d MB) in %s%n", rows, Files.size(readings) >> 20, readings);
        }
        int runs = Integer.parseInt(options.getOrDefault("runs", "1"));
        String season = START + "/" + START.plusDays(days - 1L);
        double[] streamed = null;
        double[] inMemory = null;
        for (int run = 1; run <= runs; run++) {
            streamed = child(dir, season, "streamed", options.getOrDefault("streamedHeap", "256m"));
            if (!options.getOrDefault("hubHeap", "256m").equals("none")) {
                child(dir, season, "hub", options.getOrDefault("hubHeap", "256m"));
            }
            String inMemoryHeap = options.getOrDefault("inMemoryHeap", "6g");
            if (!inMemoryHeap.equals("none")) {
                inMemory = child(dir, season, "in-memory", inMemoryHeap);
            }
        }
        // last, as every benchmark of docs/benchmarks.md: the baseline over the new path, of the last run
        if (streamed != null && inMemory != null) {
            System.out.printf(Locale.ROOT, "ratio=%.1f (peak RSS in-memory / streamed; CPU %.2f, wall %.2f)%n",
                    inMemory[2] / streamed[2], inMemory[1] / streamed[1], inMemory[0] / streamed[0]);
        } else if (runs > 0) {
            System.out.println("ratio=n/a (" + (streamed == null ? "streamed" : "in-memory") + " did not run to the end)");
        }
    }

    private static final java.util.regex.Pattern FIGURES =
            java.util.regex.Pattern.compile("wall +([\\d.]+) s +cpu +([\\d.]+) s +peak RSS +([\\d,]+) MB");

    /** Runs one mode in a child JVM with {@code heap}, prints its report line; its wall s, CPU s and peak RSS MB, or null. */
    private static double[] child(Path dir, String season, String mode, String heap) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap, "-cp", classPath(), SettlementBenchmark.class.getName(),
                "child=" + mode, "dir=" + dir, "season=" + season));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int status = process.waitFor();
        System.out.print(output);
        if (status != 0) {
            System.out.printf(Locale.ROOT, "%s with -Xmx%s: exit %d%n", mode, heap, status);
            return null;
        }
        java.util.regex.Matcher figures = FIGURES.matcher(output);
        return figures.find() ? new double[] {Double.parseDouble(figures.group(1)), Double.parseDouble(figures.group(2)),
                Double.parseDouble(figures.group(3).replace(",", ""))} : null;
    }

    /** The class path this runs on (exec:java's class loader, or java.class.path). */
    private static String classPath() {
        ClassLoader loader = SettlementBenchmark.class.getClassLoader();
        if (loader instanceof URLClassLoader urls && urls.getURLs().length > 0) {
            List<String> paths = new ArrayList<>();
            for (URL url : urls.getURLs()) {
                paths.add(new File(url.getPath()).getPath());
            }
            return String.join(File.pathSeparator, paths);
        }
        return System.getProperty("java.class.path");
    }

    /** In the child JVM: settles once, prints time, peak RSS, lines and their digest. */
    private static void child(Map<String, String> options) throws Exception {
        String mode = options.get("child");
        Path dir = Path.of(options.get("dir"));
        String season = options.get("season");
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        LineCounter counted = new LineCounter(digest, Files.newOutputStream(dir.resolve(mode + ".out")));
        PrintStream out = new PrintStream(counted, false, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(Files.newOutputStream(dir.resolve(mode + ".stderr")), true, StandardCharsets.UTF_8);
        String[] args = {"--tariff", dir.resolve("tariff.yaml").toString(), "--households",
                dir.resolve("households.csv").toString(), "--readings", dir.resolve("readings.csv").toString(),
                "--season", season};
        long t0 = System.nanoTime();
        int status = switch (mode) {
            case "streamed" -> new Settle(out, err).run(args);
            case "hub" -> hub(dir, season, out, err);
            default -> inMemory(args, out, err);
        };
        out.flush();
        double seconds = (System.nanoTime() - t0) / 1e9;
        err.close();
        counted.copy.close();
        double cpu = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e9;
        long peakHeap = ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        System.out.printf(Locale.ROOT, "%-9s -Xmx%-5s exit %d  wall %6.1f s  cpu %6.1f s  peak RSS %,5d MB"
                + "  peak heap %,5d MB  %d lines  sha256 %s%n", mode,
                maxHeap(), status, seconds, cpu, peakRssKb() / 1024, peakHeap >> 20, counted.lines,
                HexFormat.of().formatHex(digest.digest()).substring(0, 16));
    }

    /**
     * {@code GET /api/settlement}'s own code: {@link HubSettlement} on core's site owner (households.csv
     * imported by site.yaml, the tariff and a calendar whose season is the one settled) over the export
     * folder's day files, as the hub runs it.
     */
    private static int hub(Path dir, String season, PrintStream out, PrintStream err) throws Exception {
        LocalDate first = LocalDate.parse(season.substring(0, season.indexOf('/')));
        LocalDate last = LocalDate.parse(season.substring(season.indexOf('/') + 1));
        String yaml = "site: { id: bench, zone: Asia/Shanghai }\n"
                + "calendar: { season: { from: " + first.toString().substring(5) + ", to: " + last.toString().substring(5)
                + " }, test: none }\n"
                + "households: households.csv\n"
                + "tariff: { areaPricePerM2: 24, basePricePerM2: 7.2, energyPricePerKWh: 0.188, chargeCapPerM2: 4 }\n";
        Path siteFolder = dir.resolve("site");
        Files.createDirectories(siteFolder);
        Files.copy(dir.resolve("households.csv"), siteFolder.resolve("households.csv"), StandardCopyOption.REPLACE_EXISTING);
        try (TestSite site = TestSite.of(siteFolder, yaml, new HouseholdsSection(), new TariffSection(), new CalendarSection())) {
            SettlementService settlement = new HubSettlement(new AppliedSite(site.service()), new ExportStore(dir.resolve("export")),
                    31, dir.resolve("records"), Clock.fixed(last.plusMonths(3).atStartOfDay(ZONE).toInstant(), ZONE));
            SettlementService.Answer answer = settlement.settle(season);
            answer.warnings().forEach(w -> err.println("settle: warning: " + w));
            answer.lines().forEach(out::println);
            return 0;
        } catch (SettlementService.SettlementException e) {
            e.problems().forEach(err::println);
            return 2;
        }
    }

    /** The export folder: readings.csv split into one file per UTC day, as the export writes them. */
    private static void writeExport(Path dir) throws IOException {
        Path export = dir.resolve("export");
        Files.createDirectories(export);
        try (var lines = Files.lines(dir.resolve("readings.csv"))) {
            BufferedWriter[] day = {null};
            String[] open = {""};
            try {
                lines.skip(1).forEach(line -> {
                    int from = line.indexOf(',', line.indexOf(',') + 1) + 1;
                    String utcDay = line.substring(from, from + 10);
                    try {
                        if (!utcDay.equals(open[0])) {
                            if (day[0] != null) {
                                day[0].close();
                            }
                            Path file = export.resolve("readings-" + utcDay + ".csv");
                            boolean fresh = !Files.exists(file);
                            day[0] = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                                    StandardOpenOption.APPEND);
                            if (fresh) {
                                day[0].write(ReadingsCsv.header() + "\n");
                            }
                            open[0] = utcDay;
                        }
                        day[0].write(line);
                        day[0].write('\n');
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
            } finally {
                if (day[0] != null) {
                    day[0].close();
                }
            }
        }
    }

    /**
     * The path before the streamed one, as {@code Settle} ran it: every billing row of the wanted devices
     * read into one list, then settled (no records, no refund points: this season has none).
     */
    private static int inMemory(String[] args, PrintStream out, PrintStream err) throws IOException, InvalidInputException {
        Problems problems = new Problems(20);
        Tariff tariff = TariffFile.load(Path.of(args[1]));
        List<Household> households = HouseholdsCsv.read(Path.of(args[3]), args[3], problems, true);
        Season season = Season.parse(args[7], Season.DEFAULT_ZONE);
        SiteSettlement settlement = new SiteSettlement(tariff,
                new SettlementSeason(season, season.start().getYear(), List.of(), Map.of(), List.of()), households);
        List<Reading> readings = ReadingsCsv.read(Path.of(args[5]), args[5], problems, ReadingsCsv.devicesIn(settlement.devices()));
        if (!problems.isEmpty()) {
            problems.lines().forEach(err::println);
            return 2;
        }
        SettlementRun run = settlement.settle(readings, null);
        run.warnings().forEach(w -> err.println("settle: warning: " + w));
        SettlementJson json = new SettlementJson(false);
        for (HouseholdSettlement s : run.households()) {
            out.println(json.line(s));
        }
        return 0;
    }

    /**
     * households.csv, tariff.yaml and readings.csv in time order (as the export writes them): every 6 h
     * (local 00, 06, 12, 18, a few minutes late per meter, so the cuts are interpolated) a counter
     * reading, every hour a room temperature of 14–23 °C, all with milliseconds as a hub's clock gives them; household 7 of every 100 has a two-day gap of its
     * meter, household 13 of every 100 no room sensor readings for a week.
     */
    static long write(Path dir, int households, int days) throws IOException {
        Files.writeString(dir.resolve("tariff.yaml"), """
                areaPricePerM2: 24
                basePricePerM2: 7.2
                energyPricePerKWh: 0.188
                chargeCapPerM2: 4
                """);
        Random random = new Random(20);
        double[] counter = new double[households];
        int[] lateSeconds = new int[households];
        int[] baseTenths = new int[households];
        String[] ids = new String[households];
        try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("households.csv"))) {
            w.write("household,area_m2,meter,room_sensor,tariff\n");
            for (int h = 0; h < households; h++) {
                String id = String.format(Locale.ROOT, "%05d", h);
                ids[h] = id;
                w.write("h-" + id + "," + (60 + random.nextInt(90)) + ",heat-" + id + ",room-" + id + ","
                        + (h % 3 == 0 ? "area" : "two-part") + "\n");
                counter[h] = 10_000 + random.nextInt(90_000);
                lateSeconds[h] = random.nextInt(600);
                baseTenths[h] = 150 + random.nextInt(70);
            }
        }
        long rows = 0;
        Instant opens = START.atStartOfDay(ZONE).toInstant();
        int hours = days * 24;
        try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("readings.csv"), StandardCharsets.UTF_8)) {
            w.write(ReadingsCsv.header());
            w.write('\n');
            StringBuilder row = new StringBuilder(80);
            // counters from a day before the season to a day after, so both season cuts have readings around them
            for (int hour = -24; hour <= hours + 24; hour++) {
                Instant at = opens.plusSeconds(3600L * hour);
                int day = Math.floorDiv(hour, 24);
                for (int h = 0; h < households; h++) {
                    String id = ids[h];
                    if (hour % 6 == 0 && !(h % 100 == 7 && day >= 40 && day < 42)) {
                        counter[h] += 6 * (0.5 + random.nextDouble() * 2.5);
                        row.setLength(0);
                        row.append("heat-").append(id).append(",heat.energy,")
                                .append(at.plusSeconds(lateSeconds[h]).plusMillis(random.nextInt(1000)))
                                .append(',').append(String.format(Locale.ROOT, "%.3f", counter[h])).append(",kWh,good\n");
                        w.append(row);
                        rows++;
                    }
                    if (hour >= 0 && hour < hours && !(h % 100 == 13 && day >= 60 && day < 67)) {
                        int tenths = baseTenths[h] + random.nextInt(41) - 20;
                        row.setLength(0);
                        row.append("room-").append(id).append(",temp.room,").append(at.plusMillis(random.nextInt(1000)))
                                .append(',')
                                .append(tenths / 10).append('.').append(tenths % 10).append(",°C,good\n");
                        w.append(row);
                        rows++;
                    }
                }
            }
        }
        return rows;
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new java.util.LinkedHashMap<>();
        for (String arg : args) {
            for (String part : arg.trim().split("\\s+")) {
                int eq = part.indexOf('=');
                if (eq > 0) {
                    options.put(part.substring(0, eq), part.substring(eq + 1));
                } else if (!part.isEmpty()) {
                    throw new IllegalArgumentException("expected key=value, got " + part);
                }
            }
        }
        return options;
    }

    private static String maxHeap() {
        return (Runtime.getRuntime().maxMemory() >> 20) + "m";
    }

    /** Peak resident set size of this process (VmHWM), kB; -1 where /proc is missing. */
    private static long peakRssKb() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.isReadable(status)) {
            return -1;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return -1;
    }

    /** Digests what is printed, counts its lines and keeps a copy. */
    private static final class LineCounter extends OutputStream {
        private final MessageDigest digest;
        private final OutputStream copy;
        long lines;

        LineCounter(MessageDigest digest, OutputStream copy) {
            this.digest = digest;
            this.copy = new java.io.BufferedOutputStream(copy);
        }

        @Override
        public void write(int b) throws IOException {
            copy.write(b);
            digest.update((byte) b);
            lines += b == '\n' ? 1 : 0;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            copy.write(b, off, len);
            digest.update(b, off, len);
            for (int i = off; i < off + len; i++) {
                lines += b[i] == '\n' ? 1 : 0;
            }
        }
    }
}
