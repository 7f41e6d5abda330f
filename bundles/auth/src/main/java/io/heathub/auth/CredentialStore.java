package io.heathub.auth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The users and tokens the running hub knows, re-read when either file changes (checked at most
 * once a second, on use): {@code bin/heathub user} and {@code token} take effect without a
 * restart. A file that became unreadable or malformed keeps the last good view and is reported
 * once per change ({@link #problem}); at start a bad file means no users at all. Thread-safe.
 */
public final class CredentialStore {
    private static final System.Logger LOG = System.getLogger(CredentialStore.class.getName());
    private static final Duration CHECK_EVERY = Duration.ofSeconds(1);

    private record Stamp(List<Object> users, List<Object> tokens) {
    }

    private final Credentials files;
    private final Clock clock;
    private Credentials.Snapshot current = Credentials.Snapshot.EMPTY;
    private Stamp stamp;
    private Instant nextCheck = Instant.MIN;
    private String problem;

    public CredentialStore(Credentials files, Clock clock) {
        this.files = files;
        this.clock = clock;
    }

    public Credentials files() {
        return files;
    }

    /** The users and tokens now (re-read first when a file changed). */
    public synchronized Credentials.Snapshot current() {
        Instant now = clock.instant();
        if (now.isBefore(nextCheck)) {
            return current;
        }
        nextCheck = now.plus(CHECK_EVERY);
        Stamp seen = new Stamp(stamp(files.usersFile()), stamp(files.tokensFile()));
        if (seen.equals(stamp)) {
            return current;
        }
        stamp = seen;
        try {
            current = files.read();
            if (problem != null) {
                LOG.log(System.Logger.Level.INFO, "users and tokens usable again: {0} users, {1} tokens",
                        current.users().size(), current.tokens().size());
            }
            problem = null;
        } catch (CredentialFileException e) {
            problem = e.getMessage();
            LOG.log(System.Logger.Level.ERROR, "{0}; keeping the {1} users and {2} tokens read before", problem,
                    current.users().size(), current.tokens().size());
        }
        return current;
    }

    /** What is wrong with the files now, or null. */
    public synchronized String problem() {
        return problem;
    }

    /** Forgets when the files were last checked, so the next {@link #current} looks again. */
    public synchronized void recheck() {
        nextCheck = Instant.MIN;
    }

    /** Size, modification time and file identity: a rename over the file (an atomic write) changes the identity. */
    private static List<Object> stamp(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return List.of(a.size(), a.lastModifiedTime().toMillis(), Objects.toString(a.fileKey()));
        } catch (NoSuchFileException e) {
            return List.of("absent");
        } catch (IOException e) {
            return List.of("unreadable", e.toString());
        }
    }
}
