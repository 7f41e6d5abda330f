package io.heathub.driver.modbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.heathub.api.driver.DeviceConfig;
import io.heathub.api.driver.DeviceException;
import io.heathub.api.driver.Link;
import io.heathub.driver.modbus.profile.Profile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code open} checks before any byte is sent. */
class ModbusDriverConfigTest {
    private static final Link NO_WIRE = new Link() {
        @Override
        public String uri() {
            return "tcp://127.0.0.1:1";
        }

        @Override
        public void send(byte[] frame) {
            throw new AssertionError("open must not send");
        }

        @Override
        public byte[] receive(FrameBoundary frame, Duration timeout) {
            throw new AssertionError("open must not receive");
        }

        @Override
        public void purge() {
        }
    };

    @TempDir
    Path configDir;
    private final ModbusDriver driver = new ModbusDriver();

    @Test
    void infoNamesTheDriverAndItsSettings() {
        assertThat(driver.info().id()).isEqualTo("modbus");
        assertThat(driver.info().settings()).containsKeys("profile", "timeout");
    }

    @Test
    void unitIdMustBe0To247() throws Exception {
        writeProfile("p", "name: p\npoints:\n  - { point: a, address: 0, type: int16 }\n");
        assertThat(driver.open(device("0", "p"), NO_WIRE)).isNotNull();
        assertThat(driver.open(device("247", "p"), NO_WIRE)).isNotNull();
        for (String bad : new String[] {"248", "-1", "one", ""}) {
            assertConfigError(device(bad, "p"),
                    "address: expected a Modbus unit id 0..247, got \"" + bad + "\"");
        }
    }

    @Test
    void missingProfileSettingOrFileIsNamed() {
        Map<String, String> none = Map.of();
        assertThatThrownBy(() -> driver.open(device("1", none), NO_WIRE))
                .isInstanceOfSatisfying(DeviceException.class, e -> assertThat(e.kind()).isEqualTo(DeviceException.Kind.CONFIG))
                .hasMessageStartingWith("settings.profile: missing");
        assertConfigError(device("1", "bac-003"), "settings.profile: profile \"bac-003\""
                + " not found: no file " + configDir.resolve("profiles/bac-003.yaml"));
        assertConfigError(device("1", "../etc/passwd"),
                "settings.profile: \"../etc/passwd\" is not a profile name"
                        + " (letters, digits, '.', '_', '-')");
    }

    @Test
    void aBrokenProfileNamesDeviceFileLineAndField() throws Exception {
        writeProfile("p", "name: p\npoints:\n  - { point: a, address: 0, type: int16, unit: furlong }\n");
        Path file = configDir.resolve("profiles/p.yaml");
        assertThatThrownBy(() -> driver.open(device("1", "p"), NO_WIRE))
                .isInstanceOfSatisfying(DeviceException.class, e -> assertThat(e.kind()).isEqualTo(DeviceException.Kind.CONFIG))
                .hasMessageStartingWith("settings.profile \"p\": "
                        + file + ":3:48: points[0].unit: unknown unit \"furlong\"");
    }

    @Test
    void badTimeoutSettingIsNamed() throws Exception {
        writeProfile("p", "name: p\npoints:\n  - { point: a, address: 0, type: int16 }\n");
        assertConfigError(device("1", Map.of("profile", "p", "timeout", "soon")),
                "settings.timeout: expected a duration like 1s or 500ms, got \"soon\"");
    }

    @Test
    void aChangedProfileIsPickedUpOnTheNextOpenAndAnUnchangedOneIsParsedOnce() throws Exception {
        Path file = writeProfile("p", "name: p\npoints:\n  - { point: a, address: 0, type: int16 }\n");
        ProfileCache cache = new ProfileCache();
        Profile first = cache.load(file).defaults();
        assertThat(cache.load(file).defaults()).isSameAs(first);

        writeProfile("p", "name: p\npoints:\n  - { point: a, address: 0, type: int16 }\n  - { point: b, address: 1, type: int16 }\n");
        // file systems with coarse timestamps: make the change visible explicitly
        Files.setLastModifiedTime(file, FileTime.fromMillis(Files.getLastModifiedTime(file).toMillis() + 2000));
        Profile second = cache.load(file).defaults();
        assertThat(second.byName()).containsOnlyKeys("a", "b");

        ModbusSession session = (ModbusSession) driver.open(device("1", "p"), NO_WIRE);
        assertThat(session.profile().byName()).containsOnlyKeys("a", "b");
        writeProfile("p", "name: p\npoints:\n  - { point: c, address: 5, type: int16 }\n");
        Files.setLastModifiedTime(file, FileTime.fromMillis(Files.getLastModifiedTime(file).toMillis() + 4000));
        ModbusSession reopened = (ModbusSession) driver.open(device("1", "p"), NO_WIRE);
        assertThat(reopened.profile().byName()).containsOnlyKeys("c");
    }

