package io.heathub.tools.access;

import io.heathub.api.rest.Role;
import io.heathub.auth.ApiToken;
import io.heathub.auth.CredentialFileException;
import io.heathub.auth.Names;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;

/**
 * {@code bin/heathub token create NAME --role R} (prints the token once: only its SHA-256 digest
 * is kept), {@code token list}, {@code token revoke NAME} (the running hub refuses it within a
 * second).
 */
public final class TokenCommand extends AccessCli {
    private final SecureRandom random = new SecureRandom();

    TokenCommand(Path etc, Path data, Clock clock, PrintStream out, PrintStream err) {
        super(etc, data, clock, out, err);
    }

    public static void main(String[] args) {
        System.exit(new TokenCommand(etc(), data(), Clock.systemUTC(), System.out, System.err).run(args));
    }

    static final String USAGE = "usage: heathub token create NAME --role viewer|operator|admin | token list"
            + " | token revoke NAME";

    int run(String[] args) {
        return dispatch(args, "heathub token", USAGE, java.util.Map.of(
                "create", rest -> create(nameAndRole(rest)),
                "revoke", rest -> revoke(nameAndRole(rest)),
                "list", this::list));
    }

    private int create(NameAndRole args) throws CredentialFileException {
        Names.check(args.name());
        if (args.role() == null) {
            throw new IllegalArgumentException("token create needs --role viewer|operator|admin");
        }
        Role role = Names.role(args.role());
        String secret = ApiToken.newSecret(random);
        ApiToken token = new ApiToken(args.name(), role, ApiToken.digestOf(secret), clock.instant());
        files.updateTokens(tokens -> {
            if (tokens.putIfAbsent(args.name(), token) != null) {
                throw new IllegalArgumentException("token '" + args.name() + "' exists (revoke it first)");
            }
        });
        audited("token.create", args.name(), "role " + Names.of(role));
        err.println("token " + args.name() + " (" + Names.of(role) + ") created; it is shown once, keep it secret."
                + " Use it as: Authorization: Bearer <token>");
        out.println(secret);
        return OK;
    }

    private int revoke(NameAndRole args) throws CredentialFileException {
        if (args.role() != null) {
            throw new IllegalArgumentException("token revoke takes no --role");
        }
        files.updateTokens(tokens -> {
            if (tokens.remove(args.name()) == null) {
                throw new IllegalArgumentException("no token '" + args.name() + "'");
            }
        });
        audited("token.revoke", args.name(), null);
        out.println("token " + args.name() + " revoked");
        return OK;
    }

    private int list(List<String> rest) throws CredentialFileException {
        if (!rest.isEmpty()) {
            throw new IllegalArgumentException("token list takes no arguments");
        }
        for (ApiToken t : files.readTokens().values()) {
            out.println(t.name() + " " + Names.of(t.role()) + " " + t.created());
        }
        return OK;
    }
}
