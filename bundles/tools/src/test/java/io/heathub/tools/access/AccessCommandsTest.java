package io.heathub.tools.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.heathub.api.rest.Role;
import io.heathub.auth.ApiToken;
import io.heathub.auth.Credentials;
import io.heathub.auth.PasswordHash;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bin/heathub user and token on real files in a temporary etc/ and data/. */
class AccessCommandsTest {
    @TempDir
    Path home;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final Clock clock = Clock.fixed(Instant.parse("2025-11-20T08:00:00Z"), ZoneOffset.UTC);

    private int user(String stdin, String... args) {
        return new UserCommand(home.resolve("etc"), home.resolve("data"), clock, null,
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), new PrintStream(out, true),
                new PrintStream(err, true)).run(args);
    }

    private int token(String... args) {
        return new TokenCommand(home.resolve("etc"), home.resolve("data"), clock, new PrintStream(out, true),
                new PrintStream(err, true)).run(args);
    }

    private Credentials files() {
        return Credentials.in(home.resolve("etc"));
    }

    @Test
    void usersAreAddedWithTheirPasswordFromStandardInputChangedListedAndRemoved() throws Exception {
        assertThat(user("s3cret-pass-1\n", "add", "alice", "--role", "admin")).isEqualTo(0);
        assertThat(user("s3cret-pass-2\n", "add", "bob", "--role=operator")).isEqualTo(0);
        var alice = files().readUsers().get("alice");
        assertThat(alice.role()).isEqualTo(Role.ADMIN);
        assertThat(PasswordHash.verify("s3cret-pass-1".toCharArray(), alice.passwordHash())).isTrue();
        assertThat(Files.readString(files().usersFile())).doesNotContain("s3cret");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(files().usersFile()))).isEqualTo("rw-------");

        assertThat(user("another-pass\n", "passwd", "bob")).isEqualTo(0);
        assertThat(PasswordHash.verify("another-pass".toCharArray(), files().readUsers().get("bob").passwordHash())).isTrue();
        assertThat(files().readUsers().get("bob").role()).isEqualTo(Role.OPERATOR);

        out.reset();
        assertThat(user("", "list")).isEqualTo(0);
        assertThat(out.toString()).isEqualTo("alice admin\nbob operator\n");

        assertThat(user("", "remove", "bob")).isEqualTo(0);
        assertThat(files().readUsers()).containsOnlyKeys("alice");
        String audit = Files.readString(home.resolve("data/audit/access.jsonl"));
        assertThat(audit.lines()).hasSize(4);
        assertThat(audit).contains("\"event\":\"user.add\"", "\"subject\":\"bob\"", "\"event\":\"user.passwd\"",
                "\"event\":\"user.remove\"", "\"requestedBy\":\"cli:").doesNotContain("s3cret");
    }

    @Test
    void badInputIsRefusedWithOneLineAndStatus2() throws Exception {
        assertThat(user("short\n", "add", "alice", "--role", "admin")).isEqualTo(2);
        assertThat(err.toString()).contains("a password has 10 to 1024 characters, this one 5");
        assertThat(user("long-enough-pw\n", "add", "alice")).isEqualTo(2);
        assertThat(err.toString()).contains("needs --role");
        assertThat(user("long-enough-pw\n", "add", "alice", "--role", "boss")).isEqualTo(2);
        assertThat(err.toString()).contains("role 'boss': expected viewer, operator or admin");
        assertThat(user("long-enough-pw\n", "add", "../x", "--role", "viewer")).isEqualTo(2);
        assertThat(user("", "add", "alice", "--role", "admin")).isEqualTo(2);
        assertThat(err.toString()).contains("no password on standard input");
        assertThat(files().readUsers()).isEmpty();

        assertThat(user("long-enough-pw\n", "add", "alice", "--role", "admin")).isEqualTo(0);
        assertThat(user("long-enough-pw\n", "add", "alice", "--role", "viewer")).isEqualTo(2);
        assertThat(err.toString()).contains("user 'alice' exists");
        assertThat(user("", "remove", "alice")).isEqualTo(2);
        assertThat(err.toString()).contains("'alice' is the last admin");
        assertThat(user("", "remove", "nobody")).isEqualTo(2);
        assertThat(user("x\n", "passwd", "nobody")).isEqualTo(2);
        assertThat(files().readUsers()).containsOnlyKeys("alice");
    }

    @Test
    void aTokenIsShownOnceStoredAsItsDigestListedAndRevoked() throws Exception {
        assertThat(token("create", "billing", "--role", "operator")).isEqualTo(0);
        String secret = out.toString().strip();
        assertThat(secret).startsWith("hh_");
        assertThat(err.toString()).contains("shown once");
        ApiToken stored = files().readTokens().get("billing");
        assertThat(stored.digest()).isEqualTo(ApiToken.digestOf(secret));
        assertThat(Files.readString(files().tokensFile())).doesNotContain(secret);
        assertThat(token("create", "billing", "--role", "viewer")).isEqualTo(2);

        out.reset();
        assertThat(token("list")).isEqualTo(0);
        assertThat(out.toString()).isEqualTo("billing operator 2025-11-20T08:00:00Z\n");
        assertThat(token("revoke", "billing")).isEqualTo(0);
        assertThat(files().readTokens()).isEmpty();
        assertThat(token("revoke", "billing")).isEqualTo(2);
        assertThat(Files.readString(home.resolve("data/audit/access.jsonl")))
                .contains("\"event\":\"token.create\"", "\"event\":\"token.revoke\"").doesNotContain(secret);
    }

    @Test
    void theDemoAdminGetsARandomPasswordOnceAndOnlyWhenThereAreNoUsers() throws Exception {
        Path passwordFile = home.resolve("etc/demo-admin-password");
        DemoAdmin demo = new DemoAdmin(home.resolve("etc"), home.resolve("data"), clock, new PrintStream(out, true),
                new PrintStream(err, true));
        assertThat(demo.run(new String[] {passwordFile.toString(), "https://localhost:8443", "/etc/hub.crt"})).isEqualTo(0);
        String password = Files.readString(passwordFile).strip();
        assertThat(password).hasSize(20);
        assertThat(out.toString()).contains(password,
                "curl --cacert /etc/hub.crt -u admin:" + password + " https://localhost:8443/api/devices",
                "Open the console: https://localhost:8443/ (sign in as admin");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile))).isEqualTo("rw-------");
        assertThat(PasswordHash.verify(password.toCharArray(), files().readUsers().get("admin").passwordHash())).isTrue();

        out.reset();
        assertThat(demo.run(new String[] {passwordFile.toString()})).isEqualTo(0);
        assertThat(out.toString()).as("second start: nothing new").isEmpty();
        assertThat(Files.readString(passwordFile).strip()).isEqualTo(password);

        Path home2 = home.resolve("other");
        DemoAdmin other = new DemoAdmin(home2.resolve("etc"), home2.resolve("data"), clock, new PrintStream(out, true),
                new PrintStream(err, true));
        other.run(new String[] {home2.resolve("etc/demo-admin-password").toString()});
        assertThat(Files.readString(home2.resolve("etc/demo-admin-password")).strip()).isNotEqualTo(password);
    }
}
