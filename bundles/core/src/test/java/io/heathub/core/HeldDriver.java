package io.heathub.core;

import io.heathub.api.Reading;
import io.heathub.api.Unit;
import io.heathub.api.driver.Command;
import io.heathub.api.driver.CommandResult;
import io.heathub.api.driver.DeviceConfig;
import io.heathub.api.driver.DeviceDriver;
import io.heathub.api.driver.DeviceSession;
import io.heathub.api.driver.DriverInfo;
import io.heathub.api.driver.Link;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A driver (id {@code scripted}) whose devices read one {@code level} each poll and whose
 * commands wait, while {@link #hold} is closed, as a slow valve would: so a test can have
 * commands queued and running when the bus or the hub stops. Counts every execution by request id.
 */
final class HeldDriver implements DeviceDriver {
    final Map<String, AtomicInteger> executions = new ConcurrentHashMap<>();
    final AtomicInteger reads = new AtomicInteger();
    /** Counted down each time a command starts executing. */
    final java.util.concurrent.Semaphore started = new java.util.concurrent.Semaphore(0);
    volatile CountDownLatch hold = new CountDownLatch(0);

    /** Commands wait from now on until {@link #release}. */
    void holdCommands() {
        hold = new CountDownLatch(1);
    }

    void release() {
        hold.countDown();
    }

    int executed(String requestId) {
        AtomicInteger n = executions.get(requestId);
        return n == null ? 0 : n.get();
    }

    @Override
    public DriverInfo info() {
        return new DriverInfo("scripted", "held test driver", "test", Map.of());
    }

    @Override
    public DeviceSession open(DeviceConfig device, Link link) {
        return new DeviceSession() {
            @Override
            public List<Reading> read(Set<String> points) {
                return List.of(Reading.good(device.id(), "level", BigDecimal.valueOf(reads.incrementAndGet()), Unit.NONE,
                        Instant.now()));
            }

            @Override
            public CommandResult execute(Command command) {
                executions.computeIfAbsent(command.requestId(), k -> new AtomicInteger()).incrementAndGet();
                started.release();
                try {
                    hold.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return CommandResult.failed(command.requestId(), "interrupted");
                }
                return CommandResult.done(command.requestId(), command.value());
            }
        };
    }
}
