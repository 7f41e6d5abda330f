package io.heathub.tools.access;

import io.heathub.api.rest.Role;
import io.heathub.auth.ApiToken;
import io.heathub.auth.CredentialFileException;
import io.heathub.auth.Names;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import io.heathub.tools.cli.Heathub;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code heathub token create NAME --role R} (prints the token once: only its SHA-256 digest
 * is kept), {@code token list}, {@code token revoke NAME} (the running hub refuses it within a
 * second).
 */
@Command(name = "token", synopsisSubcommandLabel = "COMMAND", description = {"API tokens of the hub (etc/tokens); works while the hub runs.",
    "The change is audited in the data folder of the last start (or --data DIR, or $HEATHUB_DATA)."})
public final class TokenCommand extends AccessCli {
    private final SecureRandom random = new SecureRandom();

    TokenCommand(Path etc, Path data, Clock clock, PrintStream out, PrintStream err) {
        super(etc, data, clock, out, err);
    }

    /** The command on this home's files ({@code heathub.etc}, {@code heathub.data}). */
    public static TokenCommand standard(PrintStream out, PrintStream err) {
        return new TokenCommand(etc(), data(), Clock.systemUTC(), out, err);
    }

    /** Runs {@code heathub token ARGS}; the exit status. */
    int run(String[] args) {
        return Heathub.executeOne(this, "token", out, err, args);
    }

    @Command(name = "create", description = "create an API token, printed once on standard output")
    int create(@Parameters(paramLabel = "NAME") String name,
               @Option(names = "--role", paramLabel = "viewer|operator|admin") String role) {
        return guarded(() -> create(new NameAndRole(name, role)));
    }

    @Command(name = "revoke", description = "revoke a token (the running hub refuses it within a second)")
    int revoke(@Parameters(paramLabel = "NAME") String name) {
        return guarded(() -> revoke(new NameAndRole(name, null)));
    }

    @Command(name = "list", description = "the tokens, their roles and when they were created")
    int list() {
        return guarded(this::listTokens);
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
        files.updateTokens(tokens -> {
            if (tokens.remove(args.name()) == null) {
                throw new IllegalArgumentException("no token '" + args.name() + "'");
            }
        });
        audited("token.revoke", args.name(), null);
        out.println("token " + args.name() + " revoked");
        return OK;
    }

    private int listTokens() throws CredentialFileException {
        for (ApiToken t : files.readTokens().values()) {
            out.println(t.name() + " " + Names.of(t.role()) + " " + t.created());
        }
        return OK;
    }
}
