package io.heathub.driver.cjt188;

import io.heathub.api.driver.DeviceConfig;
import io.heathub.api.driver.DeviceDriver;
import io.heathub.api.driver.DeviceException;
import io.heathub.api.driver.DeviceException.Kind;
import io.heathub.api.driver.DeviceSession;
import io.heathub.api.driver.DriverInfo;
import io.heathub.api.driver.FoundDevice;
import io.heathub.api.driver.Link;
import io.heathub.api.driver.Progress;
import io.heathub.config.DeviceSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Component;

/**
 * CJ/T 188 heat and water meters and valve actuators. The device address is the meter's 14-digit
 * address as printed on it; bytes go through the bus {@link Link} it is given.
 */
@Component(service = DeviceDriver.class)
public final class Cjt188Driver implements DeviceDriver {
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
    static final int DEFAULT_WAKE_UP = 4;
    static final int DEFAULT_TYPE = 0x20;
    static final int DEFAULT_VALVE_CONTROL = Cjt188Codec.WRITE_DATA;
    private static final DriverInfo INFO = new DriverInfo("cjt188", "CJ/T 188 heat/water meters and valves", "cjt188",
            Map.ofEntries(
                    Map.entry("unitPosition", "after (standard, default) | before: unit byte position of 4-byte values"),
                    Map.entry("flowDecimals", "decimals of the flow value (default 4; 3 for some vendors)"),
                    Map.entry("zone", "time zone of the meter clock (default: the site's zone, site.zone)"),
                    Map.entry("timeout", "reply timeout, e.g. 2s or 800ms (default 2s)"),
                    Map.entry("wakeUp", "number of FE bytes before a request (default 4)"),
                    Map.entry("meterType", "meter type T in hex: 20 heat (default), 10..19 water"),
                    Map.entry("valveControl", "C byte of the valve write in hex (default 04; vendor-specific)"),
                    Map.entry("scanMode", "scan: auto (default: broadcast read-address, search on collision)"
                            + " | search (several meters on the line: probe the addresses only)"),
                    Map.entry("scanTimeout", "scan: reply timeout per step (default 1s)"),
                    Map.entry("scanFrom", "scan: first 14-digit address of the range to probe"),
                    Map.entry("scanTo", "scan: last 14-digit address of the range to probe (at most "
                            + Cjt188Scanner.MAX_PROBES + " addresses)"),
                    Map.entry("scanAddresses", "scan: comma list of 14-digit addresses to probe"),
                    Map.entry("scanWildcard", "scan: none (default: the standard has no partial wildcard) | high"
                            + " (the meters accept AA in the high address bytes: a collision is narrowed byte by byte)")));

    /** Public and without arguments: {@code bin/heathub read} instantiates drivers with ServiceLoader. */
    public Cjt188Driver() {
        // stateless
    }

    @Override
    public DriverInfo info() {
        return INFO;
    }

    @Override
    public DeviceSession open(DeviceConfig device, Link link) throws DeviceException {
        MeterSettings meter = meterSettings(device);
        // the hub names the device in front of every message of ours: the meter's address is enough
        String label = "meter " + meter.address();
        return new Cjt188Session(device.id(), label, meter.address(), meter.type(), link, meter.options());
    }

    @Override
    public void validate(DeviceConfig device) throws DeviceException {
        meterSettings(device);
    }

    /** What {@link #open} takes from the device's address and settings. */
    private record MeterSettings(String address, int type, Cjt188Session.Options options) {
    }

    private static MeterSettings meterSettings(DeviceConfig device) throws DeviceException {
        String address = device.address() == null ? "" : device.address().trim();
        if (!address.matches("[0-9]{14}")) {
            throw config("address", "expected the meter's 14-digit address, got \"" + address + "\"");
        }
        DecodeSettings decode;
        try {
            decode = DecodeSettings.from(device.settings(), device.zone());
        } catch (IllegalArgumentException e) {
            throw new DeviceException(Kind.CONFIG, "settings." + e.getMessage());
        }
        Duration timeout = DeviceSettings.duration(device, "timeout", DEFAULT_TIMEOUT);
        int wakeUp = intSetting(device, "wakeUp", 10, DEFAULT_WAKE_UP, 0, 16);
        int type = intSetting(device, "meterType", 16, DEFAULT_TYPE, 0x10, 0x20);
        if (!CurrentData.isSupportedType(type)) {
            throw config("settings.meterType", String.format("expected 20 (heat) or 10..19 (water), got %02X", type));
        }
        int valveControl = intSetting(device, "valveControl", 16, DEFAULT_VALVE_CONTROL, 0x00, 0x3F);
        return new MeterSettings(address, type, new Cjt188Session.Options(decode, timeout, wakeUp, valveControl));
    }

    /**
     * Finds the meters on the line: the broadcast read-address request when one meter is there,
     * else (collision) a narrowing search with AA in the high address bytes ({@code scanWildcard:
     * high}) or (a collision with configured addresses, or {@code scanMode: search}) a current-data
     * read of each address in {@code scanFrom..scanTo} / {@code scanAddresses}. One request at a time.
     */
    @Override
    public List<FoundDevice> scan(Link link, Map<String, String> settings, Progress progress) throws DeviceException {
        Cjt188Scanner.Settings scan = Cjt188Scanner.settings(settings, "scan on " + link.uri());
        return new Cjt188Scanner(link, scan, progress).scan();
    }

    private static int intSetting(DeviceConfig device, String key, int radix, int defaultValue,
                                  int min, int max) throws DeviceException {
        String text = device.setting(key).orElse(null);
        if (text == null) {
            return defaultValue;
        }
        String range = radix == 16 ? String.format("%02X..%02X (hex)", min, max) : min + ".." + max;
        try {
            int value = Integer.parseInt(text.trim(), radix);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below with the value
        }
        throw config("settings." + key, "expected " + range + ", got \"" + text + "\"");
    }

    /** A {@code CONFIG} error {@code field: problem}; the hub puts the device in front. */
    private static DeviceException config(String field, String problem) {
        return new DeviceException(Kind.CONFIG, field + ": " + problem);
    }
}
