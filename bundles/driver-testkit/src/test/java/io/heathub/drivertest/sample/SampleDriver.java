package io.heathub.drivertest.sample;

import io.heathub.api.driver.DeviceConfig;
import io.heathub.api.driver.DeviceDriver;
import io.heathub.api.driver.DeviceException;
import io.heathub.api.driver.DeviceException.Kind;
import io.heathub.api.driver.DeviceSession;
import io.heathub.api.driver.DriverInfo;
import io.heathub.api.driver.FoundDevice;
import io.heathub.api.driver.FrameException;
import io.heathub.api.driver.Link;
import io.heathub.api.driver.LinkTimeoutException;
import io.heathub.api.driver.Progress;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The kit's sample driver: right by default, with the given {@link Flaw}s when asked. */
public class SampleDriver implements DeviceDriver {
    private final Set<Flaw> flaws;

    public SampleDriver() {
        this(EnumSet.noneOf(Flaw.class));
    }

    SampleDriver(Set<Flaw> flaws) {
        this.flaws = flaws.isEmpty() ? EnumSet.noneOf(Flaw.class) : EnumSet.copyOf(flaws);
    }

    @Override
    public DriverInfo info() {
        Map<String, String> settings = new LinkedHashMap<>();
        if (!flaws.contains(Flaw.TIMEOUT_UNDOCUMENTED)) {
            settings.put("timeout", "reply timeout per request (the bus timeout: unless set here)");
        }
        settings.put("scanFrom", "scan: first address");
        settings.put("scanTo", "scan: last address");
        return new DriverInfo("sample", "Sample meter", "sample", settings);
    }

    @Override
    public DeviceSession open(DeviceConfig device, Link link) throws DeviceException {
        int address = address(device.address());
        Duration timeout = timeout(device.setting("timeout").orElse("1s"));
        if (flaws.contains(Flaw.CHATTY_OPEN)) {
            try {
                for (int i = 0; i < 3; i++) {
                    link.send(SampleCodec.frame(address, SampleCodec.IDENTIFY));
                }
            } catch (IOException e) {
                throw new DeviceException(Kind.IO, e.getMessage(), e);
            }
        }
        return new SampleSession(device.id(), address, link, timeout, flaws);
    }

    @Override
    public void validate(DeviceConfig device) throws DeviceException {
        if (!flaws.contains(Flaw.NO_VALIDATE)) {
            address(device.address());
            timeout(device.setting("timeout").orElse("1s"));
        }
    }

    private int address(String text) throws DeviceException {
        try {
            int address = Integer.parseInt(text.trim());
            if ((address >= 1 && address <= 250) || flaws.contains(Flaw.ACCEPTS_ANY_ADDRESS)) {
                return address;
            }
        } catch (NumberFormatException e) {
            if (flaws.contains(Flaw.ACCEPTS_ANY_ADDRESS)) {
                return 1;
            }
        }
        throw new DeviceException(Kind.CONFIG, "address: expected 1..250, got \"" + text + "\"");
    }

    private Duration timeout(String text) throws DeviceException {
        String t = text.trim();
        try {
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            }
            if (t.endsWith("s")) {
                return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)));
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        if (flaws.contains(Flaw.IGNORES_BAD_TIMEOUT)) {
            return Duration.ofSeconds(1);
        }
        throw new DeviceException(Kind.CONFIG, "settings.timeout: expected 500ms or 2s, got \"" + text + "\"");
    }

    @Override
    public List<FoundDevice> scan(Link link, Map<String, String> settings, Progress progress) throws DeviceException {
        int from = Integer.parseInt(settings.getOrDefault("scanFrom", "1"));
        int to = Integer.parseInt(settings.getOrDefault("scanTo", "16"));
        List<FoundDevice> found = new ArrayList<>();
        for (int address = from; address <= to; address++) {
            if (progress.cancelled() && !flaws.contains(Flaw.SCAN_IGNORES_CANCEL)) {
                break;
            }
            int probed = address;
            try {
                byte[] reply = link.exchange(SampleCodec.frame(address, SampleCodec.IDENTIFY), SampleCodec::frameLength,
                        Duration.ofMillis(200), f -> !SampleCodec.isRequest(f) && f.length > 1 && (f[1] & 0xFF) == probed);
                SampleCodec.data(reply, SampleCodec.IDENTIFY, true);
                found.add(new FoundDevice(Integer.toString(address), "sample meter"));
            } catch (LinkTimeoutException silent) {
                if (flaws.contains(Flaw.SCAN_FINDS_GHOSTS)) {
                    found.add(new FoundDevice(Integer.toString(address), "no answer"));
                }
            } catch (IOException | FrameException e) {
                found.add(new FoundDevice(Integer.toString(address), "garbled answer: " + e.getMessage()));
            }
            if (!flaws.contains(Flaw.SCAN_WITHOUT_PROGRESS)) {
                progress.update(address - from + 1, to - from + 1, "address " + address);
            }
        }
        return found;
    }
}
