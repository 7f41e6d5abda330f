package io.heathub.driver.dlt645;

import io.heathub.api.driver.DeviceConfig;
import io.heathub.api.driver.DeviceDriver;
import io.heathub.api.driver.DeviceException;
import io.heathub.api.driver.DeviceException.Kind;
import io.heathub.api.driver.DeviceSession;
import io.heathub.api.driver.DriverInfo;
import io.heathub.api.driver.FoundDevice;
import io.heathub.api.driver.FrameException;
import io.heathub.api.driver.Link;
import io.heathub.api.driver.Progress;
import io.heathub.config.DeviceSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.osgi.service.component.annotations.Component;

/**
 * DL/T 645-2007 electricity meters (pump and substation power). The device address is the
 * meter's 12-digit communication address; bytes go through the bus {@link Link} it is given.
 */
@Component(service = DeviceDriver.class)
public final class Dlt645Driver implements DeviceDriver {
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);
    static final int DEFAULT_WAKE_UP = 4;
    static final int MAX_WAKE_UP = 16;
    static final String DEFAULT_POINTS = "electric.energy,electric.power";
    private static final DriverInfo INFO = new DriverInfo("dlt645", "DL/T 645-2007 electricity meter", "dlt645", Map.of(
            "points", "comma list of points to read (default " + DEFAULT_POINTS + "); known: " + knownPoints(),
            "timeout", "reply timeout, e.g. 1s or 500ms (default 1s)",
            "wakeUp", "FE wake-up bytes before each request, 0.." + MAX_WAKE_UP + " (default " + DEFAULT_WAKE_UP + ")",
            "scanMode", "scan: auto (default: read address at AAAAAAAAAAAA, probe on collision)"
                    + " | search (several meters on the line: probe the addresses only)",
            "scanTimeout", "scan: reply timeout per step (default 1s)",
            "scanFrom", "scan: first 12-digit address of the range to probe",
            "scanTo", "scan: last 12-digit address of the range to probe (at most " + Dlt645Scanner.MAX_PROBES
                    + " addresses)",
            "scanAddresses", "scan: comma list of 12-digit addresses to probe",
            "clockInterval", "how often the meter's clock is read as meter.clock with a poll, e.g. 1h (default "
                    + "1h; off = never)",
            "zone", "time zone of the meter's clock (default: the site's zone, site.zone)"));
    static final java.time.Duration DEFAULT_CLOCK_INTERVAL = java.time.Duration.ofHours(1);

    /** Public and without arguments: {@code bin/heathub read} instantiates drivers with ServiceLoader. */
    public Dlt645Driver() {
        // stateless
    }

    @Override
    public DriverInfo info() {
        return INFO;
    }

    @Override
    public DeviceSession open(DeviceConfig device, Link link) throws DeviceException {
        MeterAddress address = address(device);
        List<DataItem> points = points(device);
        Duration timeout = DeviceSettings.duration(device, "timeout", DEFAULT_TIMEOUT);
        int wakeUp = wakeUp(device);
        // the hub names the device in front of every message of ours: the meter's address is enough
        String label = "meter " + address;
        return new Dlt645Session(device.id(), label, address, points, wakeUp, new Dlt645Client(link, timeout, label),
                clock(device));
    }

    private static Dlt645Session.ClockReading clock(DeviceConfig device) throws DeviceException {
        java.time.ZoneId zone = device.zone();
        String zoneText = device.setting("zone").map(String::trim).orElse(null);
        if (zoneText != null) {
            try {
                zone = java.time.ZoneId.of(zoneText);
            } catch (java.time.DateTimeException e) {
                throw new DeviceException(Kind.CONFIG, "settings.zone: expected a time zone id like"
                        + " Asia/Shanghai, got \"" + zoneText + "\"");
            }
        }
        boolean off = device.setting("clockInterval").map(t -> t.trim().equals("off")).orElse(false);
        return new Dlt645Session.ClockReading(zone, off ? null
                : DeviceSettings.duration(device, "clockInterval", DEFAULT_CLOCK_INTERVAL));
    }

    @Override
    public void validate(DeviceConfig device) throws DeviceException {
        address(device);
        points(device);
        DeviceSettings.duration(device, "timeout", DEFAULT_TIMEOUT);
        wakeUp(device);
        clock(device);
    }

    private static MeterAddress address(DeviceConfig device) throws DeviceException {
        String addressText = device.address() == null ? "" : device.address().trim();
        MeterAddress address = MeterAddress.ofDigits(addressText).orElseThrow(() -> new DeviceException(Kind.CONFIG,
                "address: expected the meter's 12-digit communication address, e.g. 000000000161, got \""
                        + addressText + "\""));
        if (address.equals(MeterAddress.BROADCAST)) {
            throw new DeviceException(Kind.CONFIG, "address: 999999999999 is the broadcast address, "
                    + "meters do not answer it; give the meter's own address");
        }
        return address;
    }

    /**
     * Finds the meters on the line: the read-address request at the wildcard address when one
     * meter is there, else (collision, or {@code scanMode: search}) a read of forward active energy
     * at each address of {@code scanFrom..scanTo} / {@code scanAddresses}. One request at a time.
     */
    @Override
    public List<FoundDevice> scan(Link link, Map<String, String> settings, Progress progress) throws DeviceException {
        Dlt645Scanner.Settings scan = Dlt645Scanner.settings(settings, "scan on " + link.uri());
        return new Dlt645Scanner(link, scan, progress).scan();
    }

    /**
     * Reads the address of the only meter on the line with the read-address command (13h) sent
     * to the wildcard address AAAAAAAAAAAA. With several meters on the line their replies
     * collide: expect a timeout or a malformed frame.
     *
     * @param wakeUp FE bytes before the request (usually 4)
     */
    public MeterAddress readAddress(Link link, Duration timeout, int wakeUp) throws DeviceException {
        String label = "address scan on " + link.uri();
        Dlt645Client client = new Dlt645Client(link, timeout, label);
        Dlt645Client.Reply reply = client.exchange(Dlt645Codec.readAddressRequest(wakeUp), "read address (13h)");
        try {
            return Dlt645Codec.decodeReadAddressReply(reply.frame());
        } catch (FrameException e) {
            throw client.failure(e, "read address (13h)", reply.raw());
        }
    }

    private static List<DataItem> points(DeviceConfig device) throws DeviceException {
        String text = device.setting("points").orElse(DEFAULT_POINTS);
        Set<DataItem> items = new LinkedHashSet<>();
        for (String name : text.split(",", -1)) {
            String point = name.trim();
            if (point.isEmpty()) {
                throw new DeviceException(Kind.CONFIG, "settings.points: empty point name in \"" + text
                        + "\"; known: " + knownPoints());
            }
            items.add(DataItem.byPoint(point).orElseThrow(() -> new DeviceException(Kind.CONFIG,
                    "settings.points: unknown point \"" + point + "\"; known: " + knownPoints())));
        }
        return new ArrayList<>(items);
    }


    private static int wakeUp(DeviceConfig device) throws DeviceException {
        String text = device.setting("wakeUp").map(String::trim).orElse(null);
        if (text == null) {
            return DEFAULT_WAKE_UP;
        }
        try {
            int count = Integer.parseInt(text);
            if (count >= 0 && count <= MAX_WAKE_UP) {
                return count;
            }
        } catch (NumberFormatException notANumber) {
            // reported below with the value
        }
        throw new DeviceException(Kind.CONFIG, "settings.wakeUp: expected a count of FE bytes 0.."
                + MAX_WAKE_UP + ", got \"" + text + "\"");
    }

    private static String knownPoints() {
        return Arrays.stream(DataItem.values()).map(DataItem::point).collect(Collectors.joining(", "));
    }
}
