package io.heathub.transport;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads options from a bus URI's query ({@code ?connectTimeout=2s&reconnectDelay=1s}). */
final class LinkUris {
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m)?");

    private LinkUris() {
    }

    /** The query as key/value pairs, failing on keys not in {@code allowed}. */
    static Map<String, String> query(URI uri, Set<String> allowed) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        String query = uri.getQuery();
        if (query == null || query.isEmpty()) {
            return out;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            if (!allowed.contains(key)) {
                throw new IOException(uri + ": unknown option '" + key + "'; allowed: " + String.join(", ", allowed));
            }
            out.put(key, value);
        }
        return out;
    }

    /** A duration option: {@code 500ms}, {@code 2s}, {@code 1m}; a bare number is seconds. */
    static Duration duration(URI uri, Map<String, String> options, String key, Duration fallback) throws IOException {
        String text = options.get(key);
        if (text == null) {
            return fallback;
        }
        Matcher m = DURATION.matcher(text.trim());
        if (!m.matches()) {
            throw new IOException(uri + ": option " + key + ": expected a duration like 2s or 500ms, got \"" + text + "\"");
        }
        long amount = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofSeconds(amount);
        };
    }
}
