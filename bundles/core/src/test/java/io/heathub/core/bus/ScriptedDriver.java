package io.heathub.core.bus;

import io.heathub.api.Reading;
import io.heathub.api.Unit;
import io.heathub.api.driver.Command;
import io.heathub.api.driver.CommandResult;
import io.heathub.api.driver.DeviceConfig;
import io.heathub.api.driver.DeviceDriver;
import io.heathub.api.driver.DeviceException;
import io.heathub.api.driver.DeviceSession;
import io.heathub.api.driver.DriverInfo;
import io.heathub.api.driver.Link;
import io.heathub.api.driver.LinkFactory;
import io.heathub.testkit.line.ScriptedLine;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A driver whose devices behave as the test says: address "ok" answers, "slow" answers after a
 * delay, "silent" times out after a delay, "bad" is refused at open, "error" throws an {@link Error} (a class missing from
 * the driver's bundle), "hang" blocks like a native call that ignores interrupts until
 * {@link #release} opens. Records every call with the thread it came on.
 */
final class ScriptedDriver implements DeviceDriver {
    /** A request starting with this byte gets no answer on the {@link #loopbackLine}. */
    static final byte SILENT = 9;
    /** A request starting with this byte is answered, and the driver finds the answer's checksum wrong. */
    static final byte GARBLED = 8;
    final Map<String, AtomicInteger> reads = new ConcurrentHashMap<>();
    final List<String> calls = new CopyOnWriteArrayList<>();
    /** Per read: the device and the serial settings its link was at ({@code -} for no serial line). */
    final List<String> lineAtRead = new CopyOnWriteArrayList<>();
    final Set<String> callThreads = ConcurrentHashMap.newKeySet();
    final AtomicInteger closed = new AtomicInteger();
    volatile long silentDelayMillis = 100;
    final java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);

    @Override
    public DriverInfo info() {
        return new DriverInfo("scripted", "Scripted test driver", "test", Map.of());
    }

    @Override
    public DeviceSession open(DeviceConfig device, Link link) throws DeviceException {
        if (device.address().equals("bad")) {
            throw new DeviceException(DeviceException.Kind.CONFIG, "address 'bad' is not a valid test address");
        }
        return new DeviceSession() {
            @Override
            public List<Reading> read(Set<String> points) throws DeviceException {
                calls.add("read " + device.id());
                lineAtRead.add(device.id() + " " + link.lineSettings().map(Object::toString).orElse("-"));
                callThreads.add(Thread.currentThread().getName());
                int n = reads.computeIfAbsent(device.id(), k -> new AtomicInteger()).incrementAndGet();
                if (device.address().startsWith("link")) {
                    return overTheLink(device, link, n);
                }
                if (device.address().equals("error")) {
                    throw new NoClassDefFoundError("com/vendor/MeterTable");
                }
                if (device.address().equals("hang")) {
                    hang();
                }
                if (device.address().equals("slow")) {
                    sleep(silentDelayMillis);
                    return List.of(Reading.good(device.id(), "heat.energy", BigDecimal.valueOf(n), Unit.KWH, Instant.now()));
                }
                if (device.address().equals("silent")) {
                    sleep(silentDelayMillis);
                    throw new DeviceException(DeviceException.Kind.TIMEOUT, "no reply within " + silentDelayMillis + " ms");
                }
                return List.of(Reading.good(device.id(), "heat.energy", BigDecimal.valueOf(n), Unit.KWH, Instant.now()));
            }

            @Override
            public CommandResult execute(Command command) {
                calls.add("command " + device.id());
                return CommandResult.done(command.requestId(), command.value());
            }

            @Override
            public void close() {
                closed.incrementAndGet();
            }
        };
    }

    /**
     * A line whose far end answers every request with the request itself, except requests
     * starting with {@link #SILENT}, in real time (line statistics measure how long the line was busy).
     */
    static LinkFactory.ManagedLink loopbackLine(URI uri) {
        return ScriptedLine.answering(request -> request[0] == SILENT ? null : request).uri(uri.toString()).inRealTime();
    }

    /**
     * Addresses "link-ok", "link-silent" and "link-garbled" exchange one frame through the bus
     * link (a {@link #loopbackLine} in tests), so line statistics see real traffic.
     */
    private static List<Reading> overTheLink(DeviceConfig device, Link link, int n) throws DeviceException {
        byte marker = switch (device.address()) {
            case "link-silent" -> SILENT;
            case "link-garbled" -> GARBLED;
            default -> 1;
        };
        try {
            byte[] reply = link.exchange(new byte[] {marker, 2, 3, 4}, (b, len) -> 4, java.time.Duration.ofMillis(50),
                    r -> true);
            if (reply[0] == GARBLED) {
                throw new DeviceException(DeviceException.Kind.CHECKSUM, "checksum mismatch at offset 3");
            }
        } catch (io.heathub.api.driver.LinkTimeoutException e) {
            throw new DeviceException(DeviceException.Kind.TIMEOUT, e.getMessage());
        } catch (java.io.IOException e) {
            throw new DeviceException(DeviceException.Kind.IO, e.getMessage());
        }
        return List.of(Reading.good(device.id(), "heat.energy", BigDecimal.valueOf(n), Unit.KWH, Instant.now()));
    }

    /** Waits for {@link #release} and shrugs off interrupts, as a stuck native read would. */
    private void hang() {
        while (true) {
            try {
                release.await();
                return;
            } catch (InterruptedException ignored) {
                // a native call does not see it
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
