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
        BusConfig bus = new BusConfig("line1", URI.create("tcp://127.0.0.1:1"), Duration.ofSeconds(1), statistics,
                "site.yaml:1");
        worker = new BusWorker(bus, devices, directory, links, pipeline, Clock.systemUTC());
        worker.start();
        return worker;
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
        assertThat(driver.callThreads).containsExactly("bus-line1");
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
