package io.heathub.core.bus;

import static org.assertj.core.api.Assertions.assertThat;

import io.heathub.api.Points;
import io.heathub.api.Reading;
import io.heathub.api.Unit;
import io.heathub.api.driver.Command;
import io.heathub.api.driver.CommandResult;
import io.heathub.api.driver.DeviceConfig;
import io.heathub.api.driver.DeviceDriver;
import io.heathub.api.driver.LinkFactory;
import io.heathub.api.driver.LinkTimeoutException;
import io.heathub.api.hub.BusStatus;
import io.heathub.api.hub.DeviceStatus;
import io.heathub.api.hub.DeviceStatus.State;
import io.heathub.testkit.InMemoryJournal;
import io.heathub.core.pipeline.ReadingPipeline;
import io.heathub.config.site.BusConfig;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BusWorkerTest {
    private final ScriptedDriver driver = new ScriptedDriver();
    private final Map<String, DeviceDriver> installed = new ConcurrentHashMap<>();
    private final InMemoryJournal journal = new InMemoryJournal();
    private final ReadingPipeline pipeline = new ReadingPipeline(journal);
    private BusWorker worker;

    private final DriverDirectory directory = new DriverDirectory() {
        @Override
        public Optional<DeviceDriver> driver(String id) {
            return Optional.ofNullable(installed.get(id));
        }

        @Override
        public Set<String> ids() {
            return installed.keySet();
        }
    };

    @AfterEach
    void stop() {
        if (worker != null) {
            worker.close();
        }
    }

    static DeviceConfig device(String id, String address, long pollMillis) {
        return new DeviceConfig(id, "scripted", "line1", address, Map.of(), Duration.ofMillis(pollMillis),
                Path.of("."), "site.yaml:1");
    }

    private BusWorker start(List<DeviceConfig> devices) {
        return start(devices, Duration.ZERO, uri -> new NullLink(uri));
    }

    private BusWorker start(List<DeviceConfig> devices, Duration statistics, LinkOpener links) {
        return start(devices, statistics, links, Clock.systemUTC(), BusWorker.Timing.DEFAULT);
    }

    private BusWorker start(List<DeviceConfig> devices, Duration statistics, LinkOpener links, Clock clock,
                            BusWorker.Timing timing) {
        return start(URI.create("tcp://127.0.0.1:1"), devices, statistics, links, clock, timing);
    }

    private BusWorker start(URI uri, List<DeviceConfig> devices, Duration statistics, LinkOpener links, Clock clock,
                            BusWorker.Timing timing) {
        BusConfig bus = new BusConfig("line1", uri, Duration.ofSeconds(1), statistics, "site.yaml:1");
        worker = new BusWorker(bus, devices, directory, links, pipeline, clock, timing, "");
        worker.start();
        return worker;
    }

    private int reads(String device) {
        AtomicInteger n = driver.reads.get(device);
        return n == null ? 0 : n.get();
    }

    /** A link opener that counts the links it opened. */
    private LinkOpener counting(AtomicInteger opened) {
        return uri -> {
            opened.incrementAndGet();
            return new NullLink(uri);
        };
    }

    @Test
    void eachDeviceIsCalledAtItsOwnSerialSettingsOnARealPortAndItsNeighboursAtTheBuss(@org.junit.jupiter.api.io.TempDir
            Path dir) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(io.heathub.testkit.peers.SocatPtyPair.installed(), "socat");
        try (io.heathub.testkit.peers.SocatPtyPair pty = new io.heathub.testkit.peers.SocatPtyPair(dir)) {
            installed.put("scripted", driver);
            DeviceConfig plain = device("meter-a", "ok", 40);
            DeviceConfig other = device("meter-b", "ok", 40);
            // an IEC 62056-21 meter at 300 7E1 between two 8E1 meters of the bus
            DeviceConfig iec = new DeviceConfig("meter-iec", "scripted", "line1", "ok", Map.of(), Duration.ofMillis(40),
                    Path.of("."), "site.yaml:3", DeviceConfig.DEFAULT_ZONE, io.heathub.api.driver.LineSettings.parse("300 7E1"));
            io.heathub.transport.SerialLinkFactory serial = new io.heathub.transport.SerialLinkFactory();
            start(URI.create("serial:" + pty.hubEnd() + "?baud=9600&parity=even"), List.of(plain, iec, other), Duration.ZERO,
                    serial::open, Clock.systemUTC(), BusWorker.Timing.DEFAULT);
            await(() -> reads("meter-a") >= 4 && reads("meter-iec") >= 4 && reads("meter-b") >= 4);
            worker.close();
            List<String> seen = List.copyOf(driver.lineAtRead);
            assertThat(seen).filteredOn(s -> s.startsWith("meter-iec ")).isNotEmpty().allMatch(s -> s.equals("meter-iec 300 7E1"));
            assertThat(seen).filteredOn(s -> !s.startsWith("meter-iec ")).hasSizeGreaterThanOrEqualTo(8)
                    .allMatch(s -> s.endsWith(" 9600 8E1"));
        }
    }

    @Test
    void aDriverThrowingAnErrorAffectsOnlyItsDeviceAndTheLineIsReopened() {
        installed.put("scripted", driver);
        AtomicInteger links = new AtomicInteger();
        start(List.of(device("broken", "error", 50), device("good", "ok", 50)), Duration.ZERO, counting(links));
        await(() -> status("broken").failures() >= 2);
        int good = reads("good");
        await(() -> reads("good") >= good + 5);
        DeviceStatus broken = status("broken");
        assertThat(broken.state()).isEqualTo(State.FAILING);
        assertThat(broken.lastError()).startsWith("driver error: java.lang.NoClassDefFoundError: com/vendor/MeterTable");
        assertThat(status("good").state()).isEqualTo(State.RUNNING);
        // every failure closed the line and opened it again for the others
        assertThat(links.get()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void aHungDriverCallIsAbandonedAtItsDeadlineAndOnlyItsDeviceWaits() {
        installed.put("scripted", driver);
        AtomicInteger links = new AtomicInteger();
        start(List.of(device("stuck", "hang", 50), device("good", "ok", 50)), Duration.ZERO, counting(links),
                Clock.systemUTC(), new BusWorker.Timing(Duration.ofMillis(300), System::nanoTime));
        await(() -> status("stuck").state() == State.FAILING);
        assertThat(status("stuck").lastError()).startsWith("driver 'scripted' hung: poll of device stuck did not return"
                + " within 300 ms; abandoned (thread bus-line1-driver-").contains("device not called again until that"
                + " call returns");
        int good = reads("good");
        await(() -> reads("good") >= good + 10);
        // the hung call is not repeated while its thread is still inside the driver
        assertThat(reads("stuck")).isEqualTo(1);
        assertThat(links.get()).isEqualTo(2);

        driver.release.countDown(); // the native call returns at last
        await(() -> reads("stuck") >= 3 && status("stuck").state() == State.RUNNING);
    }

    @Test
    void aListenerErrorDoesNotEndTheWorkerWhileItsDevicesLookAlive() {
        installed.put("scripted", driver);
        AtomicInteger thrown = new AtomicInteger();
        pipeline.subscribe(readings -> {
            if (thrown.getAndIncrement() == 0) {
                throw new StackOverflowError("a feature recursed");
            }
        });
        start(List.of(device("m1", "ok", 30)));
        await(() -> thrown.get() >= 5);
        assertThat(status("m1").state()).isEqualTo(State.RUNNING);
    }

    @Test
    void pollsKeepTheirPaceWhenTheWallClockJumpsYearsBackOrAhead() {
        installed.put("scripted", driver);
        MovableClock wall = new MovableClock();
        start(List.of(device("m1", "ok", 100)), Duration.ofMillis(500), uri -> new NullLink(uri), wall,
                BusWorker.Timing.DEFAULT);
        await(() -> reads("m1") >= 3);

        wall.jump(Duration.ofDays(-5 * 365));
        int before = reads("m1");
        sleep(1_000);
        assertThat(reads("m1") - before).as("polls in 1 s after the clock went 5 years back")
                .isBetween(5, 13); // 10 at this pace; a stalled schedule gives 0

        wall.jump(Duration.ofDays(10 * 365));
        before = reads("m1");
        sleep(1_000);
        assertThat(reads("m1") - before).as("polls in 1 s after it went 10 years ahead")
                .isBetween(5, 13); // 10 at this pace; a stalled schedule gives 0
        // the line statistics kept their interval too, time-stamped by the wall clock whatever it says
        sleep(600);
        assertThat(busReadings(Points.BUS_REQUESTS)).last()
                .satisfies(r -> assertThat(r.time()).isAfter(java.time.Instant.now().plus(Duration.ofDays(4 * 365))));
    }

    /** A wall clock a test can set back or forward. */
    private static final class MovableClock extends Clock {
        private volatile Duration offset = Duration.ZERO;

        void jump(Duration by) {
            offset = offset.plus(by);
        }

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public java.time.Instant instant() {
            return java.time.Instant.now().plus(offset);
        }
    }

    private DeviceStatus status(String id) {
        return worker.status().stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void devicesWaitForTheirDriverAndStartWhenItAppears() {
        start(List.of(device("m1", "ok", 50)));
        await(() -> status("m1").lastError().contains("driver 'scripted' is not installed"));
        assertThat(status("m1").state()).isEqualTo(State.WAITING_FOR_DRIVER);
        assertThat(journal.all()).isEmpty();

        installed.put("scripted", driver);
        worker.driversChanged();
        await(() -> journal.all().size() >= 3);
        assertThat(status("m1").state()).isEqualTo(State.RUNNING);
        assertThat(status("m1").polls()).isGreaterThanOrEqualTo(3);
        assertThat(pipeline.latest()).extracting(r -> r.device()).containsExactly("m1");
    }

    @Test
    void removingTheDriverClosesSessionsBeforeReturning() {
        installed.put("scripted", driver);
        start(List.of(device("m1", "ok", 50), device("m2", "ok", 50)));
        await(() -> status("m1").polls() > 0 && status("m2").polls() > 0);

        installed.remove("scripted");
        worker.driversChanged();
        assertThat(driver.closed.get()).isEqualTo(2);
        assertThat(worker.status()).extracting(DeviceStatus::state).containsOnly(State.WAITING_FOR_DRIVER);
        int callsAfter = driver.calls.size();
        sleep(300);
        assertThat(driver.calls).hasSize(callsAfter);
    }

    @Test
    void aSilentDeviceIsBackedOffAndDoesNotStallTheLine() {
        installed.put("scripted", driver);
        driver.silentDelayMillis = 100;
        start(List.of(device("silent", "silent", 100), device("good", "ok", 100)));
        sleep(3_000);
        int silent = driver.reads.get("silent").get();
        int good = driver.reads.get("good").get();
        // Without back-off the silent meter would be tried ~30 times and the good one starved.
        assertThat(good).isGreaterThanOrEqualTo(20);
        assertThat(silent).isBetween(3, 8);
        DeviceStatus s = status("silent");
        assertThat(s.state()).isEqualTo(State.FAILING);
        assertThat(s.lastError()).startsWith("TIMEOUT: no reply within 100 ms");
        assertThat(driver.callThreads).containsExactly("bus-line1-driver-1"); // one thread for every driver call of the bus
    }

    @Test
    void aCommandThatComesBeforeTheTransportBoundAtStartUpWaitsForItInsteadOfFailing() throws Exception {
        installed.put("scripted", driver);
        java.util.concurrent.atomic.AtomicBoolean transport = new java.util.concurrent.atomic.AtomicBoolean();
        start(List.of(device("v1", "ok", 10_000)), Duration.ZERO, uri -> {
            if (!transport.get()) {
                throw new java.io.IOException("no transport installed for scheme 'tcp' (installed: [])");
            }
            return new NullLink(uri);
        });
        await(() -> status("v1").state() == State.BUS_DOWN);
        // a backend's pending command, fetched the moment the hub started
        java.util.concurrent.CompletableFuture<CommandResult> early =
                worker.submit(new Command("r-early", "v1", "valve.state", BigDecimal.ONE, "test"));
        Thread.sleep(300);
        assertThat(early).as("held, not failed").isNotDone();
        transport.set(true);
        worker.linksChanged(); // the transport service arrived
        assertThat(early.get(5, java.util.concurrent.TimeUnit.SECONDS).status()).isEqualTo(CommandResult.Status.DONE);
        assertThat(driver.calls).contains("command v1");
    }

    @Test
    void commandsGoAheadOfPolls() throws Exception {
        installed.put("scripted", driver);
        driver.silentDelayMillis = 200;
        start(List.of(device("s1", "silent", 10), device("s2", "silent", 10), device("v1", "ok", 10_000)));
        await(() -> driver.reads.containsKey("s2"));
        int callsAtSubmit = driver.calls.size();
        long submitted = System.nanoTime();
        CommandResult result = worker.submit(new Command("r-1", "v1", "valve.state", BigDecimal.ONE, "test"))
                .get(2, java.util.concurrent.TimeUnit.SECONDS);
        long tookMillis = (System.nanoTime() - submitted) / 1_000_000;
        assertThat(result.status()).isEqualTo(CommandResult.Status.DONE);
        int commandAt = driver.calls.indexOf("command v1");
        // Only the poll already on the wire may finish first: both silent meters are due all the time.
        assertThat(commandAt - callsAtSubmit).isLessThanOrEqualTo(1);
        assertThat(tookMillis).isLessThan(1_000);
        assertThat(worker.submit(new Command("r-2", "nope", "valve.state", BigDecimal.ONE, "test")).get().status())
                .isEqualTo(CommandResult.Status.REFUSED);
    }

    @Test
    void aDeviceTheDriverRefusesIsReportedAndNotPolled() {
        installed.put("scripted", driver);
        start(List.of(device("b1", "bad", 50), device("m1", "ok", 50)));
        await(() -> status("m1").polls() >= 2);
        assertThat(status("b1").state()).isEqualTo(State.CONFIG_ERROR);
        assertThat(status("b1").lastError()).isEqualTo("address 'bad' is not a valid test address");
        assertThat(driver.reads).doesNotContainKey("b1");
    }

    @Test
    void readingsRefusedByTheJournalAreNotAcknowledged() {
        installed.put("scripted", driver);
        journal.refuse(true);
        start(List.of(device("m1", "ok", 50)));
        await(() -> status("m1").failures() >= 1);
        assertThat(status("m1").lastError()).contains("journal refused readings: disk full (test)");
        assertThat(pipeline.latest()).isEmpty();
        journal.refuse(false);
        await(() -> !journal.all().isEmpty());
        await(() -> status("m1").state() == State.RUNNING);
    }

    @Test
    void lineStatisticsArePublishedAsPerIntervalReadingsOfTheBus() {
        installed.put("scripted", driver);
        start(List.of(device("ok", "link-ok", 20), device("silent", "link-silent", 20),
                device("garbled", "link-garbled", 20)), Duration.ofMillis(400), ScriptedDriver::loopbackLine);
        await(() -> busReadings(Points.BUS_REQUESTS).size() >= 3);
        worker.close(); // totals between exchanges: a request counted before its bytes are is no mismatch
        BusStatus totals = worker.busStatus();

        long requests = sum(Points.BUS_REQUESTS);
        long timeouts = sum(Points.BUS_TIMEOUTS);
        long checksum = sum(Points.BUS_CHECKSUM_ERRORS);
        // Every published interval is a share of the running totals, never more.
        assertThat(requests).isPositive().isLessThanOrEqualTo(totals.requests());
        assertThat(timeouts).isPositive().isLessThanOrEqualTo(totals.timeouts());
        assertThat(checksum).isPositive().isLessThanOrEqualTo(totals.checksumErrors());
        // The silent device is backed off, the others answer: fewer timeouts than requests.
        assertThat(timeouts).isLessThan(requests);
        assertThat(sum(Points.BUS_OTHER_ERRORS)).isZero();
        assertThat(totals.bytesSent()).isEqualTo(totals.requests() * 4);
        assertThat(totals.bytesReceived()).isEqualTo((totals.requests() - totals.timeouts()) * 4);
        assertThat(busReadings(Points.BUS_UTILISATION)).allSatisfy(r -> {
            assertThat(r.unit()).isEqualTo(Unit.PERCENT);
            assertThat(r.value().doubleValue()).isBetween(0.0, 100.0);
        });
        // A timed-out exchange holds the line for its 50 ms timeout: the line was visibly busy.
        assertThat(busReadings(Points.BUS_UTILISATION)).anySatisfy(r -> assertThat(r.value().doubleValue()).isPositive());
    }

    @Test
    void aLineThatKeepsItsScheduleShowsPollsStartingOnTimeAndAnOverloadedOneShowsThemLate() {
        installed.put("scripted", driver);
        driver.silentDelayMillis = 100;
        // 100 ms exchanges every 400 ms: a quarter of the line's time, every poll in its slot
        start(List.of(device("kept", "slow", 400)), Duration.ofMillis(1_000), uri -> new NullLink(uri));
        await(() -> reads("kept") >= 6);
        BusStatus kept = worker.busStatus();
        worker.close();
        // three 100 ms exchanges due every 100 ms: each device waits for the other two
        start(List.of(device("a", "slow", 100), device("b", "slow", 100), device("c", "slow", 100)),
                Duration.ofMillis(1_000), uri -> new NullLink(uri));
        await(() -> reads("a") >= 14);
        BusStatus overloaded = worker.busStatus();

        assertThat(kept.pollLatenessMaxMillis()).isLessThan(100);
        assertThat(kept.pollLatenessMeanMillis()).isLessThanOrEqualTo(kept.pollLatenessMaxMillis());
        assertThat(kept.utilisationPercent()).isBetween(15.0, 50.0);
        assertThat(overloaded.pollLatenessMeanMillis()).isGreaterThan(50);
        assertThat(overloaded.pollLatenessMaxMillis()).isGreaterThanOrEqualTo(overloaded.pollLatenessMeanMillis());
        assertThat(overloaded.utilisationPercent()).isGreaterThan(90);
    }

    private List<Reading> busReadings(String point) {
        return journal.all().stream().filter(r -> r.device().equals("bus:line1") && r.point().equals(point)).toList();
    }

    private long sum(String point) {
        return busReadings(point).stream().mapToLong(r -> r.value().longValueExact()).sum();
    }

    static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            sleep(10);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The scripted driver never touches the link. */
    private record NullLink(URI target) implements LinkFactory.ManagedLink {
        @Override
        public String uri() {
            return target.toString();
        }

        @Override
        public void send(byte[] frame) throws IOException {
            throw new IOException("not used");
        }

        @Override
        public byte[] receive(FrameBoundary frame, Duration timeout) throws IOException {
            throw new LinkTimeoutException("not used", new byte[0]);
        }

        @Override
        public void purge() {
        }

        @Override
        public void close() {
        }
    }
}
