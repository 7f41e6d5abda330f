package io.heathub.forward.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Map;

/**
 * Where the hub polls for commands and posts their results.
 *
 * @param commandsUrl  GET: the backend's pending commands; empty = no polled commands
 * @param resultsUrl   POST: one result each, retried until 2xx
 * @param pollInterval pause between two polls
 * @param headers      the uplink's extra headers (authorisation), values never logged
 * @param timeout      longest wait for an answer
 */
record HttpCommandSettings(String commandsUrl, String resultsUrl, Duration pollInterval, Map<String, String> headers,
                           Duration timeout) {
    HttpCommandSettings {
        commandsUrl = commandsUrl == null ? "" : commandsUrl.strip();
        resultsUrl = resultsUrl == null || resultsUrl.isBlank()
                ? (commandsUrl.isEmpty() ? "" : commandsUrl.replaceAll("/+$", "") + "/results") : resultsUrl.strip();
        headers = Map.copyOf(headers);
        if (!commandsUrl.isEmpty()) {
            check("commandsUrl", commandsUrl);
            check("resultsUrl", resultsUrl);
            if (pollInterval.isNegative() || pollInterval.isZero()) {
                throw new IllegalArgumentException("commandsPollInterval must be at least 1 s, got " + pollInterval);
            }
        }
    }

    private static void check(String key, String url) {
        try {
            URI uri = new URI(url);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException(key + " must be an http:// or https:// URL, got \"" + url + "\"");
            }
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(key + " is not a URL: \"" + url + "\" (" + e.getReason() + ")");
        }
    }

    static HttpCommandSettings from(HttpUplinkConfig config, HttpUplinkSettings uplink) {
        return new HttpCommandSettings(config.commandsUrl(), config.resultsUrl(),
                Duration.ofSeconds(config.commandsPollInterval()), uplink.headers(), uplink.timeout());
    }

    boolean enabled() {
        return !commandsUrl.isEmpty();
    }

    /** Who asks, for the audit log: {@code http:<host of commandsUrl>}. */
    String asker() {
        return "http:" + URI.create(commandsUrl).getHost();
    }
}
