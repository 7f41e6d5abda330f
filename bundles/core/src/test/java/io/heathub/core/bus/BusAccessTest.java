package io.heathub.core.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static io.heathub.core.bus.BusWorkerTest.device;

import io.heathub.api.driver.Command;
import io.heathub.api.driver.CommandResult;
import io.heathub.api.driver.DeviceConfig;
import io.heathub.api.driver.Link;
import io.heathub.api.hub.BusAccess;
import io.heathub.testkit.InMemoryJournal;
import io.heathub.core.pipeline.ReadingPipeline;
import io.heathub.config.site.BusConfig;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Work queued on a bus through {@link BusAccess}: one owner per line, commands first, never left hanging. */
class BusAccessTest {
    private final ScriptedDriver driver = new ScriptedDriver();
    private final InMemoryJournal journal = new InMemoryJournal();
    private final AtomicInteger linksOpened = new AtomicInteger();
    private final DriverDirectory directory = new OneDriver("scripted", driver);
    private BusWorker worker;

    @AfterEach
    void stop() {
        if (worker != null) {
            worker.close();
        }
    }

    private BusWorker start(LinkOpener links, DeviceConfig... devices) {
        BusConfig bus = new BusConfig("line1", URI.create("tcp://127.0.0.1:1"), Duration.ofSeconds(1), Duration.ZERO,
                "site.yaml:1");
        worker = new BusWorker(bus, List.of(devices), directory, links, new ReadingPipeline(journal), Clock.systemUTC());
        worker.start();
        return worker;
    }

    private LinkOpener loopback() {
        return uri -> {
            linksOpened.incrementAndGet();
            return ScriptedDriver.loopbackLine(uri);
        };
    }

    @Test
    void workRunsOnTheWorkerWithItsLinkAndNeverOverlapsAPoll() throws Exception {
        start(loopback(), device("m1", "link-ok", 5), device("m2", "link-ok", 5));
        BusWorkerTest.await(() -> driver.reads.containsKey("m1") && driver.reads.containsKey("m2"));
        for (int i = 0; i < 20; i++) {
            String seen = worker.runOnLink(link -> {
                int callsBefore = driver.calls.size();
                byte[] reply = link.exchange(new byte[] {1, 7, 7, 7}, (b, n) -> 4, Duration.ofMillis(100), r -> true);
                BusWorkerTest.sleep(10); // a poll running meanwhile would add a call
                return Thread.currentThread().getName() + " " + reply.length + " " + (driver.calls.size() - callsBefore);
            }).get(5, TimeUnit.SECONDS);
            assertThat(seen).isEqualTo("bus-line1-driver-1 4 0"); // the bus's driver-call thread, never a caller's
        }
        // Polls went on between the pieces of work, on the same single link.
        assertThat(driver.reads.get("m1").get()).isGreaterThan(1);
        assertThat(linksOpened.get()).isEqualTo(1);
        // The work's exchanges are the line's: counted in its statistics like a poll's.
        assertThat(worker.busStatus().requests()).isGreaterThanOrEqualTo(20 + driver.reads.get("m1").get());
    }

    @Test
    void queuedCommandsRunBeforeQueuedWorkAndWorkBeforeTheNextPoll() throws Exception {
        driver.silentDelayMillis = 300;
        start(loopback(), device("slow", "silent", 10), device("v1", "ok", 60_000));
        BusWorkerTest.await(() -> driver.calls.contains("read slow"));
        // The worker is inside a 300 ms poll: queue work first, then a command.
        CompletableFuture<Integer> work = worker.runOnLink(link -> {
            driver.calls.add("work");
            return driver.calls.size();
        });
        CompletableFuture<CommandResult> command =
                worker.submit(new Command("r-1", "v1", "valve.state", BigDecimal.ONE, "test"));
        work.get(5, TimeUnit.SECONDS);
        assertThat(command.get(5, TimeUnit.SECONDS).status()).isEqualTo(CommandResult.Status.DONE);
        int commandAt = driver.calls.indexOf("command v1");
        int workAt = driver.calls.indexOf("work");
        assertThat(commandAt).isLessThan(workAt);
        // Nothing else between the command and the work: the next poll waited for both.
        assertThat(workAt - commandAt).isEqualTo(1);
    }

    @Test
    void anUnknownBusIsRefusedNamingTheBusesThereAre() {
        start(loopback(), device("m1", "ok", 1000));
        var stage = BusLookup.run(List.of(worker), "nope", link -> "never");
        assertThatThrownBy(() -> stage.toCompletableFuture().get(1, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause()
                .isInstanceOf(IllegalArgumentException.class).hasMessage("no bus 'nope' in the running site (buses: [line1])");
        assertThat(BusLookup.deviceAt(List.of(worker), "line1", " ok ")).contains("m1");
        assertThat(BusLookup.deviceAt(List.of(worker), "line1", "2")).isEmpty();
        assertThat(BusLookup.deviceAt(List.of(worker), "nope", "ok")).isEmpty();
    }

    @Test
    void stoppingTheBusCompletesPendingWorkExceptionallyAndPendingCommandsAsFailed() throws Exception {
        driver.silentDelayMillis = 400;
        start(loopback(), device("slow", "silent", 10));
        BusWorkerTest.await(() -> driver.calls.contains("read slow"));
        List<CompletableFuture<String>> pending = List.of(worker.runOnLink(link -> "a"), worker.runOnLink(link -> "b"));
        CompletableFuture<CommandResult> command =
                worker.submit(new Command("r-9", "slow", "valve.state", BigDecimal.ONE, "test"));
        worker.close();
        assertThat(command.get(1, TimeUnit.SECONDS)).isEqualTo(CommandResult.failed("r-9",
                "bus line1 stopped (site reload or shutdown) before the command ran"));
        assertThat(worker.submit(new Command("r-10", "slow", "valve.state", BigDecimal.ONE, "test"))
                .get(1, TimeUnit.SECONDS).status()).isEqualTo(CommandResult.Status.FAILED);
        for (CompletableFuture<String> p : pending) {
            assertThatThrownBy(() -> p.get(1, TimeUnit.SECONDS)).cause().isInstanceOf(IllegalStateException.class)
                    .hasMessage("bus line1 stopped (site reload or shutdown) before the work ran");
        }
        // Work asked for after the stop is refused at once too, never left hanging.
        assertThatThrownBy(() -> worker.runOnLink(link -> "late").get(1, TimeUnit.SECONDS)).cause()
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aLinkThatCannotBeOpenedFailsTheWorkAndWhatTheWorkThrowsReachesTheAsker() {
        start(uri -> {
            throw new IOException("connection refused (test)");
        });
        assertThatThrownBy(() -> worker.runOnLink(link -> "never").get(5, TimeUnit.SECONDS)).cause()
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("bus line1 (tcp://127.0.0.1:1): cannot open link: connection refused (test)");
        worker.close();

        start(loopback());
        assertThatThrownBy(() -> worker.runOnLink((Link link) -> {
            throw new IOException("peer closed (test)");
        }).get(5, TimeUnit.SECONDS)).cause().isInstanceOf(IOException.class).hasMessage("peer closed (test)");
        // The worker survives a failing piece of work.
        assertThat(worker.runOnLink(link -> "still there").join()).isEqualTo("still there");
    }
}
