package io.heathub.transport;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads options from a bus URI's query ({@code ?connectTimeout=2s&reconnectDelay=1s}). A bad
 * option is a configuration mistake, not an I/O failure: it is an {@link IllegalArgumentException}
 * whose message names the URI, the key, the value given and what is allowed.
 */
final class LinkUris {
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m)?");
    /** The longest duration option: a day is beyond any timeout or reconnect delay of a link; more is a typo. */
    static final Duration MAX_DURATION = Duration.ofDays(1);

    private LinkUris() {
    }

    /** The query of a hierarchical URI as key/value pairs, failing on keys not in {@code allowed}. */
    static Map<String, String> query(URI uri, Set<String> allowed) {
        return query(uri, uri.getQuery(), allowed);
    }

    /** {@code query} (decoded, may be null) as key/value pairs, failing on keys not in {@code allowed}. */
    static Map<String, String> query(URI uri, String query, Set<String> allowed) {
        Map<String, String> out = new LinkedHashMap<>();
        if (query == null || query.isEmpty()) {
            return out;
        }
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue; // "a=1&&b=2" or a trailing '&'
            }
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            if (!allowed.contains(key)) {
                throw new IllegalArgumentException(uri + ": unknown option '" + key + "'; allowed: "
                        + String.join(", ", allowed.stream().sorted().toList()));
            }
            if (out.put(key, value) != null) {
                throw new IllegalArgumentException(uri + ": option " + key + " is given twice");
            }
        }
        return out;
    }

    /** A duration option: {@code 500ms}, {@code 2s}, {@code 1m}; a bare number is seconds. */
    static Duration duration(URI uri, Map<String, String> options, String key, Duration fallback) {
        String text = options.get(key);
        if (text == null) {
            return fallback;
        }
        Matcher m = DURATION.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException(uri + ": option " + key
                    + ": expected a duration like 2s or 500ms, got \"" + text + "\"");
        }
        String unit = m.group(2) == null ? "s" : m.group(2);
        // at most 9 digits: no overflow below; anything longer is far beyond MAX_DURATION anyway
        long amount = m.group(1).length() > 9 ? Long.MAX_VALUE / 60_000 : Long.parseLong(m.group(1));
        Duration value = switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofSeconds(amount);
        };
        if (value.compareTo(MAX_DURATION) > 0) {
            throw new IllegalArgumentException(uri + ": option " + key + ": " + text.trim()
                    + " is longer than the longest duration allowed, 1 day");
        }
        return value;
    }

    /** A duration option that must be longer than zero. */
    static Duration positiveDuration(URI uri, Map<String, String> options, String key, Duration fallback) {
        Duration d = duration(uri, options, key, fallback);
        if (d != null && (d.isZero() || d.isNegative())) {
            throw new IllegalArgumentException(uri + ": option " + key + ": expected a duration above zero like 50ms, got \""
                    + options.get(key) + "\"");
        }
        return d;
    }

    /** An integer option within {@code min..max}. */
    static int integer(URI uri, Map<String, String> options, String key, int fallback, int min, int max) {
        String text = options.get(key);
        if (text == null) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text.trim());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException notANumber) {
            // reported below with the allowed range
        }
        throw new IllegalArgumentException(uri + ": option " + key + ": expected a whole number from " + min + " to "
                + max + ", got \"" + text + "\"");
    }

    /** An option that must be one of {@code allowed} (compared ignoring case); returns the allowed spelling. */
    static String oneOf(URI uri, Map<String, String> options, String key, String fallback, List<String> allowed) {
        String text = options.get(key);
        if (text == null) {
            return fallback;
        }
        for (String a : allowed) {
            if (a.equalsIgnoreCase(text.trim())) {
                return a;
            }
        }
        throw new IllegalArgumentException(uri + ": option " + key + ": expected one of " + String.join(", ", allowed)
                + ", got \"" + text + "\"");
    }
}
