package io.heathub.driver.wmbus;

import io.heathub.api.driver.DeviceConfig;
import io.heathub.api.driver.DeviceDriver;
import io.heathub.api.driver.DeviceException;
import io.heathub.api.driver.DeviceException.Kind;
import io.heathub.api.driver.DeviceSession;
import io.heathub.api.driver.DriverInfo;
import io.heathub.api.driver.Link;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Component;

/**
 * Wireless M-Bus meters (EN 13757-4, OMS) heard through an IMST iM871A receiver on the bus's
 * serial port (protocol {@code wmbus}). The hub finds this DS component by {@link DeviceDriver}
 * and matches {@link DriverInfo#id()} to {@code driver: wmbus} in {@code site.yaml}; the offline
 * tools find it through {@code META-INF/services}.
 */
@Component(service = DeviceDriver.class)
public final class WMBusDriver implements DeviceDriver {
    static final String ID = "wmbus";
    private static final Pattern DURATION = Pattern.compile("([0-9]{1,6})(ms|s|m)");
    private static final DriverInfo INFO = new DriverInfo(ID, "Wireless M-Bus meters (iM871A receiver)", ID, Map.of(
            "timeout", "how long a poll listens for the meter's telegram, e.g. 30s: longer than the meter's send"
                    + " interval (the hub passes the bus timeout: unless set here)",
            MeterSettings.KEY, "the meter's AES-128 key (32 hex digits) for encrypted (mode 5) telegrams; never logged",
            "manufacturer", "the meter's three-letter manufacturer code (e.g. KAM), when two meters share an id",
            "mode", "receiver link mode set at every poll (not stored in its flash): " + LinkMode.names()
                    + "; without it the receiver keeps its own",
            MeterSettings.ZONE, "time zone of the meter's clock (default UTC)",
            MeterSettings.DUE_DAY_STORAGE, "the storage number of the due-day values (e.g. 1): they become"
                    + " <point>.dueDay, other storages <point>.storage<n>"));

    /** Public and without arguments: the offline tools create drivers with ServiceLoader. */
    public WMBusDriver() {
        // stateless: everything a meter needs lives in its session
    }

    @Override
    public DriverInfo info() {
        return INFO;
    }

    @Override
    public void validate(DeviceConfig device) throws DeviceException {
        // open makes no I/O: its checks are the whole validation (the hub names the device in front)
        open(device, null);
    }

    /** Checks the address and settings; no I/O (the link is first used by a poll). */
    @Override
    public DeviceSession open(DeviceConfig device, Link link) throws DeviceException {
        String meterId = meterId(device.address());
        Duration timeout = duration("settings.timeout", device.setting("timeout").orElse("30s"));
        MeterSettings settings = MeterSettings.of(device.settings());
        Optional<String> manufacturer = Optional.empty();
        if (device.setting("manufacturer").isPresent()) {
            String m = device.setting("manufacturer").get().trim().toUpperCase(java.util.Locale.ROOT);
            if (!m.matches("[A-Z]{3}")) {
                throw new DeviceException(Kind.CONFIG, "settings.manufacturer: expected three letters such as KAM,"
                        + " got \"" + device.setting("manufacturer").get() + "\"");
            }
            manufacturer = Optional.of(m);
        }
        Optional<LinkMode> mode = Optional.empty();
        if (device.setting("mode").isPresent()) {
            String text = device.setting("mode").get();
            mode = Optional.of(LinkMode.named(text).orElseThrow(() -> new DeviceException(Kind.CONFIG,
                    "settings.mode: expected one of " + LinkMode.names() + ", got \"" + text + "\"")));
        }
        return new WMBusSession(device.id(), meterId, manufacturer, settings, mode, link, timeout);
    }

    private static String meterId(String text) throws DeviceException {
        String value = text == null ? "" : text.trim();
        if (!value.matches("[0-9]{8}")) {
            throw new DeviceException(Kind.CONFIG, "address: expected the meter's 8-digit identification number (as"
                    + " printed on it, e.g. 12345678), got \"" + value + "\"");
        }
        return value;
    }

    private static Duration duration(String field, String text) throws DeviceException {
        Matcher m = DURATION.matcher(text.trim());
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            Duration d = switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                default -> Duration.ofMinutes(n);
            };
            if (!d.isZero()) {
                return d;
            }
        }
        throw new DeviceException(Kind.CONFIG, field + ": expected a duration like 500ms or 30s, got \"" + text + "\"");
    }
}
