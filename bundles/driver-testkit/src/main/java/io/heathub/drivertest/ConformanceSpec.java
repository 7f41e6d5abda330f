package io.heathub.drivertest;

import io.heathub.api.Unit;
import io.heathub.api.driver.DeviceDriver;
import io.heathub.api.driver.FrameDecoder;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * What the kit needs to know about a driver: how to make one, the devices to poll (each with the
 * scripted device that plays it and the readings it must give) and, where the driver has them, its
 * frame decoder, scan and commands. Built in {@link DriverConformance#spec()}:
 *
 * <pre>{@code
 * return ConformanceSpec.of(AcmeDriver::new)
 *         .device(KitDevice.at("17", new AcmeMeter(17)).expect(ExpectedReading.of(Points.HEAT_ENERGY, "1234.5", Unit.KWH)))
 *         .decoder(new AcmeFrameDecoder());
 * }</pre>
 */
public final class ConformanceSpec {
    /** A command the driver must carry out and confirm. */
    public record CommandFact(int device, String point, BigDecimal value, Optional<BigDecimal> readBack) {
    }

    private final Supplier<? extends DeviceDriver> driver;
    private final List<KitDevice> devices = new ArrayList<>();
    private FrameDecoder decoder;
    private Map<String, String> decoderSettings;
    private Map<String, String> scanSettings;
    private final List<CommandFact> commands = new ArrayList<>();
    private String lineUri = "serial:/dev/ttyKIT0";
    private Duration timeout = Duration.ofSeconds(1);
    private int silentPollTimeouts = 1;
    private final Map<String, Unit> extraPoints = new LinkedHashMap<>();
    private Path configDir;
    private Path bundleLocation;
    private String deviceIdAllowedBecause;
    private String invalidAddress = "?not an address?";
    private String emptyAddressAllowedBecause;
    private UnaryOperator<byte[]> checksumRepair;

    private ConformanceSpec(Supplier<? extends DeviceDriver> driver) {
        this.driver = Objects.requireNonNull(driver, "driver");
    }

    /** @param driver makes a new driver as the hub's DS runtime or {@code ServiceLoader} would */
    public static ConformanceSpec of(Supplier<? extends DeviceDriver> driver) {
        return new ConformanceSpec(driver);
    }

    /** A device on the line; give at least one, better two (the shared-line checks need a neighbour). */
    public ConformanceSpec device(KitDevice device) {
        devices.add(Objects.requireNonNull(device, "device"));
        return this;
    }

    /** The driver's {@link FrameDecoder}, decoded with the first device's settings. */
    public ConformanceSpec decoder(FrameDecoder frameDecoder) {
        this.decoder = Objects.requireNonNull(frameDecoder, "frameDecoder");
        return this;
    }

    /** The driver's {@link FrameDecoder} and the settings to decode the devices' replies with. */
    public ConformanceSpec decoder(FrameDecoder frameDecoder, Map<String, String> settings) {
        this.decoderSettings = Map.copyOf(settings);
        return decoder(frameDecoder);
    }

    /**
     * The driver scans: with these settings a scan of the line finds every device, at its
     * {@link KitDevice#scannedAddress()}.
     */
    public ConformanceSpec scan(Map<String, String> settings) {
        this.scanSettings = Map.copyOf(settings);
        return this;
    }

    /** The driver writes {@code point} of device {@code device} (0-based) and reads the value back. */
    public ConformanceSpec command(int device, String point, String value) {
        return command(device, point, value, value);
    }

    /** As {@link #command(int, String, String)}, with the read-back the device reports (null: none). */
    public ConformanceSpec command(int device, String point, String value, String readBack) {
        commands.add(new CommandFact(device, point, new BigDecimal(value),
                Optional.ofNullable(readBack).map(BigDecimal::new)));
        return this;
    }

    /** The bus URI the link reports (default {@code serial:/dev/ttyKIT0}). */
    public ConformanceSpec lineUri(String uri) {
        this.lineUri = Objects.requireNonNull(uri, "uri");
        return this;
    }

    /** The bus {@code timeout:} the hub hands the driver as its {@code timeout} setting (default 1s). */
    public ConformanceSpec timeout(Duration busTimeout) {
        this.timeout = Objects.requireNonNull(busTimeout, "busTimeout");
        return this;
    }

    /**
     * How many reply timeouts a poll of a silent device may take (default 1: a poll gives up at
     * the first request nobody answers). A protocol whose first step is normally unanswered (M-Bus
     * deselect before a select) takes 2.
     */
    public ConformanceSpec silentPollTimeouts(int timeouts) {
        if (timeouts < 1) {
            throw new IllegalArgumentException("a silent poll takes at least one timeout, not " + timeouts);
        }
        this.silentPollTimeouts = timeouts;
        return this;
    }

    /** A point name of the driver's own that is not in {@code io.heathub.api.Points}, with its unit. */
    public ConformanceSpec extraPoint(String point, Unit unit) {
        extraPoints.put(point, unit);
        return this;
    }

    /** The site folder handed to the driver (profiles and other files devices name). */
    public ConformanceSpec configDir(Path dir) {
        this.configDir = dir;
        return this;
    }

    /** Where the built bundle's classes are, when not where the driver class was loaded from. */
    public ConformanceSpec bundleLocation(Path location) {
        this.bundleLocation = location;
        return this;
    }

    /**
     * The driver still names the device in its messages (the hub does that); say why, e.g. which
     * issue removes it. Only drivers written before the contract should need this.
     */
    public ConformanceSpec allowDeviceIdInMessages(String because) {
        this.deviceIdAllowedBecause = Objects.requireNonNull(because, "because");
        return this;
    }

    /**
     * The protocol has a device without an address (IEC 62056-21's {@code /?!}): the kit then does
     * not expect an empty address to be refused.
     */
    public ConformanceSpec emptyAddressAllowed(String because) {
        this.emptyAddressAllowedBecause = Objects.requireNonNull(because, "because");
        return this;
    }

    /** An address the driver must refuse at open and in validate (default {@code "?not an address?"}). */
    public ConformanceSpec invalidAddress(String address) {
        this.invalidAddress = address;
        return this;
    }

    /**
     * Recomputes a frame's checksum after the fuzzer changed bytes, so that fuzzing gets past the
     * checksum to the decoding behind it.
     */
    public ConformanceSpec checksumRepair(UnaryOperator<byte[]> repair) {
        this.checksumRepair = repair;
        return this;
    }

    DeviceDriver newDriver() {
        return driver.get();
    }

    List<KitDevice> devices() {
        return List.copyOf(devices);
    }

    Optional<FrameDecoder> decoder() {
        return Optional.ofNullable(decoder);
    }

    Map<String, String> decoderSettings() {
        if (decoderSettings != null) {
            return decoderSettings;
        }
        return devices.isEmpty() ? Map.of() : devices.get(0).settings();
    }

    Optional<Map<String, String>> scanSettings() {
        return Optional.ofNullable(scanSettings);
    }

    List<CommandFact> commands() {
        return List.copyOf(commands);
    }

    String lineUri() {
        return lineUri;
    }

    Duration timeout() {
        return timeout;
    }

    int silentPollTimeouts() {
        return silentPollTimeouts;
    }

    Map<String, Unit> extraPoints() {
        return Map.copyOf(extraPoints);
    }

    Optional<Path> configDir() {
        return Optional.ofNullable(configDir);
    }

    Optional<Path> bundleLocation() {
        return Optional.ofNullable(bundleLocation);
    }

    Optional<String> deviceIdAllowedBecause() {
        return Optional.ofNullable(deviceIdAllowedBecause);
    }

    Optional<String> emptyAddressAllowedBecause() {
        return Optional.ofNullable(emptyAddressAllowedBecause);
    }

    String invalidAddress() {
        return invalidAddress;
    }

    Optional<UnaryOperator<byte[]>> checksumRepair() {
        return Optional.ofNullable(checksumRepair);
    }
}
