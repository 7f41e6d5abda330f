package io.heathub.web;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.heathub.api.rest.RestRequest;
import io.heathub.api.rest.RestResource;
import io.heathub.api.rest.RestResponse;
import io.heathub.api.rest.Role;
import io.heathub.auth.CredentialFileException;
import io.heathub.auth.CredentialStore;
import io.heathub.auth.Credentials;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What the user and token resources share: the admin role for every request; the base path lists
 * (GET) or adds (POST), the paths below it act on one entry; the body of a change (a flat JSON
 * object of strings, only the fields it names), its refusals as HTTP statuses, and the audit line
 * with the acting admin's name (the same events {@code bin/heathub user|token} writes).
 */
abstract class AdminResource implements RestResource {
    /** A user or token change is a few hundred bytes; a password is at most 1024 characters. */
    static final int MAX_BODY = 16 * 1024;
    private static final JsonFactory JSON = new JsonFactory();

    /** A request refused with {@code status} (400, 404, 409) and why. */
    static final class Refusal extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int status;

        Refusal(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    final WebSecurity security;
    final CredentialStore store;

    AdminResource(WebSecurity security) {
        this.security = security;
        this.store = security.credentials();
    }

    @Override
    public final Role role(RestRequest request) {
        return Role.ADMIN;
    }

    @Override
    public final RestResponse handle(RestRequest request) {
        String sub = request.subPath();
        if (sub.isEmpty() || sub.equals("/")) {
            return request.isRead() ? list() : add(request);
        }
        RestResponse answer = request.isRead() ? null : change(request, sub);
        return answer != null ? answer : RestResponse.error(request.isRead() ? 404 : 405, request.method() + " /api"
                + request.path() + ": not served; " + usage());
    }

    /** GET of the base path. */
    abstract RestResponse list();

    /** POST to the base path. */
    abstract RestResponse add(RestRequest request);

    /** POST to {@code sub} below the base path, or null when no such path is served. */
    abstract RestResponse change(RestRequest request, String sub);

    /** The paths served, for a request to any other. */
    abstract String usage();

    /**
     * The string fields of {@code request}'s body, each of {@code allowed}; an empty body is an empty
     * object (a removal needs no fields).
     *
     * @throws Refusal 400 when it is not such an object
     */
    static Map<String, String> fields(RestRequest request, Set<String> allowed) {
        byte[] body = request.body();
        Map<String, String> fields = new LinkedHashMap<>();
        if (body.length == 0) {
            return fields;
        }
        if (body.length > MAX_BODY) {
            throw new Refusal(413, "request body above " + MAX_BODY + " bytes");
        }
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new Refusal(400, "expected a JSON object with " + allowed);
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                if (!allowed.contains(field)) {
                    throw new Refusal(400, "unknown field '" + field + "'; expected " + allowed);
                }
                if (p.nextToken() != JsonToken.VALUE_STRING) {
                    throw new Refusal(400, field + ": expected a string");
                }
                if (fields.put(field, p.getText()) != null) {
                    throw new Refusal(400, field + ": given twice");
                }
            }
            if (p.nextToken() != null) {
                throw new Refusal(400, "one JSON object expected, found more after it");
            }
        } catch (IOException e) {
            throw new Refusal(400, "malformed JSON: " + e.getMessage().replace('\n', ' '));
        }
        return fields;
    }

    /** The one name below the resource's path ({@code /alice} → alice, {@code /alice/remove} with {@code action} remove). */
    static String nameBefore(String subPath, String action) {
        String rest = subPath.substring(1);
        String name = action == null ? rest : rest.substring(0, rest.length() - action.length() - 1);
        return name.isEmpty() || name.contains("/") ? null : name;
    }

    /** Changes a file with {@code change}, then has the store look at it again at once, so the next request sees it. */
    final RestResponse write(FileChange change) {
        try {
            RestResponse answer = change.apply(store.files());
            store.recheck();
            return answer;
        } catch (Refusal r) {
            return RestResponse.error(r.status, r.getMessage());
        } catch (Credentials.LastAdminException e) {
            return RestResponse.error(409, e.getMessage());
        } catch (IllegalArgumentException e) {
            return RestResponse.error(400, e.getMessage());
        } catch (CredentialFileException e) {
            // a hand edit broke the file: it is not overwritten, the admin is told where
            return RestResponse.error(503, e.getMessage());
        }
    }

    /** One change through {@link Credentials#updateUsers} or {@link Credentials#updateTokens}, and its answer. */
    @FunctionalInterface
    interface FileChange {
        RestResponse apply(Credentials files) throws CredentialFileException;
    }

    /** {@code requestedBy} for a change, as bin/heathub writes {@code cli:<OS user>}. */
    final void audited(RestRequest request, String event, String subject, String message) {
        security.audit(request.caller(), event, null, "OK", subject, message);
    }

    /** A field the change needs. */
    static String required(Map<String, String> fields, String name) {
        String value = fields.get(name);
        if (value == null) {
            throw new Refusal(400, name + " is required");
        }
        return value;
    }
}
