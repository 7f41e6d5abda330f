package io.heathub.tools.access;

import io.heathub.auth.AccessAudit;
import io.heathub.auth.CredentialFileException;
import io.heathub.auth.Credentials;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code user} and {@code token} share: where the files are ({@code heathub.etc},
 * {@code heathub.data}, set by {@code bin/heathub}), the audit of each change
 * ({@code requestedBy cli:<OS user>}), the parsing of {@code NAME --role R}, exit codes
 * (0 done, 2 bad input with one line saying why, 1 the files could not be read or written).
 */
abstract class AccessCli {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int BAD_INPUT = 2;

    final Credentials files;
    final AccessAudit audit;
    final Clock clock;
    final PrintStream out;
    final PrintStream err;

    AccessCli(Path etc, Path data, Clock clock, PrintStream out, PrintStream err) {
        this.files = Credentials.in(etc);
        this.audit = AccessAudit.in(data);
        this.clock = clock;
        this.out = out;
        this.err = err;
    }

    static Path etc() {
        return Path.of(System.getProperty("heathub.etc", "etc"));
    }

    static Path data() {
        return Path.of(System.getProperty("heathub.data", "data"));
    }

    /** One subcommand ({@code add}, {@code revoke}, …) on the arguments after its name. */
    @FunctionalInterface
    interface Subcommand {
        int run(List<String> args) throws CredentialFileException, IOException;
    }

    /**
     * Runs {@code args[0]} of {@code subcommands}: usage with no arguments (status 2) or for help
     * (0); a bad argument is one line why and the usage (2); a file or input that cannot be read or
     * written one line (1).
     *
     * @param tool the command's name in messages, e.g. {@code heathub user}
     */
    int dispatch(String[] args, String tool, String usage, java.util.Map<String, Subcommand> subcommands) {
        if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help")) {
            (args.length == 0 ? err : out).println(usage);
            return args.length == 0 ? BAD_INPUT : OK;
        }
        try {
            Subcommand subcommand = subcommands.get(args[0]);
            if (subcommand == null) {
                throw new IllegalArgumentException("unknown command '" + args[0] + "'");
            }
            return subcommand.run(List.of(args).subList(1, args.length));
        } catch (IllegalArgumentException e) {
            err.println(tool + ": " + e.getMessage());
            err.println(usage);
            return BAD_INPUT;
        } catch (CredentialFileException e) {
            err.println(tool + ": " + e.getMessage());
            return FAILED;
        } catch (IOException e) {
            err.println(tool + ": cannot read standard input: " + e.getMessage());
            return FAILED;
        }
    }

    /** {@code NAME [--role R]}: the name and the role text (null when not given). */
    record NameAndRole(String name, String role) {
    }

    NameAndRole nameAndRole(List<String> args) {
        String name = null;
        String role = null;
        List<String> rest = new ArrayList<>(args);
        for (int i = 0; i < rest.size(); i++) {
            String a = rest.get(i);
            if (a.equals("--role")) {
                if (i + 1 >= rest.size()) {
                    throw new IllegalArgumentException("--role needs viewer, operator or admin");
                }
                role = rest.get(++i);
            } else if (a.startsWith("--role=")) {
                role = a.substring("--role=".length());
            } else if (a.startsWith("-")) {
                throw new IllegalArgumentException("unknown option " + a);
            } else if (name == null) {
                name = a;
            } else {
                throw new IllegalArgumentException("one name only, got '" + name + "' and '" + a + "'");
            }
        }
        if (name == null) {
            throw new IllegalArgumentException("a name is needed");
        }
        return new NameAndRole(name, role);
    }

    void audited(String event, String subject, String message) {
        audit.record(new AccessAudit.Event(clock.instant(), "cli:" + System.getProperty("user.name", "?"), event, null,
                "OK", subject, message));
    }
}
