package io.heathub.config;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one way durations are written in heathub configuration: {@code 500ms}, {@code 10s},
 * {@code 5m}, {@code 2h}, {@code 1d}, a bare number of seconds, or ISO-8601 ({@code PT10S}); at
 * most {@link #MAX}.
 */
public final class Durations {
    /**
     * The longest duration configuration takes, 10 years: beyond it a value is a typo
     * ({@code pollInterval: 100000d}) and would overflow the arithmetic of deadlines and schedules.
     */
    public static final Duration MAX = Duration.ofDays(3650);
    private static final Pattern SHORT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h|d)?");

    private Durations() {
    }

    /** The duration, or empty when the text is not one or is longer than {@link #MAX}. */
    public static Optional<Duration> parse(String text) {
        return unbounded(text).filter(d -> d.compareTo(MAX) <= 0);
    }

    /**
     * What is wrong when {@code text} is a duration longer than {@link #MAX}, else empty: e.g.
     * {@code 100000d is longer than the longest duration allowed, 3650d (10 years)}.
     */
    public static Optional<String> tooLong(String text) {
        return unbounded(text).filter(d -> d.compareTo(MAX) > 0).map(d -> shorten(text.trim())
                + " is longer than the longest duration allowed, " + MAX.toDays() + "d (10 years)");
    }

    private static String shorten(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "… (" + text.length() + " characters)";
    }

    private static Optional<Duration> unbounded(String text) {
        String t = text.trim();
        if (t.toUpperCase(Locale.ROOT).startsWith("P")) {
            try {
                return Optional.of(Duration.parse(t));
            } catch (RuntimeException e) {
                return Optional.empty();
            }
        }
        Matcher m = SHORT.matcher(t);
        if (!m.matches()) {
            return Optional.empty();
        }
        double amount = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        // Math.round saturates at Long.MAX_VALUE milliseconds: far above MAX, never a wrapped value
        long millis = switch (unit) {
            case "ms" -> Math.round(amount);
            case "s" -> Math.round(amount * 1_000);
            case "m" -> Math.round(amount * 60_000);
            case "h" -> Math.round(amount * 3_600_000);
            default -> Math.round(amount * 86_400_000);
        };
        return Optional.of(Duration.ofMillis(millis));
    }
}
