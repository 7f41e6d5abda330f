package io.heathub.web;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What the web bundle's security is set to: from PID {@code io.heathub.web} and the framework
 * properties {@code bin/heathub} sets (listen address, HTTPS, extra host names).
 *
 * @param allowedHosts         lower-case host names answered besides localhost, IP literals and the listen address
 * @param postableDevices      devices {@code POST /api/readings} accepts besides the site's {@code readings.postable}
 *                             (ids, {@code prefix*}, {@code *} = all)
 * @param plainHttpCredentials whether credentials over plain HTTP are taken from non-loopback addresses
 * @param listenHost           {@code org.apache.felix.http.host}, or null for every interface
 * @param tls                  HTTPS is on ({@code org.apache.felix.https.enable}): plain HTTP redirects
 * @param securePort           the HTTPS port
 */
record WebSettings(Set<String> allowedHosts, Set<String> postableDevices, boolean plainHttpCredentials,
                   String listenHost, boolean tls, int securePort, Duration sessionIdle, Duration sessionMax) {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    /** Local only, nothing postable beyond the site's, no TLS: what tests start from. */
    static WebSettings defaults() {
        return new WebSettings(Set.of(), Set.of(), false, null, false, 8443, Duration.ofMinutes(30),
                Duration.ofHours(12));
    }

    static WebSettings of(WebConfig config, Function<String, String> frameworkProperty) {
        String extra = frameworkProperty.apply("heathub.web.allowedHosts");
        // a .cfg file gives one comma-separated string
        Set<String> hosts = Stream.concat(Arrays.stream(config.allowedHosts()), Stream.ofNullable(extra))
                .flatMap(h -> Arrays.stream(h.split(","))).map(h -> h.trim().toLowerCase(Locale.ROOT))
                .filter(h -> !h.isEmpty()).collect(Collectors.toSet());
        Set<String> postable = Arrays.stream(config.postableDevices()).flatMap(d -> Arrays.stream(d.split(",")))
                .map(String::trim).filter(d -> !d.isEmpty()).collect(Collectors.toSet());
        String mode = config.plainHttpCredentials().trim().toLowerCase(Locale.ROOT);
        if (!mode.equals("local") && !mode.equals("any")) {
            throw new IllegalArgumentException("plainHttpCredentials: '" + config.plainHttpCredentials()
                    + "' (local or any)");
        }
        String host = frameworkProperty.apply("org.apache.felix.http.host");
        host = host == null || host.isBlank() || host.equals("0.0.0.0") || host.equals("::") ? null
                : host.trim().toLowerCase(Locale.ROOT);
        boolean tls = Boolean.parseBoolean(frameworkProperty.apply("org.apache.felix.https.enable"));
        String secure = frameworkProperty.apply("org.osgi.service.http.port.secure");
        int securePort = secure == null || secure.isBlank() ? 8443 : Integer.parseInt(secure.trim());
        return new WebSettings(hosts, postable, mode.equals("any"), host, tls, securePort,
                Duration.ofMinutes(Math.max(1, config.sessionIdleMinutes())),
                Duration.ofHours(Math.max(1, config.sessionMaxHours())));
    }

    WebSettings withPostable(Set<String> devices) {
        return new WebSettings(allowedHosts, devices, plainHttpCredentials, listenHost, tls, securePort, sessionIdle,
                sessionMax);
    }

    WebSettings withTls(int port) {
        return new WebSettings(allowedHosts, postableDevices, plainHttpCredentials, listenHost, true, port, sessionIdle,
                sessionMax);
    }

    WebSettings withAllowedHosts(Set<String> hosts) {
        return new WebSettings(hosts, postableDevices, plainHttpCredentials, listenHost, tls, securePort, sessionIdle,
                sessionMax);
    }

    /** Whether an admin allowed {@code device} beyond what the site declares. */
    boolean postable(String device) {
        return PostableReadings.allows(postableDevices, device);
    }

    /**
     * Whether a request's {@code Host} header names this hub. DNS rebinding needs a DNS name the
     * attacker controls, so IP literals are always answered; names only when allowed.
     */
    boolean hostAllowed(String hostHeader) {
        if (hostHeader == null || hostHeader.isEmpty()) {
            return true; // HTTP/1.0 without Host: no browser sends that
        }
        String host = hostHeader.trim().toLowerCase(Locale.ROOT);
        if (host.startsWith("[")) {
            return host.indexOf(']') > 0; // an IPv6 literal
        }
        int colon = host.lastIndexOf(':');
        if (colon >= 0) {
            host = host.substring(0, colon);
        }
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        return host.equals("localhost") || IPV4.matcher(host).matches() || host.equals(listenHost)
                || allowedHosts.contains(host);
    }
}
