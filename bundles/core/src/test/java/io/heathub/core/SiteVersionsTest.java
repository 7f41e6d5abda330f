package io.heathub.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.heathub.api.Reading;
import io.heathub.api.Unit;
import io.heathub.api.driver.Command;
import io.heathub.api.driver.CommandResult;
import io.heathub.api.driver.DeviceConfig;
import io.heathub.api.driver.DeviceDriver;
import io.heathub.api.driver.DeviceSession;
import io.heathub.api.driver.DriverInfo;
import io.heathub.api.driver.Link;
import io.heathub.api.hub.DeviceStatus;
import io.heathub.config.ConfigException;
import io.heathub.config.site.Site;
import io.heathub.core.site.SiteKeeper;
import io.heathub.core.site.TankSection;
import io.heathub.testkit.InMemoryJournal;
import io.heathub.testkit.Waits;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Core's site owner with core's buses and a feature as subscribers: a version is applied to all of
 * them or to none. The file is checked on demand ({@link SiteKeeper#checkNow}) instead of polled.
 */
class SiteVersionsTest {
    private static final String SITE = """
            site: { id: t, zone: UTC }
            buses:
              - { id: line, uri: "tcp://127.0.0.1:9" }
            devices:
              - { id: level-1, bus: line, driver: scripted, address: ok, pollInterval: 50ms }
              - { id: level-2, bus: line, driver: scripted, address: ok2, pollInterval: 50ms }
            tank: { level: level-1, litres: 5000 }
            """;

    @TempDir
    Path dir;

    private final List<Site> feature = new CopyOnWriteArrayList<>();
    private SiteKeeper sites;
    private HubComponent hub;

    @BeforeEach
    void start() throws Exception {
        sites = TestSites.started(dir, SITE, new TankSection());
        hub = new HubComponent(new InMemoryJournal(), sites, dir.resolve("data"));
        sites.subscribe(feature::add);
    }

    @AfterEach
    void stop() {
        hub.deactivate();
        sites.close();
    }

    private List<String> hubDevices() {
        return hub.devices().stream().map(DeviceStatus::id).toList();
    }

    private static int litres(Site site) {
        return site.section("tank", TankSection.Tank.class).orElseThrow().litres();
    }

    private void edit(String yaml) throws Exception {
        Files.writeString(dir.resolve("site.yaml"), yaml);
        sites.checkNow();
    }

    @Test
    void aValidEditReachesCoreAndEverySubscriberAsOneVersion() throws Exception {
        assertThat(hub.runningVersion()).isEqualTo(1);
        assertThat(feature).extracting(Site::version).containsExactly(1L);
        assertThat(hubDevices()).containsExactly("level-1", "level-2");

        edit(SITE.replace("  - { id: level-2, bus: line, driver: scripted, address: ok2, pollInterval: 50ms }\n", "")
                .replace("litres: 5000", "litres: 8000"));

        assertThat(hub.runningVersion()).isEqualTo(2);
        assertThat(feature).extracting(Site::version).containsExactly(1L, 2L);
        assertThat(litres(feature.get(1))).isEqualTo(8000);
        assertThat(hubDevices()).containsExactly("level-1");
        assertThat(sites.current().orElseThrow().version()).isEqualTo(2);
        assertThat(sites.problems()).isEmpty();
        assertThat(hub.configErrors()).isEmpty();

        // the same bytes again (a touch): no new version
        edit(Files.readString(dir.resolve("site.yaml")));
        assertThat(sites.current().orElseThrow().version()).isEqualTo(2);
    }

    @Test
    void anInvalidEditInAFeatureSectionReachesNobody() throws Exception {
        edit(SITE.replace("  - { id: level-2, bus: line, driver: scripted, address: ok2, pollInterval: 50ms }\n", "")
                .replace("litres: 5000", "litres: lots"));

        assertThat(hub.runningVersion()).isEqualTo(1);
        assertThat(hubDevices()).containsExactly("level-1", "level-2");
        assertThat(feature).extracting(Site::version).containsExactly(1L);
        assertThat(sites.problems()).extracting(ConfigException::getMessage)
                .containsExactly(dir.resolve("site.yaml") + ":6:33: tank.litres: expected a whole number, got \"lots\"");
        assertThat(hub.configErrors()).containsExactly(sites.problems().get(0).getMessage());

        // fixed: the next version is 2, with the problems gone
        edit(SITE.replace("litres: 5000", "litres: 6000"));
        assertThat(feature).extracting(Site::version).containsExactly(1L, 2L);
        assertThat(litres(feature.get(1))).isEqualTo(6000);
        assertThat(hub.configErrors()).isEmpty();
    }

    @Test
    void anInvalidEditInCoresSectionsReachesNobodyEither() throws Exception {
        edit(SITE.replace("ok2, pollInterval: 50ms", "ok2, pollInterval: 0s"));
        assertThat(feature).extracting(Site::version).containsExactly(1L);
        assertThat(hub.runningVersion()).isEqualTo(1);
        assertThat(sites.problems()).singleElement().asString().contains("devices[1].pollInterval: must be greater than zero");
    }

    @Test
    void anEmptyTruncatedOrMissingFileNeverReplacesTheGoodSite() throws Exception {
        edit("");
        assertThat(sites.problems()).extracting(ConfigException::getMessage)
                .containsExactly(dir.resolve("site.yaml") + ": the site file is empty");
        edit(SITE.substring(0, SITE.indexOf("address: ok2")));
        assertThat(sites.problems()).singleElement().asString().contains("YAML syntax");
        Files.delete(dir.resolve("site.yaml"));
        sites.checkNow();
        assertThat(sites.problems()).singleElement().asString().endsWith("site file not found");

        assertThat(hub.runningVersion()).isEqualTo(1);
        assertThat(hubDevices()).containsExactly("level-1", "level-2");
        assertThat(feature).extracting(Site::version).containsExactly(1L);
        assertThat(sites.current().orElseThrow().devices()).hasSize(2);
    }

    @Test
    void aLateReaderReadsTheSameFileIntoANewVersion() throws Exception {
        SiteKeeper late = new SiteKeeper(id -> Optional.empty(), Clock.systemUTC());
        List<Site> seen = new CopyOnWriteArrayList<>();
        try {
            late.start(dir, Duration.ZERO);
            late.subscribe(seen::add);
            assertThat(seen).singleElement().satisfies(s -> {
                assertThat(s.section("tank", TankSection.Tank.class)).isEmpty();
                assertThat(s.warnings()).singleElement().asString().contains("section 'tank'");
            });

            late.addSection(new TankSection());
            late.checkNow(); // after the re-check the reader queued

            assertThat(seen).extracting(Site::version).containsExactly(1L, 2L);
            assertThat(litres(seen.get(1))).isEqualTo(5000);
            assertThat(seen.get(1).warnings()).isEmpty();
        } finally {
            late.close();
        }
    }

    @Test
    void readersLeavingAfterCloseAreIgnored() {
        // DS unbinds a component's readers after deactivating it
        TankSection reader = new TankSection();
        sites.addSection(reader);
        sites.close();
        sites.removeSection(reader);
        sites.addSection(new TankSection());
        assertThat(sites.current().orElseThrow().version()).isEqualTo(1);
    }

    @Test
    void aLateReaderThatFindsAProblemKeepsTheSiteWithoutIt() throws Exception {
        Files.writeString(dir.resolve("site.yaml"), SITE.replace("level: level-1", "level: level-9"));
        SiteKeeper late = new SiteKeeper(id -> Optional.empty(), Clock.systemUTC());
        try {
            late.start(dir, Duration.ZERO);
            late.addSection(new TankSection());
            late.checkNow();
            assertThat(late.current().orElseThrow().version()).isEqualTo(1);
            assertThat(late.problems()).singleElement().asString().contains("tank.level: no device 'level-9'");
        } finally {
            late.close();
        }
    }

    @Test
    void aVersionWithTheSameBusesAndDevicesKeepsThemPolling() throws Exception {
        CountingDriver driver = new CountingDriver();
        hub.addTransport(new QuietTransport());
        hub.addDriver(driver);
        awaitOpened(driver, 2);

        edit(SITE.replace("litres: 5000", "litres: 7000"));
        assertThat(hub.runningVersion()).isEqualTo(2);
        long readsBefore = driver.reads.get();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (driver.reads.get() < readsBefore + 4 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(driver.reads.get()).as("polls go on").isGreaterThanOrEqualTo(readsBefore + 4);
        assertThat(driver.opened.get()).as("sessions not opened again").isEqualTo(2);

        // a device edit restarts the bus: both devices are opened again
        edit(SITE.replace("address: ok2", "address: ok3"));
        awaitOpened(driver, 4);
    }

    private static void awaitOpened(CountingDriver driver, int sessions) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (driver.opened.get() < sessions && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(driver.opened.get()).isEqualTo(sessions);
    }

    /** Answers every read of its devices with one reading; counts the sessions it opened. */
    private static final class CountingDriver implements DeviceDriver {
        final AtomicInteger opened = new AtomicInteger();
        final AtomicLong reads = new AtomicLong();

        @Override
        public DriverInfo info() {
            return new DriverInfo("scripted", "counting test driver", "test", Map.of());
        }

        @Override
        public DeviceSession open(DeviceConfig device, Link link) {
            opened.incrementAndGet();
            return new DeviceSession() {
                @Override
                public List<Reading> read(Set<String> points) {
                    return List.of(Reading.good(device.id(), "level", BigDecimal.valueOf(reads.incrementAndGet()),
                            Unit.NONE, Instant.now()));
                }

                @Override
                public CommandResult execute(Command command) {
                    return CommandResult.done(command.requestId(), command.value());
                }
            };
        }
    }

    @Test
    void aFileASectionNamesIsWatchedLikeTheSiteFile() throws Exception {
        Path contacts = dir.resolve("contacts.txt");
        Files.writeString(contacts, "li\n");
        edit(SITE + "tankAlarms: contacts.txt\n");
        assertThat(sites.current().orElseThrow().section("tank", TankSection.Tank.class).orElseThrow().contacts())
                .containsExactly("li");
        long version = sites.current().orElseThrow().version();

        // a change of the named file alone is a change of the site: read again, a new version everywhere
        Files.writeString(contacts, "li\nwang\n");
        sites.checkNow();
        assertThat(feature.get(feature.size() - 1).version()).isEqualTo(version + 1);
        assertThat(feature.get(feature.size() - 1).section("tank", TankSection.Tank.class).orElseThrow().contacts())
                .containsExactly("li", "wang");
        sites.checkNow();
        assertThat(sites.current().orElseThrow().version()).as("unchanged: no new version").isEqualTo(version + 1);

        // gone: the section's problem, the last good version stays; back: applied again
        Files.delete(contacts);
        sites.checkNow();
        assertThat(sites.problems()).extracting(ConfigException::getMessage).containsExactly(
                dir.resolve("site.yaml") + ":8:13: tankAlarms: no file " + contacts);
        assertThat(sites.problems(List.of("tank"))).hasSize(1);
        assertThat(sites.problems(List.of("devices"))).isEmpty();
        Files.writeString(contacts, "zhao\n");
        sites.checkNow();
        assertThat(sites.problems()).isEmpty();
        assertThat(sites.current().orElseThrow().version()).isEqualTo(version + 2);
    }

    @Test
    void thePollSeesANamedFileChange() throws Exception {
        Path contacts = dir.resolve("contacts.txt");
        Files.writeString(contacts, "li\n");
        Files.writeString(dir.resolve("site.yaml"), SITE + "tankAlarms: contacts.txt\n");
        try (SiteKeeper polling = new SiteKeeper(id -> Optional.empty(), Clock.systemUTC())) {
            polling.addSection(new TankSection());
            polling.start(dir, Duration.ofMillis(50));
            assertThat(polling.current().orElseThrow().version()).isEqualTo(1);
            Files.writeString(contacts, "li\nwang\nzhao\n");
            Waits.until(Duration.ofSeconds(10), "version 2 from the changed contacts file",
                    () -> polling.current().orElseThrow().version() == 2);
            assertThat(polling.current().orElseThrow().section("tank", TankSection.Tank.class).orElseThrow().contacts())
                    .hasSize(3);
        }
    }
}
