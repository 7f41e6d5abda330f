package io.heathub.bench;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PayloadFormatIndicator;
import io.heathub.api.Reading;
import io.heathub.core.pipeline.PollWindow;
import io.heathub.core.pipeline.ReadingPipeline;
import io.heathub.forward.mqtt.MqttUplink;
import io.heathub.forward.mqtt.MqttUplinkConfig;
import io.heathub.store.MvJournal;
import io.heathub.wire.ReadingJson;
import io.heathub.wire.WireFormatException;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * Store-and-forward benchmark on this machine, with the hub's own classes in-process and a real
 * mosquitto:
 *
 * <ol>
 *   <li><b>throughput</b>: N readings through normalise (source → canonical units) → validation →
 *       durable journal ({@link ReadingPipeline} on an {@link MvJournal}, sync on, group commit,
 *       as in the hub) → the {@link MqttUplink} (its Camel route, QoS 1, cursor committed after
 *       PUBACK), timed until the uplink's cursor reached the head; side by side with a raw MQTT 5
 *       publisher (HiveMQ client) sending the same JSON batches (same grouping by device, same
 *       {@code heathub-keys}) to the same broker, pipelined and one-at-a-time.</li>
 *   <li><b>drain</b>: a subscriber with a persistent session is connected, the broker goes down,
 *       a backlog of B readings (default 1,000,000) is journaled through the pipeline while the
 *       uplink fails and backs off, the broker comes back: time to the first delivery (the
 *       uplink's back-off), time to drain, and at the subscriber lost / duplicated / unknown
 *       readings by identity (device, point, time).</li>
 * </ol>
 *
 * Arguments ({@code key=value}): {@code mode=all|throughput|drain}, {@code readings=200000},
 * {@code backlog=1000000}, {@code devices=100}, {@code threads=4} (pipeline writers),
 * {@code batch=500} (uplink batchSize), {@code sync=true} (journal fsync), {@code syncDelayMillis=0} (the store's
 * {@code maxSyncDelayMillis}: group commit waits that long for more appends), {@code dir=} (work folder;
 * default a temp folder, deleted afterwards).
 */
public final class StoreAndForwardBench {
    private static final String KEYS = MqttUplink.KEYS_PROPERTY;

    private final Map<String, String> args;
    private final Path work;
    private final int devices;
    private final int threads;
    private final int batch;
    private final boolean sync;
    private final Map<String, String> results = new LinkedHashMap<>();
    /** The last line: the drain's rate against the raw publisher's for the same messages (NaN: not measured). */
    private double ratio = Double.NaN;
    /** Submit → durable latencies of the last {@link #produce} run. */
    private String lastLatencies = "";
    /** The uplink's own log: how often it failed (and re-sent its batch after a back-off). */
    private static final java.util.logging.Logger UPLINK_LOG = java.util.logging.Logger.getLogger(MqttUplink.class.getName());
    private static final List<String> UPLINK_FAILURES = new java.util.concurrent.CopyOnWriteArrayList<>();

    static {
        UPLINK_LOG.setLevel(java.util.logging.Level.ALL);
        UPLINK_LOG.addHandler(new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                if (r.getMessage() != null && r.getMessage().contains("failing")) { // WARNING once, then DEBUG
                    String m = r.getMessage();
                    Object[] p = r.getParameters();
                    UPLINK_FAILURES.add(p != null && p.length > 0 ? String.valueOf(p[p.length - 1]) : m);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        });
    }

    private static String failures(int from) {
        List<String> seen = UPLINK_FAILURES.subList(from, UPLINK_FAILURES.size());
        return seen.isEmpty() ? "0" : seen.size() + " " + seen.stream().distinct().toList();
    }

    private StoreAndForwardBench(Map<String, String> args, Path work) {
        this.args = args;
        this.work = work;
        this.devices = Integer.parseInt(args.getOrDefault("devices", "100"));
        this.threads = Integer.parseInt(args.getOrDefault("threads", "4"));
        this.batch = Integer.parseInt(args.getOrDefault("batch", String.valueOf(UPLINK_DEFAULT_BATCH)));
        this.sync = Boolean.parseBoolean(args.getOrDefault("sync", "true"));
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = new LinkedHashMap<>();
        for (String a : argv) {
            int eq = a.indexOf('=');
            if (eq < 0) {
                args.put("mode", a);
            } else {
                args.put(a.substring(0, eq), a.substring(eq + 1));
            }
        }
        if (System.getenv("HEATHUB_MQTT_URL") != null) {
            System.err.println("unset HEATHUB_MQTT_URL: it overrides the uplink's broker");
            System.exit(2);
        }
        boolean temp = !args.containsKey("dir");
        Path work = temp ? Files.createTempDirectory("heathub-bench") : Files.createDirectories(Path.of(args.get("dir")));
        StoreAndForwardBench bench = new StoreAndForwardBench(args, work);
        int status = 0;
        try {
            bench.run();
        } catch (Throwable t) {
            t.printStackTrace();
            status = 1;
        } finally {
            if (temp) {
                delete(work);
            }
        }
        System.out.println();
        System.out.println("=== results (" + java.time.Instant.now() + "; shared machines give figures that are not final) ===");
        bench.results.forEach((k, v) -> System.out.printf("%-58s %s%n", k, v));
        if (!Double.isNaN(bench.ratio)) {
            System.out.printf("ratio=%.3f%n", bench.ratio);
        }
        System.exit(status); // Camel/HiveMQ leave non-daemon threads behind
    }

    private void run() throws Exception {
        String mode = args.getOrDefault("mode", "all");
        System.out.printf("heathub store-and-forward bench: %s; %d cores, load %.1f, java %s, max heap %d MB, "
                        + "mosquitto max_inflight_messages %d; work %s%n", args, Runtime.getRuntime().availableProcessors(),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                System.getProperty("java.version"), Runtime.getRuntime().maxMemory() >> 20,
                Integer.getInteger("bench.inflight", 20), work);
        results.put("machine load average at start", String.format("%12.1f", 
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
        if (mode.equals("all") || mode.equals("throughput")) {
            throughput(Long.parseLong(args.getOrDefault("readings", "200000")));
        }
        if (mode.equals("all") || mode.equals("drain")) {
            drain(Long.parseLong(args.getOrDefault("backlog", "1000000")));
        }
    }

    // ---------------------------------------------------------------------------------------------
    // (a) throughput

    private void throughput(long readings) throws Exception {
        long polls = readings / Workload.POINTS;
        long n = polls * Workload.POINTS;
        Workload workload = new Workload(devices);
        List<Outgoing> messages = sameBatches(workload, polls);
        try (BenchBroker broker = new BenchBroker(work.resolve("broker-throughput")).start()) {
            // raw first, pipelined: the broker's and the loopback's ceiling for these messages
            double rawAsync = rawPipelined(broker, messages, n);
            double rawSync = rawOneAtATime(broker, messages, n);

            double fsyncs = rawFsyncsPerSecond(work.resolve("journal-throughput"));
            System.out.printf("disk: %,.0f fsyncs/s (4 KiB write + FileChannel.force, 1 s)%n", fsyncs);

            MvJournal journal = MvJournal.open(work.resolve("journal-throughput/journal.mv.db"), options());
            DefaultCamelContext camel = new DefaultCamelContext();
            camel.start();
            MqttUplink uplink = new MqttUplink(journal, camel, NO_SITE, config(broker.url(), "bench-uplink", batch));
            ReadingPipeline pipeline = new ReadingPipeline(journal);
            int failuresBefore = UPLINK_FAILURES.size();
            com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            long cpu0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            long appendNanos = produce(pipeline, workload, 0, polls);
            long syncsJournaling = journal.status().syncs();
            String fileAfterJournaling = filePerReading(journal, n);
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            while (journal.backlog(MqttUplink.CURSOR) > 0 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            long total = System.nanoTime() - t0;
            double cores = (os.getProcessCpuTime() - cpu0) / (double) total;
            long backlog = journal.backlog(MqttUplink.CURSOR);
            uplink.close();
            camel.stop();
            long syncs = journal.status().syncs();
            String fileAtEnd = filePerReading(journal, n);
            journal.close();
            double pipelineRate = n / (total / 1e9);
            double appendRate = n / (appendNanos / 1e9);
            System.out.printf("pipeline: %,d readings journaled in %.2f s (%,.0f/s, %d fsyncs), forwarded (cursor at head) "
                    + "after %.2f s (%d fsyncs in all, with the uplink's cursor commits); left %d; %.2f cores busy%n", n,
                    appendNanos / 1e9, appendRate, syncsJournaling, total / 1e9, syncs, backlog, cores);

            String fmt = "%,12.0f readings/s";
            results.put("(a) readings per run", String.format("%,d (%d devices x %d points, %d msgs of ~%d)", n, devices,
                    Workload.POINTS, messages.size(), n / Math.max(1, messages.size())));
            results.put("(a) disk fsync rate (4 KiB write + force loop)", String.format("%,12.0f fsyncs/s", fsyncs));
            results.put("(a) raw MQTT 5 publisher, pipelined QoS 1 (HiveMQ)", String.format(fmt, rawAsync));
            results.put("(a) raw MQTT 5 publisher, one-at-a-time QoS 1", String.format(fmt, rawSync));
            results.put("(a) normalise+validate -> journal only (" + threads + " writers, sync=" + sync
                    + (sync ? ", window " + options().commitWindowMillis() + " ms" : "") + ")",
                    String.format(fmt, appendRate));
            results.put("(a) journal fsyncs while journaling / readings per fsync", String.format("%,12d / %,.0f",
                    syncsJournaling, (double) n / Math.max(1, syncsJournaling)));
            results.put("(a) poll submit -> durable latency", lastLatencies + "  (goal p99 <= 20 ms)");
            results.put("(a) journal file after journaling", fileAfterJournaling);
            results.put("(a) journal file after forwarding", fileAtEnd);
            results.put("(a) normalise -> journal -> MqttUplink (end to end)", String.format(fmt, pipelineRate)
                    + (backlog > 0 ? "  NOT DRAINED: " + backlog + " left" : ""));
            results.put("(a) CPU while end to end (of " + Runtime.getRuntime().availableProcessors() + " cores)",
                    String.format("%12.2f cores", cores));
            results.put("(a) uplink failures (batch re-sent after back-off)", failures(failuresBefore));
            results.put("(a) end to end / raw pipelined", String.format("%12.2f x   (goal >= 0.5)", pipelineRate / rawAsync));
            results.put("(a) end to end / raw one-at-a-time", String.format("%12.2f x", pipelineRate / rawSync));
            results.put("(a) goal >= 100,000 readings/s end to end", pipelineRate >= 100_000 ? "met" : "NOT met");
            results.put("ratio = (a) end to end / raw pipelined publisher", String.format("%12.3f", pipelineRate / rawAsync));
            ratio = pipelineRate / rawAsync;
        }
    }

    /** The messages the uplink would send for readings 0..polls*10 in order: per batch, one per device. */
    private List<Outgoing> sameBatches(Workload workload, long polls) {
        ReadingJson json = new ReadingJson();
        List<Outgoing> out = new ArrayList<>();
        List<Reading> chunk = new ArrayList<>(batch);
        for (long p = 0; p < polls; p++) {
            for (Reading r : workload.poll(p)) {
                chunk.add(r);
                if (chunk.size() == batch) {
                    group(json, chunk, out);
                    chunk.clear();
                }
            }
        }
        group(json, chunk, out);
        return out;
    }

    private static void group(ReadingJson json, List<Reading> chunk, List<Outgoing> out) {
        Map<String, List<Reading>> byDevice = new LinkedHashMap<>();
        for (Reading r : chunk) {
            byDevice.computeIfAbsent(r.device(), d -> new ArrayList<>()).add(r);
        }
        byDevice.forEach((device, rs) -> out.add(new Outgoing("heathub/" + device + "/readings", json.writeArray(rs),
                rs.stream().map(Reading::key).collect(Collectors.joining(",")), rs.size())));
    }

    record Outgoing(String topic, byte[] payload, String keys, int readings) {
    }

    private static Mqtt5Publish publish(Outgoing m) {
        return Mqtt5Publish.builder().topic(m.topic()).qos(MqttQos.AT_LEAST_ONCE).payload(m.payload())
                .contentType("application/json").payloadFormatIndicator(Mqtt5PayloadFormatIndicator.UTF_8)
                .userProperties().add(KEYS, m.keys()).applyUserProperties().build();
    }

    private double rawPipelined(BenchBroker broker, List<Outgoing> messages, long n) {
        Mqtt5AsyncClient client = Mqtt5Client.builder().identifier("bench-raw-async").serverHost("127.0.0.1")
                .serverPort(broker.port()).buildAsync();
        client.connect().join();
        long t0 = System.nanoTime();
        List<CompletableFuture<Mqtt5PublishResult>> acks = new ArrayList<>(messages.size());
        for (Outgoing m : messages) {
            acks.add(client.publish(publish(m)));
        }
        long failed = acks.stream().map(CompletableFuture::join).filter(r -> r.getError().isPresent()
                || ((Mqtt5PublishResult.Mqtt5Qos1Result) r).getPubAck().getReasonCode().isError()).count();
        long nanos = System.nanoTime() - t0;
        client.disconnect().join();
        System.out.printf("raw pipelined: %,d messages (%,d readings) acknowledged in %.2f s, %d refused%n",
                messages.size(), n, nanos / 1e9, failed);
        return n / (nanos / 1e9);
    }

    private double rawOneAtATime(BenchBroker broker, List<Outgoing> messages, long n) {
        Mqtt5BlockingClient client = Mqtt5Client.builder().identifier("bench-raw-sync").serverHost("127.0.0.1")
                .serverPort(broker.port()).buildBlocking();
        client.connect();
        long t0 = System.nanoTime();
        for (Outgoing m : messages) {
            client.publish(publish(m));
        }
        long nanos = System.nanoTime() - t0;
        client.disconnect();
        System.out.printf("raw one-at-a-time: %,d messages acknowledged in %.2f s%n", messages.size(), nanos / 1e9);
        return n / (nanos / 1e9);
    }

    // ---------------------------------------------------------------------------------------------
    // (b) backlog drain after an outage

    /** Topic prefix of the raw publisher's copy of the uplink's messages (the subscriber counts it apart). */
    private static final String RAW_PREFIX = "bench-raw";

    private void drain(long backlogReadings) throws Exception {
        long polls = backlogReadings / Workload.POINTS;
        long n = polls * Workload.POINTS;
        // the hub's default batchSize unless batch= is given: the drain is the hub's, as configured out of the box
        int drainBatch = Integer.parseInt(args.getOrDefault("batch", String.valueOf(UPLINK_DEFAULT_BATCH)));
        Workload workload = new Workload(devices);
        BenchBroker broker = new BenchBroker(work.resolve("broker-drain")).start();
        Counting subscriber = new Counting(workload, n, broker.port());

        // Baseline, same run, same broker, same subscriber: a raw MQTT 5 publisher sending the messages the
        // uplink sends for these readings (per batch one message per device, objects with the hub,
        // heathub-keys and heathub-hub), pipelined QoS 1, on topics the subscriber counts apart.
        RawRun raw = rawDrainBaseline(broker, subscriber, uplinkMessages(workload, polls, drainBatch), n);

        broker.stop(); // the outage: the session (and its subscription) is saved by mosquitto
        MvJournal journal = MvJournal.open(work.resolve("journal-drain/journal.mv.db"), options());
        DefaultCamelContext camel = new DefaultCamelContext();
        camel.start();
        MqttUplink uplink = new MqttUplink(journal, camel, NO_SITE, config(broker.url(), "bench-drain", drainBatch));
        long fillNanos = produce(new ReadingPipeline(journal), workload, 0, polls);
        long fileBytes = Files.size(journal.file());
        results.put("(b) journal file with the backlog", filePerReading(journal, n));
        System.out.printf("outage: %,d readings journaled in %.2f s (%,.0f/s) while the broker was down; backlog %,d; "
                + "journal file %,d MB%n", n, fillNanos / 1e9, n / (fillNanos / 1e9), journal.backlog(MqttUplink.CURSOR),
                fileBytes >> 20);

        int failuresBefore = UPLINK_FAILURES.size(); // the outage's own "Connection refused" failures are before
        long up = System.nanoTime();
        broker.start();
        long firstCommit = 0;
        long deadline = up + TimeUnit.MINUTES.toNanos(30);
        while (journal.backlog(MqttUplink.CURSOR) > 0 && System.nanoTime() < deadline) {
            if (firstCommit == 0 && journal.backlog(MqttUplink.CURSOR) < n) {
                firstCommit = System.nanoTime();
            }
            Thread.sleep(1);
        }
        long drained = System.nanoTime();
        long left = journal.backlog(MqttUplink.CURSOR);
        while (subscriber.uplink.distinct() < n && System.nanoTime() - drained < TimeUnit.MINUTES.toNanos(2)) {
            Thread.sleep(5);
        }
        long atSubscriber = subscriber.uplink.lastNewNanos();
        Thread.sleep(1000); // late duplicates, if any
        uplink.close();
        camel.stop();
        journal.close();
        subscriber.close();
        broker.stop();
        // first delivery: the first of the uplink's messages at the subscriber, or its first cursor move
        long firstDelivery = Math.min(firstCommit == 0 ? drained : firstCommit,
                subscriber.uplink.firstNanos() == 0 ? drained : subscriber.uplink.firstNanos());
        double drainSeconds = (drained - firstDelivery) / 1e9;
        double drainRate = n / Math.max(drainSeconds, 1e-9);
        double upToSubscriber = (atSubscriber - up) / 1e9;
        double firstToSubscriber = (atSubscriber - firstDelivery) / 1e9;
        System.out.printf("drain: broker up -> first delivery %.2f s (uplink back-off), drain %.2f s, cursor at head after "
                        + "%.2f s, subscriber complete after %.2f s; distinct %,d raw %,d%n", (firstDelivery - up) / 1e9,
                drainSeconds, (drained - up) / 1e9, upToSubscriber, subscriber.uplink.distinct(), subscriber.uplink.raw());
        String rate = "%12.2f s = %,9.0f readings/s";
        results.put("(b) backlog after the outage", String.format("%,d readings (journal file %,d MB, %,d B/reading)", n,
                fileBytes >> 20, fileBytes / Math.max(1, n)));
        results.put("(b) uplink batchSize; broker receive maximum", String.format("%12d; %d", drainBatch,
                Integer.getInteger("bench.inflight", 20)));
        results.put("(b) journaling the backlog through the pipeline", String.format("%,12.0f readings/s", n / (fillNanos / 1e9)));
        results.put("(b) raw MQTT 5 publisher, same messages: first publish -> last PUBACK",
                String.format(rate, raw.ackSeconds(), n / raw.ackSeconds()));
        results.put("(b) raw MQTT 5 publisher: first publish -> subscriber has all",
                String.format(rate, raw.subscriberSeconds(), n / raw.subscriberSeconds()));
        results.put("(b) broker up -> first delivery (uplink back-off)", String.format("%12.2f s", (firstDelivery - up) / 1e9));
        results.put("(b) drain: first delivery -> cursor at head", String.format(rate, drainSeconds, drainRate)
                + (left > 0 ? "  NOT DRAINED: " + left + " left" : ""));
        results.put("(b) drain: first delivery -> subscriber has all", String.format(rate, firstToSubscriber,
                n / Math.max(firstToSubscriber, 1e-9)));
        results.put("(b) broker up -> subscriber has all", String.format("%12.2f s", upToSubscriber));
        results.put("(b) lost at the subscriber (by identity)", String.format("%,12d", n - subscriber.uplink.distinct()));
        results.put("(b) duplicated at the subscriber (raw - distinct)", String.format("%,12d",
                subscriber.uplink.raw() - subscriber.uplink.distinct()));
        results.put("(b) uplink failures after the broker was back", failures(failuresBefore));
        results.put("(b) unknown / malformed / keys != payload", String.format("%,12d / %,d / %,d",
                subscriber.uplink.unknown() + subscriber.raw.unknown(), subscriber.malformed(), subscriber.keyMismatches()));
        results.put("(b) goal: drain <= 10 s, 0 lost, 0 duplicated", drainSeconds <= 10 && left == 0
                && subscriber.uplink.distinct() == n && subscriber.uplink.raw() == n ? "met" : "NOT met");
        results.put("(b) ratio: drain rate (first delivery -> cursor at head) / raw rate (first publish -> last PUBACK)",
                String.format("%12.3f", drainRate / (n / raw.ackSeconds())));
        ratio = drainRate / (n / raw.ackSeconds());
    }

    /** The hub's default uplink batchSize ({@code MqttUplinkConfig.batchSize}). */
    private static final int UPLINK_DEFAULT_BATCH = 5000;

    /** How long the raw publisher took for its copy: until its last PUBACK, and until the subscriber had all. */
    record RawRun(double ackSeconds, double subscriberSeconds) {
    }

    private RawRun rawDrainBaseline(BenchBroker broker, Counting subscriber, List<Outgoing> messages, long n)
            throws InterruptedException {
        Mqtt5AsyncClient client = Mqtt5Client.builder().identifier("bench-raw-drain").serverHost("127.0.0.1")
                .serverPort(broker.port()).buildAsync();
        client.connect().join();
        long t0 = System.nanoTime();
        List<CompletableFuture<Mqtt5PublishResult>> acks = new ArrayList<>(messages.size());
        for (Outgoing m : messages) {
            acks.add(client.publish(Mqtt5Publish.builder().topic(m.topic()).qos(MqttQos.AT_LEAST_ONCE).payload(m.payload())
                    .contentType("application/json").payloadFormatIndicator(Mqtt5PayloadFormatIndicator.UTF_8)
                    .userProperties().add(KEYS, m.keys()).add(MqttUplink.HUB_PROPERTY, HUB).applyUserProperties().build()));
        }
        long failed = acks.stream().map(CompletableFuture::join).filter(r -> r.getError().isPresent()
                || ((Mqtt5PublishResult.Mqtt5Qos1Result) r).getPubAck().getReasonCode().isError()).count();
        long acked = System.nanoTime() - t0;
        while (subscriber.raw.distinct() < n && System.nanoTime() - t0 < TimeUnit.MINUTES.toNanos(2)) {
            Thread.sleep(5);
        }
        long all = subscriber.raw.lastNewNanos() - t0;
        client.disconnect().join();
        System.out.printf("raw publisher, the uplink's messages for the backlog: %,d messages (%,d readings) acknowledged in "
                + "%.2f s, %d refused; at the subscriber after %.2f s (%,d of %,d)%n", messages.size(), n, acked / 1e9,
                failed, all / 1e9, subscriber.raw.distinct(), n);
        return new RawRun(acked / 1e9, all / 1e9);
    }

    /** The messages the uplink sends for readings 0..polls*10 read in batches of {@code batchSize}, on {@link #RAW_PREFIX}. */
    private static List<Outgoing> uplinkMessages(Workload workload, long polls, int batchSize) throws WireFormatException {
        ReadingJson json = new ReadingJson();
        List<Outgoing> out = new ArrayList<>();
        List<Reading> chunk = new ArrayList<>(batchSize);
        for (long p = 0; p < polls; p++) {
            for (Reading r : workload.poll(p)) {
                chunk.add(r);
                if (chunk.size() == batchSize) {
                    uplinkGroup(json, chunk, out);
                    chunk.clear();
                }
            }
        }
        if (!chunk.isEmpty()) {
            uplinkGroup(json, chunk, out);
        }
        return out;
    }

    private static void uplinkGroup(ReadingJson json, List<Reading> chunk, List<Outgoing> out) throws WireFormatException {
        Map<String, List<Reading>> byDevice = new LinkedHashMap<>();
        for (Reading r : chunk) {
            byDevice.computeIfAbsent(r.device(), d -> new ArrayList<>()).add(r);
        }
        for (Map.Entry<String, List<Reading>> e : byDevice.entrySet()) {
            List<byte[]> objects = new ArrayList<>(e.getValue().size());
            for (Reading r : e.getValue()) {
                objects.add(json.write(r, HUB));
            }
            out.add(new Outgoing(RAW_PREFIX + "/" + e.getKey() + "/readings", ReadingJson.joinArray(objects),
                    e.getValue().stream().map(Reading::key).collect(Collectors.joining(",")), e.getValue().size()));
        }
    }

    /** Readings received on one topic prefix, counted by identity. */
    private static final class Tally {
        private final Workload workload;
        private final long expected;
        private final BitSet seen = new BitSet();
        private long raw;
        private long unknown;
        private long distinct;
        private long firstNanos;
        private long lastNewNanos;

        Tally(Workload workload, long expected) {
            this.workload = workload;
            this.expected = expected;
        }

        synchronized void count(List<Reading> readings) {
            long now = System.nanoTime();
            if (firstNanos == 0) {
                firstNanos = now;
            }
            for (Reading r : readings) {
                raw++;
                long i = workload.indexOf(r);
                if (i < 0 || i >= expected) {
                    unknown++;
                } else if (!seen.get((int) i)) {
                    seen.set((int) i);
                    distinct++;
                    lastNewNanos = now;
                }
            }
        }

        synchronized long distinct() {
            return distinct;
        }

        synchronized long raw() {
            return raw;
        }

        synchronized long unknown() {
            return unknown;
        }

        /** When the first message arrived (0: none yet). */
        synchronized long firstNanos() {
            return firstNanos;
        }

        /** When the last reading not seen before arrived. */
        synchronized long lastNewNanos() {
            return lastNewNanos;
        }
    }

    /** A backend subscriber (persistent session, QoS 1) counting readings by identity, the uplink's and the raw publisher's apart. */
    private static final class Counting implements AutoCloseable {
        private final Mqtt5AsyncClient client;
        private final ReadingJson json = new ReadingJson();
        private final Tally uplink;
        private final Tally raw;
        private final AtomicLong malformed = new AtomicLong();
        private final AtomicLong keyMismatches = new AtomicLong();

        Counting(Workload workload, long expected, int port) {
            uplink = new Tally(workload, expected);
            raw = new Tally(workload, expected);
            client = Mqtt5Client.builder().identifier("bench-backend").serverHost("127.0.0.1").serverPort(port)
                    .automaticReconnect().initialDelay(50, TimeUnit.MILLISECONDS).maxDelay(500, TimeUnit.MILLISECONDS)
                    .applyAutomaticReconnect().buildAsync();
            client.publishes(MqttGlobalPublishFilter.ALL, this::received);
            client.connectWith().cleanStart(false).sessionExpiryInterval(3600).send().join();
            client.subscribeWith().addSubscription().topicFilter("heathub/+/readings").qos(MqttQos.AT_LEAST_ONCE)
                    .applySubscription().addSubscription().topicFilter(RAW_PREFIX + "/+/readings").qos(MqttQos.AT_LEAST_ONCE)
                    .applySubscription().send().join();
        }

        private void received(Mqtt5Publish publish) {
            List<Reading> readings;
            try {
                readings = json.readArray(publish.getPayloadAsBytes());
            } catch (WireFormatException e) {
                malformed.incrementAndGet();
                return;
            }
            String payloadKeys = readings.stream().map(Reading::key).collect(Collectors.joining(","));
            String keys = publish.getUserProperties().asList().stream().filter(p -> p.getName().toString().equals(KEYS))
                    .map(p -> p.getValue().toString()).findFirst().orElse(null);
            if (!payloadKeys.equals(keys)) {
                keyMismatches.incrementAndGet();
            }
            (publish.getTopic().toString().startsWith(RAW_PREFIX + "/") ? raw : uplink).count(readings);
        }

        long malformed() {
            return malformed.get();
        }

        long keyMismatches() {
            return keyMismatches.get();
        }

        @Override
        public void close() {
            client.disconnect().join();
        }
    }
    // ---------------------------------------------------------------------------------------------

    /**
     * {@code threads} writers feed polls [from, to) through the pipeline as bus workers do: each
     * hands its polls to the journal through a {@link PollWindow} and goes on, the journal writer
     * commits many polls at once. Returns the elapsed nanos (until every poll was durable and
     * published); prints each poll's submit → durable latency.
     */
    private long produce(ReadingPipeline pipeline, Workload workload, long from, long to) throws Exception {
        AtomicLong next = new AtomicLong(from);
        List<Thread> writers = new ArrayList<>();
        List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        Latencies latencies = new Latencies();
        long t0 = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            Thread w = new Thread(() -> {
                PollWindow window = new PollWindow(pipeline, Integer.parseInt(args.getOrDefault("inFlight",
                        Integer.toString(PollWindow.DEFAULT_MAX_IN_FLIGHT))), latencies::add);
                try {
                    for (long p = next.getAndIncrement(); p < to; p = next.getAndIncrement()) {
                        window.submit(workload.poll(p), failures::add);
                    }
                    window.finishAll();
                } catch (RuntimeException e) {
                    failures.add(e);
                }
            }, "writer-" + t);
            writers.add(w);
            w.start();
        }
        for (Thread w : writers) {
            w.join();
        }
        long nanos = System.nanoTime() - t0;
        if (!failures.isEmpty()) {
            throw new IllegalStateException("a writer failed", failures.get(0));
        }
        lastLatencies = latencies.summary();
        System.out.println("journaling: poll submit -> durable " + lastLatencies);
        return nanos;
    }

    /** Submit → durable latencies of the polls of one run, in microseconds (thread-safe). */
    private static final class Latencies {
        private final java.util.concurrent.ConcurrentLinkedQueue<Long> micros = new java.util.concurrent.ConcurrentLinkedQueue<>();

        void add(long nanos) {
            micros.add(nanos / 1000);
        }

        String summary() {
            long[] sorted = micros.stream().mapToLong(Long::longValue).sorted().toArray();
            if (sorted.length == 0) {
                return "no polls";
            }
            return String.format("p50 %.1f ms, p99 %.1f ms, max %.1f ms (%,d polls)", sorted[sorted.length / 2] / 1e3,
                    sorted[(int) Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)] / 1e3,
                    sorted[sorted.length - 1] / 1e3, sorted.length);
        }
    }

    /** Journal file bytes per reading it holds, as printed in both runs. */
    private static String filePerReading(MvJournal journal, long readings) throws IOException {
        long bytes = Files.size(journal.file());
        return String.format("%,12.0f bytes/reading (file %,d bytes for %,d readings; goal <= 150)",
                (double) bytes / readings, bytes, readings);
    }

    /**
     * The disk's own fsync rate, the ceiling of any durable commit: write 4 KiB and force it, for
     * about a second, in the journal's folder.
     */
    private double rawFsyncsPerSecond(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve("fsync-probe");
        java.nio.ByteBuffer block = java.nio.ByteBuffer.allocate(4096);
        long count = 0;
        long t0 = System.nanoTime();
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE)) {
            while (System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(1)) {
                block.clear();
                ch.write(block, (count % 256) * 4096);
                ch.force(true);
                count++;
            }
        }
        double rate = count / ((System.nanoTime() - t0) / 1e9);
        Files.deleteIfExists(file);
        return rate;
    }

    private MvJournal.Options options() {
        return new MvJournal.Options(MvJournal.Options.DEFAULT_MAX_ENTRIES, sync)
                .withSyncMode(MvJournal.SyncMode.GROUP, Long.parseLong(args.getOrDefault("syncDelayMillis", "0")))
                .withCommitWindow(Long.parseLong(args.getOrDefault("commitWindowMillis",
                        Long.toString(MvJournal.Options.DEFAULT_COMMIT_WINDOW_MILLIS))));
    }

    /** No site applied: the uplink takes its hub id from its configuration ({@link #HUB}). */
    static final io.heathub.config.site.SiteService NO_SITE = (io.heathub.config.site.SiteService) Proxy.newProxyInstance(
            io.heathub.config.site.SiteService.class.getClassLoader(), new Class<?>[] {io.heathub.config.site.SiteService.class},
            (proxy, method, a) -> switch (method.getName()) {
                case "current" -> java.util.Optional.empty();
                case "problems" -> List.of();
                case "subscribe" -> (AutoCloseable) () -> { };
                case "hashCode" -> 0;
                case "equals" -> proxy == a[0];
                case "toString" -> "no site";
                default -> null;
            });
    /** The hub id the uplink writes into every reading and message. */
    static final String HUB = "bench-hub";

    /** The uplink's ConfigAdmin configuration: the given values, every other key at its default. */
    static MqttUplinkConfig config(String url, String clientId, int batchSize) {
        Map<String, Object> values = Map.of("url", url, "clientId", clientId, "batchSize", batchSize, "hubId", HUB);
        return (MqttUplinkConfig) Proxy.newProxyInstance(MqttUplinkConfig.class.getClassLoader(),
                new Class<?>[] {MqttUplinkConfig.class}, (proxy, method, a) -> switch (method.getName()) {
                    case "annotationType" -> MqttUplinkConfig.class;
                    case "toString" -> "bench " + values;
                    case "hashCode" -> values.hashCode();
                    case "equals" -> proxy == a[0];
                    default -> values.containsKey(method.getName()) ? values.get(method.getName()) : method.getDefaultValue();
                });
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
