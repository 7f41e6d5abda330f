package io.heathub.tools.access;

import io.heathub.api.rest.Role;
import io.heathub.auth.Account;
import io.heathub.auth.CredentialFileException;
import io.heathub.auth.Credentials;
import io.heathub.auth.Names;
import io.heathub.auth.PasswordHash;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import io.heathub.tools.cli.Heathub;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code heathub user add NAME --role viewer|operator|admin}, {@code user passwd NAME},
 * {@code user remove NAME}, {@code user list}. The password is read from standard input, asked
 * twice without echo when it is a terminal, one line otherwise — never from an argument, where
 * {@code ps} and the shell history would show it.
 */
@Command(name = "user", synopsisSubcommandLabel = "COMMAND", description = {"The hub's users (etc/users); works while the hub runs.",
    "The change is audited in the data folder of the last start (or --data DIR, or $HEATHUB_DATA)."})
public final class UserCommand extends AccessCli {

    private final Console console;
    private final InputStream in;
    private final SecureRandom random = new SecureRandom();

    UserCommand(Path etc, Path data, Clock clock, Console console, InputStream in, PrintStream out, PrintStream err) {
        super(etc, data, clock, out, err);
        this.console = console;
        this.in = in;
    }

    /** The command on this home's files ({@code heathub.etc}, {@code heathub.data}) and this terminal. */
    public static UserCommand standard(PrintStream out, PrintStream err) {
        return new UserCommand(etc(), data(), Clock.systemUTC(), System.console(), System.in, out, err);
    }

    /** Runs {@code heathub user ARGS}; the exit status. */
    int run(String[] args) {
        return Heathub.executeOne(this, "user", out, err, args);
    }

    @Command(name = "add", description = "add a user (the password is read from standard input)")
    int add(@Parameters(paramLabel = "NAME") String name,
            @Option(names = "--role", paramLabel = "viewer|operator|admin") String role) {
        return guarded(() -> add(new NameAndRole(name, role)));
    }

    @Command(name = "passwd", description = "change a user's password (read from standard input)")
    int passwd(@Parameters(paramLabel = "NAME") String name) {
        return guarded(() -> passwd(new NameAndRole(name, null)));
    }

    @Command(name = "remove", description = "remove a user (not the last admin)")
    int remove(@Parameters(paramLabel = "NAME") String name) {
        return guarded(() -> remove(new NameAndRole(name, null)));
    }

    @Command(name = "list", description = "the users and their roles")
    int list() {
        return guarded(this::listUsers);
    }

    private int add(NameAndRole args) throws CredentialFileException, IOException {
        Names.check(args.name());
        if (args.role() == null) {
            throw new IllegalArgumentException("user add needs --role viewer|operator|admin");
        }
        Role role = Names.role(args.role());
        if (files.readUsers().containsKey(args.name())) {
            throw new IllegalArgumentException("user '" + args.name() + "' exists (change the password with user passwd)");
        }
        String hash = hashNewPassword(args.name());
        files.updateUsers(users -> {
            if (users.putIfAbsent(args.name(), new Account(args.name(), role, hash)) != null) {
                throw new CredentialFileException("user '" + args.name() + "' was added meanwhile");
            }
        });
        audited("user.add", args.name(), "role " + Names.of(role));
        out.println("user " + args.name() + " added (" + Names.of(role) + ") to " + files.usersFile());
        return OK;
    }

    private int passwd(NameAndRole args) throws CredentialFileException, IOException {
        Account old = files.readUsers().get(args.name());
        if (old == null) {
            throw new IllegalArgumentException("no user '" + args.name() + "'");
        }
        String hash = hashNewPassword(args.name());
        files.updateUsers(users -> {
            Account now = users.get(args.name());
            if (now == null) {
                throw new CredentialFileException("user '" + args.name() + "' was removed meanwhile");
            }
            users.put(args.name(), new Account(args.name(), now.role(), hash));
        });
        audited("user.passwd", args.name(), null);
        out.println("password of " + args.name() + " changed; sessions signed in with the old one end at their next request");
        return OK;
    }

    private int remove(NameAndRole args) throws CredentialFileException {
        files.updateUsers(users -> {
            Account gone = users.remove(args.name());
            if (gone == null) {
                throw new IllegalArgumentException("no user '" + args.name() + "'");
            }
            Credentials.keepAnAdmin(users, gone);
        });
        audited("user.remove", args.name(), null);
        out.println("user " + args.name() + " removed");
        return OK;
    }

    private int listUsers() throws CredentialFileException {
        for (Account a : files.readUsers().values()) {
            out.println(a.name() + " " + Names.of(a.role()));
        }
        return OK;
    }

    private String hashNewPassword(String name) throws IOException {
        char[] password = readPassword(name);
        try {
            return PasswordHash.hash(password, random);
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    private char[] readPassword(String name) throws IOException {
        char[] password;
        if (console != null) {
            password = console.readPassword("password for %s: ", name);
            char[] again = console.readPassword("again: ");
            if (password == null || again == null) {
                throw new IllegalArgumentException("no password given");
            }
            boolean same = Arrays.equals(password, again);
            Arrays.fill(again, '\0');
            if (!same) {
                Arrays.fill(password, '\0');
                throw new IllegalArgumentException("the two passwords differ");
            }
        } else {
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line = reader.readLine();
            if (line == null) {
                throw new IllegalArgumentException("no password on standard input");
            }
            password = line.toCharArray();
        }
        try {
            PasswordHash.checkNewPassword(password);
        } catch (IllegalArgumentException e) {
            Arrays.fill(password, '\0');
            throw e;
        }
        return password;
    }
}
