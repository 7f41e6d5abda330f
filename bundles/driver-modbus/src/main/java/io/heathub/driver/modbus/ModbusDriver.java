package io.heathub.driver.modbus;

import io.heathub.api.driver.DeviceConfig;
import io.heathub.api.driver.DeviceDriver;
import io.heathub.api.driver.DeviceException;
import io.heathub.api.driver.DeviceException.Kind;
import io.heathub.api.driver.DeviceSession;
import io.heathub.api.driver.DriverInfo;
import io.heathub.api.driver.Link;
import io.heathub.config.ConfigException;
import io.heathub.config.DeviceSettings;
import io.heathub.driver.modbus.profile.Profile;
import io.heathub.driver.modbus.profile.ProfileTemplate;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Component;

/**
 * Modbus TCP and RTU devices described by profile files ({@code ${configDir}/profiles/<profile>.yaml}).
 * The device address is the unit id; bytes go through the bus {@link Link} it is given, framed as
 * Modbus TCP (MBAP) or RTU (CRC-16) per the {@code framing} setting.
 */
@Component(service = DeviceDriver.class)
public final class ModbusDriver implements DeviceDriver {
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);
    private static final System.Logger LOG = System.getLogger(ModbusDriver.class.getName());
    private static final Pattern PROFILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final DriverInfo INFO = new DriverInfo("modbus", "Modbus TCP/RTU (profile-driven)", "modbus", Map.of(
            "profile", "register map: the file config/profiles/<profile>.yaml (required)",
            "timeout", "reply timeout, e.g. 1s or 500ms (default 1s)",
            "framing", "tcp (MBAP) or rtu (CRC-16); default rtu on serial: buses, tcp otherwise"
                    + " (a TCP serial converter in front of RS-485 needs framing: rtu)",
            "<profile setting>", "a number the profile declares under settings: (e.g. maxFrequency of the pump"
                    + " drive profiles), used in its points' scale and limits; default: the profile's"));

    /**
     * How often a running session looks at its profile file's modification time: a stat per poll
     * would be a system call per poll for hundreds of panels polled many times a second, for an
     * edit a person makes now and then.
     */
    static final Duration PROFILE_CHECK_INTERVAL = Duration.ofSeconds(1);

    private final ProfileCache profiles = new ProfileCache();
    private final LongSupplier ticker;
    /** Per bus link, the RTU inter-frame silence its units' sessions share (links compare by identity). */
    private final Map<Link, RtuSilence> silences = java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());
    /** Per bus link, whether its Modbus TCP connection needs a purge before the next request. */
    private final Map<Link, MbapConnection> connections = java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

    public ModbusDriver() {
        this(System::nanoTime);
    }

    /** @param ticker monotonic nanoseconds, for when a session next looks at its profile file */
    ModbusDriver(LongSupplier ticker) {
        this.ticker = ticker;
    }

    private RtuSilence silenceOf(Link link) {
        return silences.computeIfAbsent(link, l -> new RtuSilence());
    }

    private MbapConnection connectionOf(Link link) {
        return connections.computeIfAbsent(link, l -> new MbapConnection());
    }

    @Override
    public DriverInfo info() {
        return INFO;
    }

    @Override
    public DeviceSession open(DeviceConfig device, Link link) throws DeviceException {
        int unit = unitId(device);
        Duration timeout = DeviceSettings.duration(device, "timeout", DEFAULT_TIMEOUT);
        ModbusFraming.Type framing = framing(device).orElseGet(() -> defaultFraming(link));
        requireAnsweringUnit(unit, framing);
        Path file = profileFile(device);
        ProfileTemplate template = template(file, device);
        Profile profile = resolve(template, device);
        // the hub names the device in front of every message of ours: the unit (and framing) is enough
        String label = "unit " + unit + (framing == ModbusFraming.Type.RTU ? " (rtu)" : "");
        ModbusFraming frames = framing == ModbusFraming.Type.RTU
                ? new RtuFraming(link, unit, timeout, label, silenceOf(link))
                : new MbapFraming(link, unit, timeout, label, 0, connectionOf(link));
        DeviceProfile deviceProfile = new DeviceProfile(file, template, profile, device.settings(),
                device.describe());
        return new ModbusSession(device.id(), label, profile, new ModbusClient(frames, label), deviceProfile::newest);
    }

    /** The checks of {@link #open} that need no link: the unit id, the settings and the profile file. */
    @Override
    public void validate(DeviceConfig device) throws DeviceException {
        int unit = unitId(device);
        DeviceSettings.duration(device, "timeout", DEFAULT_TIMEOUT);
        // without the link the default framing is unknown: the broadcast check needs an explicit one
        Optional<ModbusFraming.Type> framing = framing(device);
        if (framing.isPresent()) {
            requireAnsweringUnit(unit, framing.get());
        }
        resolve(template(profileFile(device), device), device);
    }

    /** The profile of this device: the template with the device's settings (profile-declared numbers). */
    private static Profile resolve(ProfileTemplate template, DeviceConfig device) throws DeviceException {
        String profileName = device.setting("profile").map(String::trim).orElse("");
        try {
            return template.resolve(device.settings());
        } catch (IllegalArgumentException e) {
            throw new DeviceException(Kind.CONFIG, e.getMessage(), e);
        } catch (ConfigException e) {
            throw new DeviceException(Kind.CONFIG, "settings.profile \"" + profileName + "\" with this"
                    + " device's settings: " + e.getMessage(), e);
        }
    }

    private static void requireAnsweringUnit(int unit, ModbusFraming.Type framing) throws DeviceException {
        if (framing == ModbusFraming.Type.RTU && unit == 0) {
            throw new DeviceException(Kind.CONFIG, "address: unit 0 is the RTU broadcast address, which no"
                    + " device answers; use the device's unit id 1..247");
        }
    }

    private static Path profileFile(DeviceConfig device) throws DeviceException {
        String profileName = device.setting("profile").map(String::trim).orElseThrow(() -> new DeviceException(
                Kind.CONFIG, "settings.profile: missing; name a register map in "
                + device.configDir().resolve("profiles") + ", e.g. profile: substation-plc"));
        if (!PROFILE_NAME.matcher(profileName).matches()) {
            throw new DeviceException(Kind.CONFIG, "settings.profile: \"" + profileName
                    + "\" is not a profile name (letters, digits, '.', '_', '-')");
        }
        return device.configDir().resolve("profiles").resolve(profileName + ".yaml");
    }

    private ProfileTemplate template(Path file, DeviceConfig device) throws DeviceException {
        String profileName = device.setting("profile").map(String::trim).orElse("");
        try {
            return profiles.load(file);
        } catch (NoSuchFileException e) {
            throw new DeviceException(Kind.CONFIG, "settings.profile: profile \"" + profileName
                    + "\" not found: no file " + file, e);
        } catch (IOException e) {
            throw new DeviceException(Kind.CONFIG, "settings.profile: cannot read " + file + ": " + e, e);
        } catch (ConfigException e) {
            throw new DeviceException(Kind.CONFIG, "settings.profile \"" + profileName + "\": "
                    + e.getMessage(), e);
        }
    }

    /** {@code settings.framing} when given. */
    private static Optional<ModbusFraming.Type> framing(DeviceConfig device) throws DeviceException {
        String text = device.setting("framing").map(String::trim).orElse("");
        if (text.isEmpty()) {
            return Optional.empty();
        }
        for (ModbusFraming.Type kind : ModbusFraming.Type.values()) {
            if (kind.key().equalsIgnoreCase(text)) {
                return Optional.of(kind);
            }
        }
        throw new DeviceException(Kind.CONFIG, "settings.framing: expected tcp or rtu, got \"" + text + "\"");
    }

    /** RTU on serial lines, Modbus TCP on everything else. */
    private static ModbusFraming.Type defaultFraming(Link link) {
        return link.uri().toLowerCase(Locale.ROOT).startsWith("serial:") ? ModbusFraming.Type.RTU
                : ModbusFraming.Type.TCP;
    }

    private static int unitId(DeviceConfig device) throws DeviceException {
        String text = device.address() == null ? "" : device.address().trim();
        try {
            int unit = Integer.parseInt(text);
            if (unit >= 0 && unit <= 247) {
                return unit;
            }
        } catch (NumberFormatException notANumber) {
            // reported below with the value
        }
        throw new DeviceException(Kind.CONFIG, "address: expected a Modbus unit id 0..247, got \""
                + text + "\"");
    }


    /**
     * One session's profile: the newest good version of its file resolved with the device's settings.
     * An edit that no longer resolves with them is logged once and the last good profile kept.
     */
    private final class DeviceProfile {
        private final Path file;
        private final Map<String, String> settings;
        private final String where;
        private ProfileTemplate template;
        private Profile profile;
        private long checkedAt;

        DeviceProfile(Path file, ProfileTemplate template, Profile profile, Map<String, String> settings, String where) {
            this.file = file;
            this.template = template;
            this.profile = profile;
            this.settings = settings;
            this.where = where;
            this.checkedAt = ticker.getAsLong();
        }

        synchronized Profile newest(Profile current) {
            long now = ticker.getAsLong();
            if (now - checkedAt < PROFILE_CHECK_INTERVAL.toNanos()) {
                return profile;
            }
            checkedAt = now;
            ProfileTemplate newest = profiles.refresh(file, template);
            if (newest == template) {
                return profile;
            }
            template = newest;
            try {
                profile = newest.resolve(settings);
            } catch (ConfigException | IllegalArgumentException e) {
                LOG.log(System.Logger.Level.ERROR, "{0}: profile {1} changed but does not resolve with this device''s"
                        + " settings, keeping the previous version: {2}", where, file, e.getMessage());
            }
            return profile;
        }
    }
}
