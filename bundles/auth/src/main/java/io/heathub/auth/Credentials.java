package io.heathub.auth;

import io.heathub.api.rest.Role;
import io.heathub.config.AtomicFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The users file ({@code etc/users}) and the tokens file ({@code etc/tokens}) of one hub: one
 * entry a line, fields separated by spaces, {@code #} comments.
 *
 * <pre>
 * # users: NAME ROLE ARGON2ID-HASH
 * alice admin $argon2id$v=19$m=19456,t=2,p=1$…$…
 * # tokens: NAME ROLE SHA256-DIGEST CREATED
 * billing operator sha256:9f86d0… 2025-11-20T08:00:00Z
 * </pre>
 *
 * Changes go through {@link #update}: under an exclusive lock on {@code <file>.lock}, the file is
 * re-read, changed, written to a temporary file with mode 0600, synced and moved over the old one,
 * so a running hub never reads half a file and two commands never lose each other's change. The
 * file lock is per process; within one (the hub's admin API on several request threads) the
 * updates of one {@code Credentials} are serialised by its monitor.
 */
public final class Credentials {
    static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    /** One consistent view of both files. */
    public record Snapshot(Map<String, Account> users, Map<String, ApiToken> tokens) {
        public static final Snapshot EMPTY = new Snapshot(Map.of(), Map.of());

        public Snapshot {
            users = Collections.unmodifiableMap(new LinkedHashMap<>(users));
            tokens = Collections.unmodifiableMap(new LinkedHashMap<>(tokens));
        }

        public boolean hasAdmin() {
            return users.values().stream().anyMatch(a -> a.role() == Role.ADMIN);
        }

        /** The token whose digest is {@code digest}. */
        public Optional<ApiToken> tokenWithDigest(String digest) {
            return tokens.values().stream().filter(t -> t.digest().equals(digest)).findFirst();
        }
    }

    private final Path usersFile;
    private final Path tokensFile;

    public Credentials(Path usersFile, Path tokensFile) {
        this.usersFile = usersFile.toAbsolutePath();
        this.tokensFile = tokensFile.toAbsolutePath();
    }

    /** {@code <etc>/users} and {@code <etc>/tokens}. */
    public static Credentials in(Path etc) {
        return new Credentials(etc.resolve("users"), etc.resolve("tokens"));
    }

    public Path usersFile() {
        return usersFile;
    }

    public Path tokensFile() {
        return tokensFile;
    }

    /** Both files as they are now; a missing file is empty. */
    public Snapshot read() throws CredentialFileException {
        return new Snapshot(readUsers(), readTokens());
    }

    public Map<String, Account> readUsers() throws CredentialFileException {
        Map<String, Account> users = new LinkedHashMap<>();
        for (Line line : lines(usersFile)) {
            if (line.fields.length != 3) {
                throw line.problem("expected NAME ROLE HASH, found " + line.fields.length + " fields");
            }
            try {
                Account a = new Account(line.fields[0], Names.role(line.fields[1]), line.fields[2]);
                if (users.putIfAbsent(a.name(), a) != null) {
                    throw line.problem("user '" + a.name() + "' is listed twice");
                }
            } catch (IllegalArgumentException e) {
                throw line.problem(e.getMessage());
            }
        }
        return users;
    }

    public Map<String, ApiToken> readTokens() throws CredentialFileException {
        Map<String, ApiToken> tokens = new LinkedHashMap<>();
        for (Line line : lines(tokensFile)) {
            if (line.fields.length != 4) {
                throw line.problem("expected NAME ROLE DIGEST CREATED, found " + line.fields.length + " fields");
            }
            try {
                ApiToken t = new ApiToken(line.fields[0], Names.role(line.fields[1]), line.fields[2],
                        Instant.parse(line.fields[3]));
                if (tokens.putIfAbsent(t.name(), t) != null) {
                    throw line.problem("token '" + t.name() + "' is listed twice");
                }
            } catch (IllegalArgumentException | DateTimeParseException e) {
                throw line.problem(e.getMessage());
            }
        }
        return tokens;
    }

    /** A change to the users: gets the current users (modifiable, in file order) and changes them. */
    @FunctionalInterface
    public interface Change<T> {
        void apply(Map<String, T> entries) throws CredentialFileException;
    }

    /**
     * Refuses a change that leaves {@code users} without an admin when {@code changed} was one:
     * without an admin the hub answers only on localhost.
     *
     * @throws LastAdminException when no admin would remain
     */
    public static void keepAnAdmin(Map<String, Account> users, Account changed) {
        if (changed.role() == Role.ADMIN && users.values().stream().noneMatch(a -> a.role() == Role.ADMIN)) {
            throw new LastAdminException("'" + changed.name() + "' is the last admin; add another admin first"
                    + " (without one the hub answers only on localhost)");
        }
    }

    /** A change that would leave the hub without an admin. */
    public static final class LastAdminException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        public LastAdminException(String message) {
            super(message);
        }
    }

    /** Changes the users file under its lock and replaces it atomically. */
    public synchronized void updateUsers(Change<Account> change) throws CredentialFileException {
        update(usersFile, () -> {
            Map<String, Account> users = readUsers();
            change.apply(users);
            StringBuilder text = new StringBuilder("# heathub users (bin/heathub user ...): NAME ROLE ARGON2ID-HASH\n");
            users.values().forEach(a -> text.append(a.name()).append(' ').append(Names.of(a.role())).append(' ')
                    .append(a.passwordHash()).append('\n'));
            return text.toString();
        });
    }

    /** Changes the tokens file under its lock and replaces it atomically. */
    public synchronized void updateTokens(Change<ApiToken> change) throws CredentialFileException {
        update(tokensFile, () -> {
            Map<String, ApiToken> tokens = readTokens();
            change.apply(tokens);
            StringBuilder text = new StringBuilder(
                    "# heathub API tokens (bin/heathub token ...): NAME ROLE SHA256-DIGEST CREATED\n");
            tokens.values().forEach(t -> text.append(t.name()).append(' ').append(Names.of(t.role())).append(' ')
                    .append(t.digest()).append(' ').append(t.created()).append('\n'));
            return text.toString();
        });
    }

    private interface Writer {
        String text() throws CredentialFileException;
    }

    private static void update(Path file, Writer writer) throws CredentialFileException {
        try {
            Files.createDirectories(file.getParent());
            Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
            try (FileChannel lockChannel = FileChannel.open(lockFile, Set.of(StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE), ownerOnly(lockFile));
                 FileLock ignored = lockChannel.lock()) {
                writeAtomically(file, writer.text());
            }
        } catch (IOException e) {
            throw new CredentialFileException(file + ": cannot write: " + e, e);
        }
    }

    /** Writes {@code text} to a 0600 temporary file next to {@code file}, syncs it and moves it over {@code file}. */
    public static void writeAtomically(Path file, String text) throws IOException {
        writeAtomically(file, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes {@code bytes} to a 0600 temporary file next to {@code file}, syncs it and moves it over {@code file}. */
    public static void writeAtomically(Path file, byte[] bytes) throws IOException {
        AtomicFiles.replace(file, bytes, ownerOnly(file));
    }

    /** Mode 0600 on file systems that know POSIX permissions; nothing elsewhere. */
    static FileAttribute<?>[] ownerOnly(Path file) throws IOException {
        boolean posix = Files.getFileStore(file.getParent() == null ? Path.of(".") : file.getParent())
                .supportsFileAttributeView("posix");
        return posix ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)} : new FileAttribute<?>[0];
    }

    private record Line(Path file, int number, String[] fields) {
        CredentialFileException problem(String what) {
            return new CredentialFileException(file + ":" + number + ": " + what);
        }
    }

    private static List<Line> lines(Path file) throws CredentialFileException {
        List<String> text;
        try {
            if (Files.size(file) > 1024 * 1024) {
                throw new CredentialFileException(file + ": above 1 MiB; not a users or tokens file");
            }
            text = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new CredentialFileException(file + ": cannot read: " + e, e);
        }
        List<Line> lines = new ArrayList<>();
        for (int i = 0; i < text.size(); i++) {
            String trimmed = text.get(i).strip();
            if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                lines.add(new Line(file, i + 1, trimmed.split("\\s+")));
            }
        }
        return lines;
    }
}
