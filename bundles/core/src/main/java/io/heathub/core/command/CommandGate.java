package io.heathub.core.command;

import io.heathub.api.driver.Command;
import io.heathub.config.site.CommandPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The checks a command passes before it is queued: the utility's bounds for the point and a
 * per-device rate limit (a sliding 60 s window). Thread-safe.
 */
public final class CommandGate {
    private static final Duration WINDOW = Duration.ofMinutes(1);
    private final Map<String, Deque<Instant>> recent = new HashMap<>();

    /** The reason to refuse {@code command}, or empty when it may go; an accepted one is counted. */
    public synchronized Optional<String> check(Command command, CommandPolicy policy, Instant now) {
        Optional<CommandPolicy.Range> bound = policy.bound(command.point());
        if (bound.isPresent() && !bound.get().contains(command.value())) {
            return Optional.of(command.point() + " " + command.value().toPlainString() + " is outside the site's bounds "
                    + bound.get().min().toPlainString() + ".." + bound.get().max().toPlainString()
                    + " (site.yaml commands.bounds)");
        }
        Deque<Instant> times = recent.computeIfAbsent(command.device(), d -> new ArrayDeque<>());
        while (!times.isEmpty() && !times.peekFirst().isAfter(now.minus(WINDOW))) {
            times.removeFirst();
        }
        if (times.size() >= policy.maxPerDevicePerMinute()) {
            return Optional.of("rate limit: " + policy.maxPerDevicePerMinute() + " commands per minute for device "
                    + command.device() + " already reached (site.yaml commands.maxPerDevicePerMinute)");
        }
        times.addLast(now);
        return Optional.empty();
    }
}
