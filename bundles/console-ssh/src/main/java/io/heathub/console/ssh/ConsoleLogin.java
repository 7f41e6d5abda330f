package io.heathub.console.ssh;

import io.heathub.api.rest.Role;
import io.heathub.auth.AccessAudit;
import io.heathub.auth.Account;
import io.heathub.auth.CredentialStore;
import io.heathub.auth.PasswordHash;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import org.apache.sshd.server.auth.password.PasswordAuthenticator;
import org.apache.sshd.server.session.ServerSession;

/**
 * Password sign-in with the hub's users ({@code etc/users}, re-read when it changes). Only admins:
 * a Gogo session can call any Java method in the hub (its {@code new} and method-call syntax), so
 * whoever has one holds the hub's whole power — a role check per {@code heathub:} command would
 * not bound it. Every attempt lands in the access audit as {@code ssh:<user>}.
 */
final class ConsoleLogin implements PasswordAuthenticator {
    private static final System.Logger LOG = System.getLogger(ConsoleLogin.class.getName());
    private final CredentialStore users;
    private final AccessAudit audit;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    /** At most two Argon2 verifications at once (19 MiB and a core each): a password storm cannot starve the hub. */
    private final Semaphore verifications = new Semaphore(2);
    private String unknownUserHash;

    ConsoleLogin(CredentialStore users, AccessAudit audit, Clock clock) {
        this.users = users;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public boolean authenticate(String user, String password, ServerSession session) {
        String address = address(session.getClientAddress());
        if (password.length() > PasswordHash.MAX_PASSWORD || user.length() > 128) {
            return refused(user, address, "user name or password too long");
        }
        Account account = users.current().users().get(user);
        // an unknown user costs the same Argon2 time as a wrong password: no probing for names
        String hash = account != null ? account.passwordHash() : unknownUserHash();
        boolean ok;
        verifications.acquireUninterruptibly();
        try {
            ok = PasswordHash.verify(password.toCharArray(), hash) && account != null;
        } finally {
            verifications.release();
        }
        if (!ok) {
            return refused(user, address, "wrong user name or password");
        }
        if (account.role() != Role.ADMIN) {
            return refused(user, address, "role " + account.role().name().toLowerCase(java.util.Locale.ROOT)
                    + ": the SSH console is for admins");
        }
        audit.record(new AccessAudit.Event(clock.instant(), "ssh:" + user, "login", address, "OK", null, "ssh console"));
        LOG.log(Level.INFO, "SSH console: {0} signed in from {1}", user, address);
        return true;
    }

    private boolean refused(String user, String address, String why) {
        String shown = user.length() > 128 ? user.substring(0, 128) + "…" : user;
        audit.record(new AccessAudit.Event(clock.instant(), "ssh:" + shown, "login", address, "REFUSED", null, why));
        LOG.log(Level.INFO, "SSH console: sign-in of {0} from {1} refused: {2}", shown, address, why);
        return false;
    }

    /** The client's IP address as the access audit writes it (no host name, no port). */
    static String address(SocketAddress client) {
        return client instanceof InetSocketAddress a && a.getAddress() != null ? a.getAddress().getHostAddress()
                : String.valueOf(client);
    }

    /** A valid hash of a random secret nobody knows, made on first need (one Argon2 hash). */
    private synchronized String unknownUserHash() {
        if (unknownUserHash == null) {
            unknownUserHash = PasswordHash.hash(UUID.randomUUID().toString().toCharArray(), random);
        }
        return unknownUserHash;
    }
}
