package io.heathub.camel.hub;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.apache.camel.Exchange;

/** Message bodies as bytes, read no further than a limit (a file or stream body is never read whole first). */
final class Bodies {
    private Bodies() {
    }

    /**
     * @return the body's bytes, or null when it is not text, bytes or a stream
     * @throws IllegalArgumentException naming the limit when the body is longer
     */
    static byte[] bytes(Exchange exchange, int limit, String endpoint) throws IOException {
        Object body = exchange.getMessage().getBody();
        byte[] bytes;
        if (body instanceof byte[] b) {
            bytes = b;
        } else if (body instanceof String s) {
            if (s.length() > limit) {
                throw tooBig(endpoint, limit);
            }
            bytes = s.getBytes(StandardCharsets.UTF_8);
        } else {
            InputStream in = body instanceof InputStream s ? s
                    : exchange.getContext().getTypeConverter().tryConvertTo(InputStream.class, exchange, body);
            if (in == null) {
                return null;
            }
            try (in) {
                bytes = in.readNBytes(limit + 1);
            }
        }
        if (bytes.length > limit) {
            throw tooBig(endpoint, limit);
        }
        return bytes;
    }

    private static IllegalArgumentException tooBig(String endpoint, int limit) {
        return new IllegalArgumentException(endpoint + ": body is over the limit of " + limit + " bytes");
    }

    /** The route that sent the exchange, for the audit log and messages. */
    static String route(Exchange exchange) {
        String id = exchange.getFromRouteId();
        return id == null || id.isBlank() ? "unknown" : id;
    }
}
