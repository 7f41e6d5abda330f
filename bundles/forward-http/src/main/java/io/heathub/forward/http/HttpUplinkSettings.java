package io.heathub.forward.http;

import io.heathub.camel.journal.uplink.UplinkSpec;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The uplink's settings in force.
 *
 * @param url          where batches go; empty = disabled
 * @param headers      extra request headers (values never logged)
 * @param batchSize    most readings per POST
 * @param timeout      longest wait for an answer
 * @param pollInterval pause between rounds when the backlog is drained
 * @param firstBackoff first wait after a failure (doubling up to {@code maxBackoff})
 * @param maxBackoff   longest wait between attempts while the backend fails
 * @param hubId        the hub id on the wire; empty = the site id
 */
record HttpUplinkSettings(String url, Map<String, String> headers, int batchSize, Duration timeout,
                          Duration pollInterval, Duration firstBackoff, Duration maxBackoff, String hubId) {
    static final String URL_ENV = "HEATHUB_HTTP_UPLINK_URL";

    HttpUplinkSettings {
        url = url == null ? "" : url.strip();
        headers = Map.copyOf(headers);
        hubId = hubId == null ? "" : hubId.strip();
        UplinkSpec.checkBatchSize(batchSize);
        if (timeout.toMillis() < 1) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
        if (!url.isEmpty()) {
            try {
                URI uri = new URI(url);
                if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
                    throw new IllegalArgumentException("url must be http:// or https://, got \"" + url + "\"");
                }
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("url is not a URL: \"" + url + "\" (" + e.getReason() + ")");
            }
        }
    }

    static HttpUplinkSettings from(HttpUplinkConfig config, Function<String, String> env) {
        String override = env.apply(URL_ENV);
        String url = override != null && !override.isBlank() ? override : config.url();
        Map<String, String> headers = new LinkedHashMap<>();
        for (String h : config.headers()) {
            int colon = h.indexOf(':');
            if (colon < 1) {
                throw new IllegalArgumentException("header must be 'Name: value', got \"" + h + "\"");
            }
            headers.put(h.substring(0, colon).strip(), h.substring(colon + 1).strip());
        }
        return new HttpUplinkSettings(url, headers, config.batchSize(), Duration.ofSeconds(config.timeoutSeconds()),
                Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(60), config.hubId());
    }

    /**
     * The camel-http endpoint: POST, every timeout the configured one, no redirects followed (a
     * redirect is an answer to act on, not to chase with a batch), a non-2xx answer an exception.
     */
    String endpointUri() {
        long millis = timeout.toMillis();
        return url + (url.contains("?") ? "&" : "?") + "httpMethod=POST&throwExceptionOnFailure=true"
                + "&followRedirects=false&connectTimeout=" + millis + "&connectionRequestTimeout=" + millis
                + "&responseTimeout=" + millis + "&soTimeout=" + millis;
    }

    boolean enabled() {
        return !url.isEmpty();
    }

    @Override
    public String toString() {
        return "url=" + url + ", headers=" + headers.keySet() + ", batchSize=" + batchSize + ", timeout="
                + timeout.toSeconds() + "s" + (hubId.isEmpty() ? "" : ", hubId=" + hubId);
    }
}
