package io.heathub.forward.mqtt;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.concurrent.TimeUnit;

/**
 * Tells the uplink's back-off when an unreachable broker listens again. The back-off doubles to
 * 30 s, so after an outage the uplink would wait up to that long with a backlog to send; while
 * the last failure was "cannot connect" (refused, no route, unknown host), a TCP connect to the
 * broker's port at most once a second says when it is worth trying now. It never shortens the
 * back-off while the broker answers and refuses (credentials, ACL): then the back-off protects it.
 * Used on the uplink's route thread only.
 */
final class BrokerProbe {
    private static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final int CONNECT_TIMEOUT_MILLIS = 1000;

    private final String host;
    private final int port;
    private boolean unreachable;
    private long nextProbeNanos;

    BrokerProbe(String url) {
        String h = null;
        int p = -1;
        try {
            URI uri = URI.create(url);
            h = uri.getHost();
            p = uri.getPort() >= 0 ? uri.getPort() : switch (String.valueOf(uri.getScheme())) {
                case "tcp", "mqtt" -> 1883;
                case "ssl", "mqtts" -> 8883;
                case "ws" -> 80;
                case "wss" -> 443;
                default -> -1;
            };
        } catch (IllegalArgumentException e) {
            // no probing: the back-off alone paces the attempts
        }
        this.host = h;
        this.port = p;
    }

    /** After a failed attempt: was the broker unreachable (nothing listening), or did it answer? */
    void failed(Throwable failure) {
        unreachable = false;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConnectException || t instanceof NoRouteToHostException || t instanceof UnknownHostException) {
                unreachable = true;
                nextProbeNanos = System.nanoTime() + INTERVAL_NANOS;
                return;
            }
        }
    }

    /** True, once, when the broker that was unreachable accepts a TCP connection again. */
    boolean reachableAgain() {
        if (!unreachable || host == null || port < 0 || System.nanoTime() - nextProbeNanos < 0) {
            return false;
        }
        nextProbeNanos = System.nanoTime() + INTERVAL_NANOS;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MILLIS);
        } catch (IOException e) {
            return false;
        }
        unreachable = false; // the attempt it allows decides what comes next
        return true;
    }
}
