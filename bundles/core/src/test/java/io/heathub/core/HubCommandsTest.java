package io.heathub.core;

import io.heathub.testkit.InMemoryJournal;
import static org.assertj.core.api.Assertions.assertThat;

import io.heathub.api.driver.Command;
import io.heathub.api.driver.CommandResult;
import io.heathub.api.driver.CommandResult.Status;
import io.heathub.api.rest.JsonText;
import io.heathub.api.rest.RestRequest;
import io.heathub.api.rest.RestResponse;
import io.heathub.core.command.CommandBook;
import io.heathub.core.site.SiteKeeper;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Commands through core's command service as every asker sends them, with the site owner and a
 * driver whose commands can be held mid-execution: one outcome per request id, kept across site
 * reloads and across restarts of core on the same data folder; what is open when the bus or the
 * hub stops always ends.
 */
class HubCommandsTest {
    private static final String SITE = """
            site: { id: t, zone: UTC }
            buses:
              - { id: line, uri: "tcp://127.0.0.1:9" }
            devices:
              - { id: v1, bus: line, driver: scripted, address: a1, pollInterval: 50ms }
              - { id: v2, bus: line, driver: scripted, address: a2, pollInterval: 50ms }
            commands: { maxPerDevicePerMinute: 3 }
            """;

    @TempDir
    Path dir;

    private final HeldDriver driver = new HeldDriver();
    private final List<HubComponent> hubs = new ArrayList<>();
    private SiteKeeper sites;
    private HubComponent hub;

    @BeforeEach
    void start() throws Exception {
        sites = TestSites.started(dir, SITE);
        hub = open(dir.resolve("data"));
    }

    @AfterEach
    void stop() {
        driver.release();
        hubs.forEach(HubComponent::deactivate);
        sites.close();
    }

    /** Core's hub on a data folder, with its driver and transport bound as DS would. */
    private HubComponent open(Path data) {
        HubComponent h = new HubComponent(new InMemoryJournal(), sites, data);
        h.addTransport(new QuietTransport());
        h.addDriver(driver);
        hubs.add(h);
        TestSites.await(() -> h.devices().stream().allMatch(d -> d.polls() > 0));
        return h;
    }

    private static Command valve(String requestId, String device, String value, String asker) {
        return new Command(requestId, device, "valve.state", new BigDecimal(value), asker);
    }

