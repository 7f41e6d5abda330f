package io.heathub.driver.mbus;

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
 * Wired M-Bus meters (EN 13757-2/-3) on a bus {@link Link}: primary address {@code 0..250} or
 * secondary address {@code 12345678[.MAN[.VV[.MM]]]}; one REQ_UD2 per poll.
 */
@Component(service = DeviceDriver.class)
public final class MbusDriver implements DeviceDriver {
    /** At 2400 baud a 255-byte reply takes ~1.1 s of line time after the first byte; 1 s to its start is usual. */
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);
    private static final DriverInfo INFO = new DriverInfo("mbus", "Wired M-Bus (EN 13757-2/-3)", "mbus", Map.of(
            "timeout", "reply timeout, e.g. 1s or 500ms (default 1s)",
            "scan", "scan: primary (SND_NKE to 0..250) | secondary (wildcard search, default)",
            "scanTimeout", "scan: answer timeout per step (default 500ms)"));

    private final MbusFrameDecoder decoder = new MbusFrameDecoder();

    /** Public and without arguments: {@code bin/heathub read} instantiates drivers with ServiceLoader. */
    public MbusDriver() {
        // the decoder is stateless
    }

    @Override
    public DriverInfo info() {
        return INFO;
    }

    @Override
    public DeviceSession open(DeviceConfig device, Link link) throws DeviceException {
        MbusAddress address = address(device);
        Duration timeout = checkedTimeout(device);
        // the hub names the device in front of every message of ours: the M-Bus address is enough
        String label = "M-Bus " + address;
        return new MbusSession(device.id(), label, address, link, timeout, decoder);
    }

    @Override
    public void validate(DeviceConfig device) throws DeviceException {
        address(device);
        checkedTimeout(device);
    }

    private static MbusAddress address(DeviceConfig device) throws DeviceException {
        return MbusAddress.parse(device.address()).orElseThrow(() -> new DeviceException(Kind.CONFIG,
                "address: expected a primary address 0..250 or a secondary address like 12345678"
                + " or 12345678.SPX.01.04 (id, manufacturer, version, medium), got \"" + device.address() + "\""));
    }

    /** The reply timeout, once every setting is known to be one of this driver's. */
    private static Duration checkedTimeout(DeviceConfig device) throws DeviceException {
        Duration timeout = DeviceSettings.duration(device, "timeout", DEFAULT_TIMEOUT);
        for (String key : device.settings().keySet()) {
            if (!INFO.settings().containsKey(key)) {
                throw new DeviceException(Kind.CONFIG, "settings." + key
                        + ": unknown setting; known: " + INFO.settings().keySet());
            }
        }
        return timeout;
    }

    /**
     * Finds the meters on the line: {@code scan: secondary} (default) by the wildcard select
     * search, {@code scan: primary} by SND_NKE to every primary address. One request at a time.
     */
    @Override
    public List<FoundDevice> scan(Link link, Map<String, String> settings, Progress progress) throws DeviceException {
        MbusScanner.Settings scan = MbusScanner.settings(settings, INFO.settings().keySet(), "scan on " + link.uri());
        return new MbusScanner(link, scan, progress, decoder).scan();
    }

}
