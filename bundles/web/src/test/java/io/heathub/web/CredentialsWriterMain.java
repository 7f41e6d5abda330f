package io.heathub.web;

import io.heathub.api.rest.Role;
import io.heathub.auth.Account;
import io.heathub.auth.Credentials;
import io.heathub.auth.PasswordHash;
import java.nio.file.Path;
import java.security.SecureRandom;

/**
 * A second process writing {@code etc/users} as {@code bin/heathub user add} does (same class, same
 * lock, atomic replace): adds users {@code cli-0..cli-<n-1>}. Run by {@link AdminHttpTest} in its own JVM.
 */
public final class CredentialsWriterMain {
    private CredentialsWriterMain() {
    }

    public static void main(String[] args) throws Exception {
        Credentials files = Credentials.in(Path.of(args[0]));
        int n = Integer.parseInt(args[1]);
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < n; i++) {
            String name = "cli-" + i;
            String hash = PasswordHash.hash("cli-password".toCharArray(), random, new PasswordHash.Parameters(64, 1, 1));
            files.updateUsers(users -> users.put(name, new Account(name, Role.VIEWER, hash)));
        }
    }
}
