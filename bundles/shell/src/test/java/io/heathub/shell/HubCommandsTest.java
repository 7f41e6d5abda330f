package io.heathub.shell;

import static org.assertj.core.api.Assertions.assertThat;

import io.heathub.api.Quality;
import io.heathub.api.Reading;
import io.heathub.api.Unit;
import io.heathub.api.driver.Command;
import io.heathub.api.driver.CommandResult;
import io.heathub.api.hub.BusStatus;
import io.heathub.api.hub.DeviceStatus;
import io.heathub.api.hub.HubStatus;
import io.heathub.api.journal.JournalEntry;
import io.heathub.core.site.SiteKeeper;
import io.heathub.store.MvJournal;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.felix.gogo.runtime.CommandProcessorImpl;
import org.apache.felix.gogo.runtime.threadio.ThreadIOImpl;
import org.apache.felix.service.command.CommandSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shell commands on core's real site owner and the store's real journal; the hub's status as core reports it. */
class HubCommandsTest {
    static final Instant T = Instant.parse("2026-12-01T08:00:00Z");
    static final HubStatus HUB = new HubStatus() {
        @Override
        public List<DeviceStatus> devices() {
            return List.of(new DeviceStatus("heat-101", "cjt188", "line", DeviceStatus.State.FAILING,
                            "timeout after 2s\non the line", Optional.empty(), 0, 4),
                    new DeviceStatus("plc-1", "modbus", "plc", DeviceStatus.State.RUNNING, "", Optional.of(T), 12, 0));
        }

        @Override
        public List<Reading> latest() {
            return List.of(Reading.good("plc-1", "temp.supply", new BigDecimal("71.25"), Unit.CELSIUS, T),
                    Reading.good("plc-1", "valve.opening", new BigDecimal("40"), Unit.PERCENT, T)
                            .withQuality(Quality.SUSPECT, "jump"),
                    Reading.good("other", "x", BigDecimal.ONE, Unit.CELSIUS, T));
        }

        @Override
        public List<String> configErrors() {
            return List.of();
        }

        @Override
        public List<BusStatus> buses() {
            return List.of(new BusStatus("line", "serial:/dev/ttyUSB0?baud=2400", 120, 3, 1, 2, 1440, 9120, 37.25));
        }
    };

    @TempDir
    Path dir;
    private final HubCommands shell = new HubCommands();

    @Test
    void withoutCoreEveryCommandSaysWhatIsMissing() {
        assertThat(shell.devices()).isEqualTo(HubCommands.NO_CORE);
        assertThat(shell.buses()).isEqualTo(HubCommands.NO_CORE);
        assertThat(shell.read("plc-1")).isEqualTo(HubCommands.NO_CORE);
        assertThat(shell.write(null, "plc-1", "valve.opening", "40")).contains("no CommandService", "nothing written");
        assertThat(shell.site()).contains("no site owner");
        assertThat(shell.journal()).contains("no journal running");
        assertThat(shell.status()).isEqualTo(HubCommands.NO_CORE);
    }

    @Test
    void statusCountsDevicesPerStateWithoutSiteOrJournal() {
        shell.hub = HUB;
        assertThat(shell.status()).isEqualTo("""
                site     none applied
                journal  not running
                devices  2: RUNNING 1, FAILING 1
                """);
    }

    @Test
    void devicesBusesAndLatestReadingsAsColumns() {
        shell.hub = HUB;
        List<String> devices = shell.devices().lines().toList();
        assertThat(devices).hasSize(3);
        assertThat(devices.get(0)).startsWith("DEVICE").contains("STATE", "LAST ERROR");
        assertThat(devices.get(1)).matches("heat-101 +cjt188 +line +FAILING +0 +4 +- +timeout after 2s on the line");
        assertThat(devices.get(2)).matches("plc-1 +modbus +plc +RUNNING +12 +0 +2026-12-01T08:00:00Z +-");
        assertThat(shell.buses().lines().toList().get(1))
                .matches("line +120 +3 +1 +2 +1440 +9120 +37\\.3 +serial:/dev/ttyUSB0\\?baud=2400");
        List<String> read = shell.read("plc-1").lines().toList();
        assertThat(read).hasSize(3);
        assertThat(read.get(1)).matches("temp\\.supply +71\\.25 +CELSIUS +GOOD +2026-12-01T08:00:00Z +-");
        assertThat(read.get(2)).matches("valve\\.opening +40 +PERCENT +SUSPECT +2026-12-01T08:00:00Z +jump");
        assertThat(shell.read("heat-101")).isEqualTo("heat-101: no reading yet");
        assertThat(shell.read("nope")).contains("no device 'nope'");
    }

    @Test
    void writeGoesThroughTheCommandPathAsTheConsole() {
        List<Command> sent = new CopyOnWriteArrayList<>();
        shell.commands = c -> {
            sent.add(c);
            return CompletableFuture.completedFuture(c.point().equals("valve.opening")
                    ? CommandResult.done(c.requestId(), c.value())
                    : CommandResult.refused(c.requestId(), "point " + c.point() + " is not writable"));
        };
        String done = shell.write(null, "plc-1", "valve.opening", "42.5");
        assertThat(sent).hasSize(1);
        Command c = sent.get(0);
        assertThat(c.device()).isEqualTo("plc-1");
        assertThat(c.value()).isEqualByComparingTo("42.5");
        assertThat(c.requestedBy()).isEqualTo("shell:console");
        assertThat(c.requestId()).startsWith("shell-");
        assertThat(done).isEqualTo("DONE " + c.requestId() + " read back 42.5");
        assertThat(shell.write(null, "plc-1", "temp.supply", "1")).startsWith("REFUSED ").endsWith(": point temp.supply is not writable");
        assertThat(shell.write(null, "plc-1", "valve.opening", "forty")).startsWith("not a number: 'forty'");
        assertThat(shell.write(null, "plc-1", "valve.opening", "1".repeat(100))).startsWith("not a number:");
        assertThat(shell.write(null, "plc 1", "valve.opening", "1")).startsWith("usage: write DEVICE POINT VALUE");
        assertThat(sent).hasSize(2);
    }

