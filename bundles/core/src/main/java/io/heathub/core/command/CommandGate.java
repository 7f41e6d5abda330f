package io.heathub.core.command;

import io.heathub.api.driver.Command;
import io.heathub.config.site.CommandPolicy;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The checks a command passes before it is queued: the utility's bounds for the point and a
 * per-device rate limit (a sliding 60 s window). Times are monotonic nanoseconds, so a wall-clock
 * jump neither frees nor blocks a device; the commands of the last minute before a restart are
 * counted again from the audit log ({@link #restore}). Thread-safe.
 */
public final class CommandGate {
    static final long WINDOW = TimeUnit.MINUTES.toNanos(1);
    private final Map<String, Deque<Long>> recent = new HashMap<>();

    /** The reason to refuse {@code command}, or empty when it may go; an accepted one is counted. */
    public synchronized Optional<String> check(Command command, CommandPolicy policy, long now) {
        Optional<CommandPolicy.Range> bound = policy.bound(command.point());
        if (bound.isPresent() && !bound.get().contains(command.value())) {
            return Optional.of(command.point() + " " + command.value().toPlainString() + " is outside the site's bounds "
                    + bound.get().min().toPlainString() + ".." + bound.get().max().toPlainString()
                    + " (site.yaml commands.bounds)");
        }
        Deque<Long> times = recent.computeIfAbsent(command.device(), d -> new ArrayDeque<>());
        while (!times.isEmpty() && now - times.peekFirst() >= WINDOW) {
            times.removeFirst();
        }
        if (times.size() >= policy.maxPerDevicePerMinute()) {
            return Optional.of("rate limit: " + policy.maxPerDevicePerMinute() + " commands per minute for device "
                    + command.device() + " already reached (site.yaml commands.maxPerDevicePerMinute)");
        }
        times.addLast(now);
        return Optional.empty();
    }

    /** Counts a command accepted for {@code device} at {@code at} (on the same ticker, possibly before now). */
    public synchronized void restore(String device, long at) {
        Deque<Long> times = recent.computeIfAbsent(device, d -> new ArrayDeque<>());
        if (times.isEmpty() || at - times.peekLast() >= 0) {
            times.addLast(at);
        }
    }
}
