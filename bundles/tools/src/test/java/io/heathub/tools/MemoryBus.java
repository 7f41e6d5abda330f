package io.heathub.tools;

import io.heathub.api.Reading;
import io.heathub.api.Unit;
import io.heathub.api.driver.DeviceConfig;
import io.heathub.api.driver.DeviceDriver;
import io.heathub.api.driver.DeviceException;
import io.heathub.api.driver.DeviceSession;
import io.heathub.api.driver.DriverInfo;
import io.heathub.api.driver.FoundDevice;
import io.heathub.api.driver.Link;
import io.heathub.api.driver.LinkFactory;
import io.heathub.api.driver.Progress;
import io.heathub.testkit.line.ScriptedLine;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Test plumbing found by ServiceLoader like the real bundles: a {@code mem:} transport (the test
 * kit's {@link ScriptedLine}) whose far end answers a one-byte request with {@code [address, value]}
 * for addresses 1..3 and stays silent otherwise, and a {@code mem-meter} driver that reads and scans it.
 */
public final class MemoryBus {
    private MemoryBus() {
    }

    /** The {@code mem:} transport: a scripted line with the meters at addresses 1..3 on it. */
    public static final class Factory implements LinkFactory {
        @Override
        public Set<String> schemes() {
            return Set.of("mem");
        }

        @Override
        public ManagedLink open(URI uri) throws IOException {
            if (uri.getSchemeSpecificPart().contains("refuse")) {
                throw new IOException("connection refused (test)");
            }
            return ScriptedLine.answering(request -> {
                int address = request[0];
                return address >= 1 && address <= 3 ? new byte[] {request[0], (byte) (40 + address)} : null;
            }).uri(uri.toString());
        }
    }

    /** The {@code mem-meter} driver: the address is a number; "x" is refused. */
    public static final class Meter implements DeviceDriver {
        @Override
        public DriverInfo info() {
            return new DriverInfo("mem-meter", "In-memory test meter", "test", Map.of());
        }

        @Override
        public DeviceSession open(DeviceConfig device, Link link) throws DeviceException {
            int address;
            try {
                address = Integer.parseInt(device.address());
            } catch (NumberFormatException e) {
                throw new DeviceException(DeviceException.Kind.CONFIG, device.describe() + ": address must be a number");
            }
            BigDecimal scale = new BigDecimal(device.setting("scale").orElse("1"));
            return new DeviceSession() {
                @Override
                public List<Reading> read(Set<String> points) throws DeviceException {
                    byte[] reply = ask(link, address);
                    return List.of(Reading.good(device.id(), "heat.energy",
                            BigDecimal.valueOf(reply[1]).multiply(scale), Unit.KWH, Instant.parse("2026-11-23T00:00:00Z")));
                }

                @Override
                public io.heathub.api.driver.CommandResult execute(io.heathub.api.driver.Command command) {
                    return io.heathub.api.driver.CommandResult.refused(command.requestId(), "read-only test meter");
                }

                @Override
                public void close() {
                }
            };
        }

        @Override
        public List<FoundDevice> scan(Link link, Map<String, String> settings, Progress progress) {
            List<FoundDevice> found = new ArrayList<>();
            for (int address = 1; address <= 5; address++) {
                try {
                    ask(link, address);
                    found.add(new FoundDevice(Integer.toString(address), "mem meter"));
                } catch (DeviceException silent) {
                    // nobody at this address
                }
                progress.update(address, 5, "address " + address);
            }
            return found;
        }

        private static byte[] ask(Link link, int address) throws DeviceException {
            try {
                return link.exchange(new byte[] {(byte) address}, (b, n) -> 2, Duration.ofMillis(100), r -> true);
            } catch (IOException e) {
                throw new DeviceException(DeviceException.Kind.TIMEOUT, e.getMessage());
            }
        }
    }
}
