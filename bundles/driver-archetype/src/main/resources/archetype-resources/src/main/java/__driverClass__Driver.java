package ${package};

import io.heathub.api.driver.DeviceConfig;
import io.heathub.api.driver.DeviceDriver;
import io.heathub.api.driver.DeviceException;
import io.heathub.api.driver.DeviceException.Kind;
import io.heathub.api.driver.DeviceSession;
import io.heathub.api.driver.DriverInfo;
import io.heathub.api.driver.FoundDevice;
import io.heathub.api.driver.Link;
import io.heathub.api.driver.LinkTimeoutException;
import io.heathub.api.driver.Progress;
import io.heathub.api.driver.ScanSteps;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.osgi.service.component.annotations.Component;

/**
 * ${driverClass} meters (protocol {@code ${driverName}}). The hub finds this DS component by
 * {@link DeviceDriver} and matches {@link DriverInfo#id()} to {@code driver: ${driverName}} in
 * {@code site.yaml}; the offline tools find it through {@code META-INF/services}.
 */
@Component(service = DeviceDriver.class)
public final class ${driverClass}Driver implements DeviceDriver {
    static final String ID = "${driverName}";
    private static final Pattern DURATION = Pattern.compile("([0-9]{1,6})(ms|s|m)");
    private static final DriverInfo INFO = new DriverInfo(ID, "${driverClass} meters", ID, Map.of(
            "timeout", "reply timeout per request, e.g. 500ms or 2s (the hub passes the bus timeout: unless set here)",
            "scanFrom", "scan: first address to probe (default 1)",
            "scanTo", "scan: last address to probe (default 250)"));

    /** Public and without arguments: the offline tools create drivers with ServiceLoader. */
    public ${driverClass}Driver() {
        // stateless: everything a device needs lives in its session
    }

    @Override
    public DriverInfo info() {
        return INFO;
    }

    /** Checks the address and settings; no I/O. Errors name the field; the hub names the device. */
    @Override
    public DeviceSession open(DeviceConfig device, Link link) throws DeviceException {
        int address = address("address", device.address());
        Duration timeout = duration("settings.timeout", device.setting("timeout").orElse("1s"));
        return new ${driverClass}Session(device.id(), address, link, timeout);
    }

    /** The checks of {@link #open} without a link: the hub and {@code bin/heathub check} call it when the site is read. */
    @Override
    public void validate(DeviceConfig device) throws DeviceException {
        address("address", device.address());
        duration("settings.timeout", device.setting("timeout").orElse("1s"));
    }

    /** Probes each address of {@code scanFrom..scanTo} with a read, one request at a time. */
    @Override
    public List<FoundDevice> scan(Link link, Map<String, String> settings, Progress progress) throws DeviceException {
        int from = address("scanFrom", settings.getOrDefault("scanFrom", "1"));
        int to = address("scanTo", settings.getOrDefault("scanTo", "250"));
        Duration timeout = duration("timeout", settings.getOrDefault("timeout", "500ms"));
        List<Integer> addresses = IntStream.rangeClosed(from, to).boxed().toList();
        List<FoundDevice> found = new ArrayList<>();
        ScanSteps.probeEach(addresses, 0, addresses.size(), progress, found, address -> probe(link, address, timeout));
        return found;
    }

    private static FoundDevice probe(Link link, int address, Duration timeout) throws DeviceException {
        byte[] request = ${driverClass}Codec.frame(address, ${driverClass}Codec.READ);
        try {
            byte[] reply = link.exchange(request, ${driverClass}Codec::frameLength, timeout,
                    frame -> !${driverClass}Codec.isRequest(frame) && (${driverClass}Codec.address(frame) == address
                            || ${driverClass}Codec.address(frame) < 0));
            ${driverClass}Codec.reply(reply, ${driverClass}Codec.READ);
            return new FoundDevice(Integer.toString(address), "${driverClass} meter");
        } catch (LinkTimeoutException silent) {
            return null;
        } catch (io.heathub.api.driver.FrameException e) {
            return new FoundDevice(Integer.toString(address), "garbled reply (two meters on this address, or noise): "
                    + e.getMessage());
        } catch (IOException e) {
            throw new DeviceException(Kind.IO, "scan: " + e.getMessage(), e);
        }
    }

    private static int address(String field, String text) throws DeviceException {
        String value = text == null ? "" : text.trim();
        if (value.matches("[0-9]{1,3}")) {
            int address = Integer.parseInt(value);
            if (address >= 1 && address <= 250) {
                return address;
            }
        }
        throw new DeviceException(Kind.CONFIG, field + ": expected an address 1..250, got \"" + value + "\"");
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
        throw new DeviceException(Kind.CONFIG, field + ": expected a duration like 500ms or 2s, got \"" + text + "\"");
    }
}