    @Test
    void framingIsCheckedAndRtuRefusesTheBroadcastUnit() throws Exception {
        writeProfile("p", "name: p\npoints:\n  - { point: a, address: 0, type: int16 }\n");
        assertConfigError(device("1", Map.of("profile", "p", "framing", "ascii")),
                "settings.framing: expected tcp or rtu, got \"ascii\"");
        assertConfigError(device("0", Map.of("profile", "p", "framing", "rtu")),
                "address: unit 0 is the RTU broadcast address, which no device"
                        + " answers; use the device's unit id 1..247");
        assertThat(driver.info().settings()).containsKey("framing");
    }

    @Test
    void aRunningSessionPicksUpAnEditedProfileAndKeepsTheLastGoodOneWhenBroken() throws Exception {
        Path file = writeProfile("p", "name: p\npoints:\n  - { point: a, address: 0, type: int16 }\n");
        java.util.concurrent.atomic.AtomicLong ticker = new java.util.concurrent.atomic.AtomicLong();
        ModbusSession session = (ModbusSession) new ModbusDriver(ticker::get).open(device("1", "p"), NO_WIRE);
        Profile first = session.profile();

        writeProfile("p", "name: p\npoints:\n  - { point: b, address: 1, type: int16 }\n");
        Files.setLastModifiedTime(file, FileTime.fromMillis(Files.getLastModifiedTime(file).toMillis() + 2000));
        ticker.addAndGet(ModbusDriver.PROFILE_CHECK_INTERVAL.toNanos() - 1);
        session.execute(new io.heathub.api.driver.Command("r", "d", "a", java.math.BigDecimal.ONE, "t"));
        assertThat(session.profile()).as("the file is looked at once per check interval, not per call").isSameAs(first);
        ticker.addAndGet(1);
        // the session re-checks before a call once the interval passed; refusing an unknown point needs no wire
        assertThat(session.execute(new io.heathub.api.driver.Command("r", "d", "a", java.math.BigDecimal.ONE, "t"))
                .message()).contains("no point 'a'");
        assertThat(session.profile().byName()).containsOnlyKeys("b");

        writeProfile("p", "name: p\npoints:\n  - { point: c, address: 1, type: int17 }\n");
        Files.setLastModifiedTime(file, FileTime.fromMillis(Files.getLastModifiedTime(file).toMillis() + 4000));
        ticker.addAndGet(ModbusDriver.PROFILE_CHECK_INTERVAL.toNanos());
        session.execute(new io.heathub.api.driver.Command("r", "d", "b", java.math.BigDecimal.ONE, "t"));
        assertThat(session.profile().byName()).as("a broken edit keeps the last good profile").containsOnlyKeys("b");
        assertThat(session.profile()).isNotSameAs(first);
    }

    /** {@code open} refuses the device, and {@code validate} (no link) refuses it with the same words. */
    private void assertConfigError(DeviceConfig device, String message) {
        assertThatThrownBy(() -> driver.open(device, NO_WIRE))
                .isInstanceOfSatisfying(DeviceException.class, e -> assertThat(e.kind()).isEqualTo(DeviceException.Kind.CONFIG))
                .hasMessage(message);
        assertThatThrownBy(() -> driver.validate(device))
                .isInstanceOfSatisfying(DeviceException.class, e -> assertThat(e.kind()).isEqualTo(DeviceException.Kind.CONFIG))
                .hasMessage(message);
    }

    @Test
    void validateAcceptsAGoodDeviceAndLocatesAProfileProblemInItsFile() throws Exception {
        writeProfile("p", "name: p\npoints:\n  - { point: a, address: 0, type: int16 }\n");
        driver.validate(device("1", "p"));
        // unit 0 is only refused with explicit rtu framing: without a link the default is unknown
        driver.validate(device("0", "p"));

        writeProfile("q", "name: q\npoints:\n  - { point: a, address: 0, type: int61 }\n");
        assertThatThrownBy(() -> driver.validate(device("1", "q")))
                .isInstanceOfSatisfying(DeviceException.class, e -> assertThat(e.getCause())
                        .isInstanceOfSatisfying(io.heathub.config.ConfigException.class, located -> {
                            assertThat(located.file()).isEqualTo(configDir.resolve("profiles/q.yaml").toString());
                            assertThat(located.line()).isEqualTo(3);
                            assertThat(located.field()).isEqualTo("points[0].type");
                        }));
    }

    private Path writeProfile(String name, String yaml) throws Exception {
        Path file = configDir.resolve("profiles/" + name + ".yaml");
        Files.createDirectories(file.getParent());
        Files.writeString(file, yaml);
        return file;
    }

    private DeviceConfig device(String address, String profile) {
        return device(address, Map.of("profile", profile));
    }

    private DeviceConfig device(String address, Map<String, String> settings) {
        return new DeviceConfig("panel-7", "modbus", "panels", address, new HashMap<>(settings), Duration.ofSeconds(5),
                configDir, "config/site.yaml:42");
    }
}
