package io.heathub.web;

import io.heathub.api.rest.RestRequest;
import io.heathub.api.rest.RestResource;
import io.heathub.api.rest.RestResponse;
import io.heathub.api.rest.Role;
import io.heathub.auth.ApiToken;
import io.heathub.auth.Names;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The API tokens of {@code etc/tokens} for admins, as {@code bin/heathub token} manages them:
 * <ul>
 * <li>{@code GET /api/tokens}: {@code [{"name","role","created"}]}, never a secret or digest;</li>
 * <li>{@code POST /api/tokens} {@code {"name","role"}}: 201 with the token in {@code "token"}, shown
 * this once (only its SHA-256 digest is kept); 409 when the name exists;</li>
 * <li>{@code POST /api/tokens/{name}/revoke}: refused from the next request on.</li>
 * </ul>
 * Audited as {@code token.create|revoke} with the acting admin's name.
 */
@Component(service = RestResource.class, property = {RestResource.PATH + "=/tokens", RestResource.PATH + "=/tokens/*",
        RestResource.USAGE + "=/api/tokens, POST /api/tokens {name,role}, POST /api/tokens/{name}/revoke (admin)"})
public final class TokensResource extends AdminResource {
    static final String USAGE = "GET /api/tokens, POST /api/tokens {name,role}, POST /api/tokens/{name}/revoke";

    /** A token as listed. */
    public record Token(String name, String role, Instant created) {
        static Token of(ApiToken t) {
            return new Token(t.name(), Names.of(t.role()), t.created());
        }
    }

    /** A token just created: the only answer that carries its secret. */
    public record Created(String name, String role, Instant created, String token) {
    }

    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    @Activate
    public TokensResource(@Reference WebSecurity security) {
        super(security);
        this.clock = security.clock();
    }

    @Override
    String usage() {
        return USAGE;
    }

    @Override
    RestResponse change(RestRequest request, String sub) {
        String name = sub.endsWith("/revoke") ? nameBefore(sub, "revoke") : null;
        return name == null ? null : revoke(request, name);
    }

    @Override
    RestResponse list() {
        store.recheck();
        return RestResponse.ok(store.current().tokens().values().stream().map(Token::of).toList());
    }

    @Override
    RestResponse add(RestRequest request) {
        return write(files -> {
            Map<String, String> f = fields(request, Set.of("name", "role"));
            String name = Names.check(required(f, "name"));
            Role role = Names.role(required(f, "role"));
            String secret = ApiToken.newSecret(random);
            ApiToken token = new ApiToken(name, role, ApiToken.digestOf(secret), clock.instant());
            files.updateTokens(tokens -> {
                if (tokens.putIfAbsent(name, token) != null) {
                    throw new Refusal(409, "token '" + name + "' exists (revoke it first)");
                }
            });
            audited(request, "token.create", name, "role " + Names.of(role));
            return RestResponse.json(201, new Created(name, Names.of(role), token.created(), secret));
        });
    }

    private RestResponse revoke(RestRequest request, String name) {
        return write(files -> {
            fields(request, Set.of());
            files.updateTokens(tokens -> {
                if (tokens.remove(name) == null) {
                    throw new Refusal(404, "no token '" + name + "'");
                }
            });
            audited(request, "token.revoke", name, null);
            return RestResponse.ok(Map.of("revoked", name));
        });
    }
}
