package io.heathub.tools.access;

import io.heathub.auth.AccessAudit;
import io.heathub.auth.CredentialFileException;
import io.heathub.auth.Credentials;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import io.heathub.tools.cli.Heathub;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What {@code user} and {@code token} share: where the files are ({@code heathub.etc},
 * {@code heathub.data}, set by {@code bin/heathub}), the audit of each change
 * ({@code requestedBy cli:<OS user>}), exit codes
 * (0 done, 2 bad input with one line saying why, 1 the files could not be read or written).
 */
abstract class AccessCli implements Callable<Integer> {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int BAD_INPUT = 2;

    final Credentials files;
    final AccessAudit audit;
    final Clock clock;
    final PrintStream out;
    final PrintStream err;

    @Spec
    CommandSpec spec;

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

    /** The work of one subcommand ({@code add}, {@code revoke}, …). */
    @FunctionalInterface
    interface Work {
        int run() throws CredentialFileException, IOException;
    }

    /**
     * Runs one subcommand's work: a bad argument is a usage error (one line, status 2); a file or
     * input that cannot be read or written one line (1).
     */
    int guarded(Work work) {
        try {
            return work.run();
        } catch (IllegalArgumentException e) {
            throw Heathub.usage(spec, e.getMessage());
        } catch (CredentialFileException e) {
            err.println(spec.qualifiedName() + ": " + e.getMessage());
            return FAILED;
        } catch (IOException e) {
            err.println(spec.qualifiedName() + ": cannot read standard input: " + e.getMessage());
            return FAILED;
        }
    }

    /** {@code heathub user} or {@code token} without a subcommand. */
    @Override
    public Integer call() {
        throw Heathub.usage(spec, "a command is needed: " + String.join(", ", spec.subcommands().keySet()));
    }

    /** {@code NAME [--role R]}: the name and the role text (null when not given). */
    record NameAndRole(String name, String role) {
    }

    void audited(String event, String subject, String message) {
        audit.record(new AccessAudit.Event(clock.instant(), "cli:" + System.getProperty("user.name", "?"), event, null,
                "OK", subject, message));
    }
}
