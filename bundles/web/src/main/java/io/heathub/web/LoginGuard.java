package io.heathub.web;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Slows down and then locks out password guessing, per user name and per client address: after
 * {@value #FREE_PER_USER} failed sign-ins of one user (or {@value #FREE_PER_ADDRESS} from one
 * address) each further failure blocks the next attempt for 1, 2, 4 … seconds, up to
 * {@link #LOCKOUT} (a lockout). Blocked attempts are refused without checking the password (no
 * CPU spent on them, no oracle). Failures are forgotten {@link #FORGET} after the last one, or on a
 * successful sign-in. Bounded: the oldest entries go above {@value #MAX_ENTRIES}. Thread-safe.
 *
 * <p>Locking a user out by guessing against its name is possible for anyone who can reach the
 * port; it lasts at most {@link #LOCKOUT} and API tokens keep working.
 */
final class LoginGuard {
    static final int FREE_PER_USER = 3;
    static final int FREE_PER_ADDRESS = 10;
    static final Duration LOCKOUT = Duration.ofMinutes(15);
    static final Duration FORGET = Duration.ofMinutes(15);
    static final int MAX_ENTRIES = 10_000;

    private record Failures(int count, Instant last, Instant blockedUntil) {
    }

    /** Why an attempt is not even checked: whose failures, and how long to wait. */
    record Block(String who, int failures, Duration remaining) {
        boolean lockout() {
            return remaining.compareTo(LOCKOUT) >= 0 || failures >= 10;
        }
    }

    private final Map<String, Failures> failures = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Failures> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    /** The block in force for {@code user} (null: a token, counted per address only) from {@code address}, if any. */
    synchronized Optional<Block> blocked(String user, String address, Instant now) {
        Optional<Block> byUser = user == null ? Optional.empty() : block("user '" + user + "'", "u:" + user, now);
        return byUser.isPresent() ? byUser : block("address " + address, "a:" + address, now);
    }

    /** Counts a failed sign-in ({@code user} null for a wrong token); returns the block it starts, if any. */
    synchronized Optional<Block> failed(String user, String address, Instant now) {
        if (user != null) {
            count("u:" + user, FREE_PER_USER, now);
        }
        count("a:" + address, FREE_PER_ADDRESS, now);
        return blocked(user, address, now);
    }

    synchronized void succeeded(String user, String address) {
        if (user != null) {
            failures.remove("u:" + user);
        }
        failures.remove("a:" + address);
    }

    private Optional<Block> block(String who, String key, Instant now) {
        Failures f = failures.get(key);
        if (f == null) {
            return Optional.empty();
        }
        if (now.isAfter(f.last.plus(FORGET)) && !now.isBefore(f.blockedUntil)) {
            failures.remove(key);
            return Optional.empty();
        }
        return now.isBefore(f.blockedUntil) ? Optional.of(new Block(who, f.count, Duration.between(now, f.blockedUntil)))
                : Optional.empty();
    }

    private void count(String key, int free, Instant now) {
        Failures old = failures.get(key);
        int count = old == null || now.isAfter(old.last.plus(FORGET)) ? 1 : old.count + 1;
        Instant until = now;
        if (count >= free) {
            int doublings = Math.min(count - free, 20);
            Duration wait = Duration.ofSeconds(1L << doublings);
            until = now.plus(wait.compareTo(LOCKOUT) > 0 ? LOCKOUT : wait);
        }
        failures.put(key, new Failures(count, now, until));
    }
}
