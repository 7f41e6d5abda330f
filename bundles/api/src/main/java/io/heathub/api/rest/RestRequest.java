package io.heathub.api.rest;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One request to a {@link RestResource}, as the web bundle hands it over.
 *
 * @param method      {@code GET}, {@code HEAD} or {@code POST}
 * @param path        the path below {@code /api}, e.g. {@code /alarms/ack}
 * @param subPath     the part of {@code path} below a {@code /*} path the resource registered
 *                    (e.g. {@code /42} of {@code /things/42} for {@code /things/*}); empty otherwise
 * @param query       the query parameters, each with its values in order
 * @param body        the request body, at most the web bundle's bound (4 MiB; above it the caller
 *                    gets 413 and the resource is not called); empty for GET
 * @param contentType the body's media type as sent, or null
 * @param caller      who asks, for audit logs and as a command's {@code requestedBy}:
 *                    {@code rest:<user>} for a signed-in user, {@code rest:token:<name>} for an API
 *                    token, {@code rest:<address>} for an anonymous request (only health is anonymous)
 * @param user        the authenticated user or token name, or null when the request is anonymous
 * @param role        the role the caller holds ({@link Role#ANYONE} when anonymous); the web bundle
 *                    has checked it covers what {@link RestResource#role} asked before the resource sees
 *                    the request
 * @since 1.1
 */
public record RestRequest(String method, String path, String subPath, Map<String, List<String>> query, byte[] body,
                          String contentType, String caller, String user, Role role) {
    public RestRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        subPath = subPath == null ? "" : subPath;
        query = Map.copyOf(query);
        body = body == null ? new byte[0] : body;
        role = role == null ? Role.ANYONE : role;
    }

    /** An anonymous request (the 1.0 form). */
    public RestRequest(String method, String path, String subPath, Map<String, List<String>> query, byte[] body,
                       String contentType, String caller) {
        this(method, path, subPath, query, body, contentType, caller, null, Role.ANYONE);
    }

    /** The first value of query parameter {@code name}, or null when absent. */
    public String param(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** GET or HEAD: a request that changes nothing. */
    public boolean isRead() {
        return method.equals("GET") || method.equals("HEAD");
    }
}
