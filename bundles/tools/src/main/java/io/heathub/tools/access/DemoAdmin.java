package io.heathub.tools.access;

import io.heathub.api.rest.Role;
import io.heathub.auth.Account;
import io.heathub.auth.CredentialFileException;
import io.heathub.auth.Credentials;
import io.heathub.auth.PasswordHash;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;

/**
 * First start of the demo site ({@code bin/heathub} without {@code --config}): when the hub has no
 * users yet, creates user {@code admin} with a random password, prints it once and writes it to
 * {@code PASSWORD-FILE} (mode 0600). There is never a fixed default password.
 * Usage (run by the launcher): {@code DemoAdmin PASSWORD-FILE [API-URL [CA-FILE]]}: the hub's
 * address ({@code http://localhost:8181}; with TLS its HTTPS one and the certificate to trust) for
 * the example it prints.
 */
public final class DemoAdmin extends AccessCli {
    static final String NAME = "admin";
    private final SecureRandom random = new SecureRandom();

    DemoAdmin(Path etc, Path data, Clock clock, PrintStream out, PrintStream err) {
        super(etc, data, clock, out, err);
    }

    public static void main(String[] args) {
        System.exit(new DemoAdmin(etc(), data(), Clock.systemUTC(), System.out, System.err).run(args));
    }

    int run(String[] args) {
        if (args.length < 1 || args.length > 3) {
            err.println("usage: DemoAdmin PASSWORD-FILE [API-URL [CA-FILE]]");
            return BAD_INPUT;
        }
        String url = args.length >= 2 ? args[1] : "http://localhost:8181";
        String trust = args.length == 3 ? "--cacert " + args[2] + " " : "";
        Path passwordFile = Path.of(args[0]).toAbsolutePath();
        byte[] bytes = new byte[15];
        random.nextBytes(bytes);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes); // 120 bits, 20 characters
        char[] chars = password.toCharArray();
        String hash = PasswordHash.hash(chars, random);
        Arrays.fill(chars, '\0');
        boolean[] created = {false};
        try {
            files.updateUsers(users -> {
                if (users.isEmpty()) {
                    users.put(NAME, new Account(NAME, Role.ADMIN, hash));
                    created[0] = true;
                }
            });
            if (!created[0]) {
                return OK;
            }
            Credentials.writeAtomically(passwordFile, password + "\n");
        } catch (CredentialFileException | IOException e) {
            err.println("heathub: cannot create the demo admin: " + e.getMessage());
            return FAILED;
        }
        audited("user.add", NAME, "role admin (demo site, first start; random password in " + passwordFile + ")");
        out.println("------------------------------------------------------------------------");
        out.println(" Demo site, first start: created user 'admin' (role admin) with password");
        out.println();
        out.println("     " + password);
        out.println();
        out.println(" shown once; also in " + passwordFile + " (mode 0600).");
        out.println(" Open the console: " + url + "/ (sign in as admin with this password)");
        out.println(" Try: curl " + trust + "-u admin:" + password + " " + url + "/api/devices");
        out.println(" More users: bin/heathub user add NAME --role viewer|operator|admin");
        out.println("------------------------------------------------------------------------");
        return OK;
    }
}