    private static CommandResult outcome(java.util.concurrent.CompletionStage<CommandResult> stage) throws Exception {
        return stage.toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    @Test
    void aRetryWithTheSameRequestIdIsAnsweredWithTheSameOutcomeAndNeverRunsTwice() throws Exception {
        CommandResult first = outcome(hub.submit(valve("r-1", "v1", "1", "mqtt:billing")));
        assertThat(first.status()).isEqualTo(Status.DONE);
        CommandResult retry = outcome(hub.submit(valve("r-1", "v1", "1", "rest:10.0.0.7")));
        assertThat(retry).isEqualTo(first);
        assertThat(driver.executed("r-1")).isEqualTo(1);
        assertThat(hub.result("r-1")).contains(first);

        CommandResult other = outcome(hub.submit(valve("r-1", "v1", "0", "rest:10.0.0.7")));
        assertThat(other.status()).isEqualTo(Status.REFUSED);
        assertThat(other.message()).startsWith("requestId r-1 was used for another command (v1 valve.state=1 from"
                + " mqtt:billing at ");
        assertThat(hub.result("r-1")).contains(first); // the refusal of the reuse did not replace it

        // while it runs, a retry waits for the same outcome
        driver.holdCommands();
        CompletableFuture<CommandResult> running = hub.submit(valve("r-2", "v2", "1", "mqtt")).toCompletableFuture();
        assertThat(driver.started.tryAcquire(2, 5, TimeUnit.SECONDS)).isTrue(); // r-1, then r-2
        CompletableFuture<CommandResult> again = hub.submit(valve("r-2", "v2", "1", "rest:x")).toCompletableFuture();
        assertThat(hub.result("r-2")).hasValueSatisfying(r -> assertThat(r.status()).isEqualTo(Status.ACCEPTED));
        assertThat(again).isNotDone();
        driver.release();
        assertThat(outcome(again)).isEqualTo(outcome(running));
        assertThat(outcome(again).status()).isEqualTo(Status.DONE);
        assertThat(driver.executed("r-2")).isEqualTo(1);
        assertThat(hub.result("nope")).isEmpty();
    }

    @Test
    void theOutcomeIsServedAtGetApiCommandsRequestId() throws Exception {
        outcome(hub.submit(valve("r-7", "v1", "1", "rest:10.0.0.7")));
        RestResponse found = hub.handle(get("/r-7"));
        assertThat(found.status()).isEqualTo(200);
        assertThat(((JsonText) ((RestResponse.Value) found).value()).json())
                .startsWith("{\"requestId\":\"r-7\",\"device\":\"v1\",\"point\":\"valve.state\",\"status\":\"DONE\","
                        + "\"message\":\"\",\"readBack\":1,\"time\":\"");
        assertThat(hub.handle(get("/r-8")).status()).isEqualTo(404);
        assertThat(hub.handle(get("/r 8")).status()).isEqualTo(400);
        assertThat(hub.handle(get("")).status()).isEqualTo(400);
        assertThat(hub.handle(new RestRequest("POST", "/commands/r-7", "/r-7", Map.of(), new byte[0],
                "application/json", "rest:x")).status()).isEqualTo(405);
    }

    private static RestRequest get(String subPath) {
        return new RestRequest("GET", "/commands" + subPath, subPath, Map.of(), null, null, "rest:x");
    }

    @Test
    void aSiteReloadEndsTheQueuedAndTheRunningCommandFailedAndKeepsTheirOutcome() throws Exception {
        driver.holdCommands();
        CompletableFuture<CommandResult> runningOne = hub.submit(valve("r-a", "v1", "1", "control")).toCompletableFuture();
        assertThat(driver.started.tryAcquire(5, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<CommandResult> queued = hub.submit(valve("r-b", "v2", "1", "control")).toCompletableFuture();

        // a device edit restarts the bus: the queued command never runs, the running one is abandoned
        Files.writeString(dir.resolve("site.yaml"), SITE.replace("address: a2", "address: a3"));
        sites.checkNow();

        CommandResult a = outcome(runningOne);
        CommandResult b = outcome(queued);
        assertThat(b.status()).isEqualTo(Status.FAILED);
        assertThat(b.message()).isEqualTo("bus line stopped (site reload or shutdown) before the command ran");
        assertThat(a.status()).isEqualTo(Status.FAILED);
        assertThat(a.message()).startsWith("the driver did not finish the command: bus line stopped while command r-a"
                + " for device v1 was running; abandoned").endsWith("(whether the device applied it is unknown)");
        assertThat(driver.executed("r-b")).isZero();
        assertThat(hub.result("r-a")).contains(a);
        assertThat(hub.result("r-b")).contains(b);
        assertThat(auditStatuses(dir.resolve("data"), "r-a")).containsExactly("ACCEPTED", "FAILED");
        assertThat(auditStatuses(dir.resolve("data"), "r-b")).containsExactly("ACCEPTED", "FAILED");
    }

    @Test
    void aRestartEndsWhatIsOpenAndTheNextHubKnowsEveryOutcome() throws Exception {
        CommandResult done = outcome(hub.submit(valve("r-c", "v1", "1", "mqtt")));
        outcome(hub.submit(valve("r-c2", "v1", "0", "mqtt")));
        driver.holdCommands();
        CompletableFuture<CommandResult> runningOne = hub.submit(valve("r-d", "v1", "1", "mqtt")).toCompletableFuture();
        assertThat(driver.started.tryAcquire(3, 5, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<CommandResult> queued = hub.submit(valve("r-e", "v2", "1", "rest:x")).toCompletableFuture();

        // answers that are not outcomes: r-c reused for another value, r-h malformed
        assertThat(outcome(hub.submit(valve("r-c", "v1", "0", "mqtt"))).status()).isEqualTo(Status.REFUSED);
        assertThat(outcome(hub.submit(valve("r-h", "v2", "1e10000", "mqtt"))).message())
                .isEqualTo("command r-h: value: 1E+10000 has more than 20 digits before or after the point");

        hub.deactivate(); // shutdown, a journal reconfiguration: the same close path
        hubs.remove(hub);
        assertThat(outcome(runningOne).status()).isEqualTo(Status.FAILED);
        assertThat(outcome(queued).status()).isEqualTo(Status.FAILED);

        driver.release();
        HubComponent next = open(dir.resolve("data"));
        assertThat(next.result("r-c")).contains(done);
        assertThat(next.result("r-d")).contains(outcome(runningOne));
        assertThat(next.result("r-e")).contains(outcome(queued));
        // retries after the restart: answered, not run
        assertThat(outcome(next.submit(valve("r-c", "v1", "1", "rest:y")))).isEqualTo(done);
        assertThat(outcome(next.submit(valve("r-e", "v2", "1", "mqtt")))).isEqualTo(outcome(queued));
        assertThat(driver.executed("r-c")).isEqualTo(1);
        assertThat(driver.executed("r-e")).isZero();
        // the malformed r-h never had an outcome: sent right, it runs
        assertThat(outcome(next.submit(valve("r-h", "v2", "1", "mqtt"))).status()).isEqualTo(Status.DONE);
        // three commands for v1 within the minute before the restart: its rate limit still holds
        CommandResult fourth = outcome(next.submit(valve("r-f", "v1", "1", "mqtt")));
        assertThat(fourth.status()).isEqualTo(Status.REFUSED);
        assertThat(fourth.message()).startsWith("rate limit: 3 commands per minute for device v1");
    }

    @Test
    void aCommandAcceptedWhenTheHubDiedIsClosedFailedWhenTheNextHubStarts() throws Exception {
        driver.holdCommands();
        hub.submit(valve("r-g", "v1", "1", "mqtt"));
        assertThat(driver.started.tryAcquire(5, TimeUnit.SECONDS)).isTrue();
        // the hub dies here: what is on disk is all the next one has
        Path disk = dir.resolve("after-crash");
        Files.createDirectories(disk.resolve("audit"));
        Files.copy(dir.resolve("data/audit/commands.jsonl"), disk.resolve("audit/commands.jsonl"));
        assertThat(auditStatuses(disk, "r-g")).containsExactly("ACCEPTED");

        HubComponent next = open(disk);
        assertThat(next.result("r-g")).hasValueSatisfying(r -> {
            assertThat(r.status()).isEqualTo(Status.FAILED);
            assertThat(r.message()).isEqualTo(CommandBook.STOPPED_BEFORE_END);
        });
        assertThat(auditStatuses(disk, "r-g")).containsExactly("ACCEPTED", "FAILED");
        assertThat(outcome(next.submit(valve("r-g", "v1", "1", "mqtt"))).message()).isEqualTo(CommandBook.STOPPED_BEFORE_END);
        assertThat(driver.executed("r-g")).isEqualTo(1);
    }

    private static List<String> auditStatuses(Path data, String requestId) throws Exception {
        return Files.readAllLines(data.resolve("audit/commands.jsonl")).stream()
                .filter(l -> l.contains("\"requestId\":\"" + requestId + "\""))
                .map(l -> l.replaceAll(".*\"status\":\"([A-Z]+)\".*", "$1")).toList();
    }
}