    @Test
    void aWriteFromAnSshSessionIsAuditedAsItsUser() {
        List<Command> sent = new CopyOnWriteArrayList<>();
        shell.commands = c -> {
            sent.add(c);
            return CompletableFuture.completedFuture(CommandResult.done(c.requestId(), c.value()));
        };
        // a real Gogo session, as the SSH console makes one and names its user
        CommandSession session = new CommandProcessorImpl(new ThreadIOImpl())
                .createSession(InputStream.nullInputStream(), OutputStream.nullOutputStream(), OutputStream.nullOutputStream());
        assertThat(shell.write(session, "plc-1", "valve.opening", "1")).startsWith("DONE ");
        session.put(HubCommands.USER_VARIABLE, "alice");
        assertThat(shell.write(session, "plc-1", "valve.opening", "2")).startsWith("DONE ");
        session.put(HubCommands.USER_VARIABLE, "bad name");
        shell.write(session, "plc-1", "valve.opening", "3");
        assertThat(sent).extracting(Command::requestedBy).containsExactly("shell:console", "shell:alice", "shell:console");
    }

    @Test
    void aCommandStillQueuedIsReportedWithItsRequestId() {
        shell.commands = c -> new CompletableFuture<>();
        shell.commandWait = Duration.ofMillis(50);
        assertThat(shell.write(null, "plc-1", "valve.opening", "1")).startsWith("ACCEPTED shell-")
                .contains("still queued", "/api/commands/shell-");
    }

    @Test
    void siteCheckShowsTheAppliedVersionThenWhyAnEditIsNotApplied() throws Exception {
        Files.writeString(dir.resolve("site.yaml"), """
                site: { id: t, name: Test, zone: UTC }
                buses:
                  - { id: line, uri: "tcp://127.0.0.1:9" }
                devices:
                  - { id: heat-101, bus: line, driver: cjt188, address: "20100000000001" }
                """);
        try (SiteKeeper sites = new SiteKeeper(driver -> Optional.empty(), Clock.systemUTC())) {
            sites.start(dir, Duration.ZERO);
            shell.sites = sites;
            assertThat(shell.site("check")).startsWith("site t (Test) version 1 applied ")
                    .contains("1 buses, 1 devices", "as it is now is applied: no problems");
            Files.writeString(dir.resolve("site.yaml"), "site: { id: t, zone: UTC }\nbuses: [ {id: line} ]\n");
            sites.checkNow();
            String check = shell.site();
            assertThat(check).startsWith("site t (Test) version 1").contains("is NOT applied", "site.yaml:2");
            // fixed and saved: reload reads it at once (this keeper has no periodic check) and answers as check
            Files.writeString(dir.resolve("site.yaml"), """
                    site: { id: t, name: Test, zone: UTC }
                    buses:
                      - { id: line, uri: "tcp://127.0.0.1:1" }
                    devices:
                      - { id: heat-101, bus: line, driver: cjt188, address: "20100000000001" }
                      - { id: heat-102, bus: line, driver: cjt188, address: "20100000000002" }
                    """);
            assertThat(shell.site("reload")).startsWith("site t (Test) version 2 applied ")
                    .contains("1 buses, 2 devices", "as it is now is applied: no problems");
            assertThat(shell.site("restart")).isEqualTo("usage: site check | site reload");
        }
    }

    @Test
    void journalShowsHeadBacklogsAndDeadLettersPerUplink() throws Exception {
        try (MvJournal journal = MvJournal.open(dir.resolve("journal.mv"), new MvJournal.Options(1000, false))) {
            journal.append(List.of(Reading.good("plc-1", "temp.supply", BigDecimal.TEN, Unit.CELSIUS, T),
                    Reading.good("plc-1", "temp.supply", BigDecimal.ONE, Unit.CELSIUS, T.plusSeconds(60)),
                    Reading.good("plc-1", "temp.supply", new BigDecimal("2"), Unit.CELSIUS, T.plusSeconds(120))));
            List<JournalEntry> mqtt = journal.read("mqtt", 10);
            journal.setAside("mqtt", mqtt.get(0), "backend refused it");
            journal.commit("mqtt", mqtt.get(0).position());
            journal.read("http", 10);
            shell.journal = journal;
            List<String> out = shell.journal().lines().toList();
            assertThat(out.get(0)).startsWith("head 3, 3 entries, ").contains("writable", "dead-lettered ever 1");
            assertThat(out.get(1)).startsWith("UPLINK");
            assertThat(out).anySatisfy(l -> assertThat(l).matches("http +3 +0 +-"));
            assertThat(out).anySatisfy(l -> assertThat(l).matches("mqtt +2 +1 +-"));
            shell.hub = HUB;
            assertThat(shell.status()).contains("journal  3 entries, writable\n",
                    "uplink   http: backlog 3, dead letters 0\nuplink   mqtt: backlog 2, dead letters 1\n");
        }
    }
}
