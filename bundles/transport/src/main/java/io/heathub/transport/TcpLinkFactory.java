package io.heathub.transport;

import io.heathub.api.driver.LinkFactory;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/**
 * Opens {@code tcp://host:port} links: Modbus TCP endpoints and serial-over-TCP converter
 * ports. Options in the query: {@code connectTimeout} (default 2s), {@code reconnectDelay}
 * (first back-off after a failure, default 1s, doubling), {@code maxReconnectDelay}
 * (default 30s) and {@code interByteTimeout} (the pause that ends a frame of unknowable length,
 * default 100ms: converters pack and forward serial bytes with pauses of their own). A bad
 * option is an {@link IllegalArgumentException} naming it.
 *
 * <p>Public with a no-argument constructor so {@link java.util.ServiceLoader} can make one
 * outside OSGi ({@code bin/heathub read}).
 */
@Component(service = LinkFactory.class, property = "link.schemes=tcp")
public final class TcpLinkFactory implements LinkFactory {
    static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
    static final Duration DEFAULT_RECONNECT_DELAY = Duration.ofSeconds(1);
    static final Duration DEFAULT_MAX_RECONNECT_DELAY = Duration.ofSeconds(30);
    static final Duration DEFAULT_INTER_BYTE_TIMEOUT = Duration.ofMillis(100);
    private static final Set<String> OPTIONS = Set.of("connectTimeout", "reconnectDelay", "maxReconnectDelay",
            "interByteTimeout");

    @Override
    public Set<String> schemes() {
        return Set.of("tcp");
    }

    @Override
    public ManagedLink open(URI uri) throws IOException {
        if (!"tcp".equalsIgnoreCase(uri.getScheme())) {
            throw new IllegalArgumentException(uri + ": not a tcp URI; expected tcp://host:port");
        }
        String host = uri.getHost();
        int port = uri.getPort();
        if (host == null || port < 1 || port > 65535) {
            throw new IllegalArgumentException(uri + ": expected tcp://host:port with a port 1-65535");
        }
        Map<String, String> options = LinkUris.query(uri, OPTIONS);
        Duration connectTimeout = LinkUris.positiveDuration(uri, options, "connectTimeout", DEFAULT_CONNECT_TIMEOUT);
        Duration reconnectDelay = LinkUris.duration(uri, options, "reconnectDelay", DEFAULT_RECONNECT_DELAY);
        Duration maxDelay = LinkUris.duration(uri, options, "maxReconnectDelay", DEFAULT_MAX_RECONNECT_DELAY);
        Duration interByteTimeout = LinkUris.positiveDuration(uri, options, "interByteTimeout",
                DEFAULT_INTER_BYTE_TIMEOUT);
        String name = "tcp://" + uri.getRawAuthority();
        return new TcpLink(name, host, port, connectTimeout, interByteTimeout,
                new Backoff(reconnectDelay, maxDelay, System::nanoTime));
    }
}
