package io.heathub.core;

import io.heathub.testkit.InMemoryJournal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.heathub.api.Reading;
import io.heathub.api.Unit;
import io.heathub.api.hub.DeviceStatus;
import io.heathub.core.command.CommandAudit;
import io.heathub.core.command.CommandBook;
import io.heathub.core.site.SiteKeeper;
import io.heathub.wire.ReadingInput;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Core's hub as a whole: the door of its reading sink, and the watchdog of its buses. */
class HubWatchdogAndDoorTest {
    private static final String SITE = """
            site: { id: t, zone: UTC }
            buses:
              - { id: line, uri: "tcp://127.0.0.1:9" }
            devices:
              - { id: m1, bus: line, driver: scripted, address: a1, pollInterval: 50ms }
            """;

    @TempDir
    Path dir;

    private final HeldDriver driver = new HeldDriver();
    private final InMemoryJournal journal = new InMemoryJournal();
    private SiteKeeper sites;
    private HubComponent hub;

    @BeforeEach
    void start() throws Exception {
        sites = TestSites.started(dir, SITE);
        // driver calls (and so a silent worker) may take 300 ms here
        hub = new HubComponent(journal, sites, dir.resolve("data"), new HubSettings(ReadingInput.Window.DEFAULT,
                Duration.ofHours(1), Duration.ofMillis(300), CommandBook.Retention.DEFAULT, CommandAudit.Retention.DEFAULT),
                Clock.systemUTC(), System::nanoTime);
        hub.addTransport(new QuietTransport());
        hub.addDriver(driver);
    }

    @AfterEach
    void stop() {
        hub.deactivate();
        sites.close();
    }

    private static Reading reading(String value, Instant time) {
        return Reading.good("forecast", "temp.outdoor", new BigDecimal(value), Unit.CELSIUS, time);
    }

    @Test
    void readingsFromOutsideFailingTheDoorAreRefusedAndNothingOfTheirBatchIsKept() throws Exception {
        Instant now = Instant.now();
        List<Reading> hostile = List.of(reading("-3", now), reading("1e10000", now));
        assertThatThrownBy(() -> hub.accept(hostile)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("readings refused, none accepted: reading [1] (forecast temp.outdoor): value: 1E+10000 has"
                        + " more than 20 digits before the point");
        assertThatThrownBy(() -> hub.accept(List.of(reading("-3", Instant.parse("+300000000-01-01T00:00:00Z")))))
                .hasMessageContaining("reading [0] (forecast temp.outdoor): time: +300000000-01-01T00:00:00Z is")
                .hasMessageContaining("days ahead of the hub's clock");
        assertThatThrownBy(() -> hub.accept(List.of(reading("-3", Instant.parse("2099-01-01T00:00:00Z")))))
                .hasMessageContaining("at most 7 days ahead");
        assertThatThrownBy(() -> hub.accept(List.of(Reading.good("bus:line", "bus.requests", BigDecimal.ONE, Unit.NONE,
                now)))).hasMessageContaining("device: \"bus:line\" is not a device id");
        assertThat(journal.all()).noneMatch(r -> r.device().equals("forecast") || r.device().startsWith("bus:"));

        // a 72 h forecast and a backfill of last month are fine; an over-long reason from a feature is cut
        Reading longWhy = new Reading("heat-1", "alarm.stuckCounter", BigDecimal.ONE, Unit.NONE, now,
                io.heathub.api.Quality.GOOD, "x".repeat(10_000));
        List<Reading> taken = hub.accept(List.of(reading("-18.5", now.plus(Duration.ofHours(72))),
                reading("-1", now.minus(Duration.ofDays(30))), longWhy));
        assertThat(taken).hasSize(3);
        assertThat(taken.get(2).reason()).hasSize(4096).endsWith("… (10000 characters, cut)");
    }

    @Test
    void aBusStuckOutsideItsDriversIsRestartedShownAndNeverLeftWithMoreThanOneStuckThread() throws Exception {
        CountDownLatch journalBack = new CountDownLatch(1);
        AtomicInteger blocked = new AtomicInteger();
        // a feature's listener that stops returning (as a journal on a dead disk would)
        hub.subscribe(readings -> {
            if (readings.get(0).device().equals("m1")) {
                blocked.incrementAndGet();
                awaitUninterruptibly(journalBack);
            }
        });
        // the first worker blocks, is given up and replaced; the replacement blocks too: shown, not replaced again
        TestSites.await(() -> blocked.get() >= 2 && hub.devices().get(0).lastError().contains(
                "not restarted again while the worker given up before is still stuck"));
        DeviceStatus shown = hub.devices().get(0);
        assertThat(shown.state()).isEqualTo(DeviceStatus.State.FAILING);
        assertThat(shown.lastError()).startsWith("bus line stuck: worker silent for ")
                .contains("while journal append of poll of device m1");
        assertThat(blocked.get()).isEqualTo(2);
        assertThat(Thread.getAllStackTraces().keySet()).filteredOn(t -> t.getName().equals("bus-line")).hasSize(2);

        journalBack.countDown(); // the disk answers again
        long polls = driver.reads.get();
        TestSites.await(() -> driver.reads.get() > polls + 5
                && hub.devices().get(0).state() == DeviceStatus.State.RUNNING);
        assertThat(hub.devices().get(0).lastError()).isEmpty();
        TestSites.await(() -> Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("bus-line")).count() == 1);
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        while (true) {
            try {
                latch.await();
                return;
            } catch (InterruptedException ignored) {
                // stuck for real
            }
        }
    }
}
