package io.heathub.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.heathub.api.rest.Role;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialsTest {
    @TempDir
    Path etc;
    private final SecureRandom random = new SecureRandom();
    private final String hash = PasswordHash.hash("pw".toCharArray(), random, new PasswordHash.Parameters(64, 1, 1));

    @Test
    void updatesAreWrittenOwnerOnlyAndReadBack() throws Exception {
        Credentials files = Credentials.in(etc);
        assertThat(files.read().users()).isEmpty();
        files.updateUsers(u -> u.put("alice", new Account("alice", Role.ADMIN, hash)));
        files.updateUsers(u -> u.put("bob", new Account("bob", Role.VIEWER, hash)));
        String secret = ApiToken.newSecret(random);
        files.updateTokens(t -> t.put("billing", new ApiToken("billing", Role.OPERATOR, ApiToken.digestOf(secret),
                Instant.parse("2025-11-20T08:00:00Z"))));

        Credentials.Snapshot s = files.read();
        assertThat(s.users().keySet()).containsExactly("alice", "bob");
        assertThat(s.users().get("bob").role()).isEqualTo(Role.VIEWER);
        assertThat(s.hasAdmin()).isTrue();
        assertThat(s.tokenWithDigest(ApiToken.digestOf(secret)).orElseThrow().name()).isEqualTo("billing");
        assertThat(secret).startsWith("hh_").hasSize(46);
        assertThat(Files.readString(files.tokensFile())).doesNotContain(secret);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(files.usersFile()))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(files.tokensFile()))).isEqualTo("rw-------");
        assertThat(Files.readString(files.usersFile())).contains("alice admin $argon2id$", "bob viewer $argon2id$");
        try (var left = Files.list(etc)) {
            assertThat(left.map(p -> p.getFileName().toString())).doesNotContain(".users.tmp", ".tokens.tmp");
        }
    }

    @Test
    void aChangeThatLeavesNoAdminIsRefusedAndTheFileKept() throws Exception {
        Credentials files = Credentials.in(etc);
        files.updateUsers(u -> u.put("alice", new Account("alice", Role.ADMIN, hash)));
        files.updateUsers(u -> u.put("bob", new Account("bob", Role.VIEWER, hash)));
        String before = Files.readString(files.usersFile());
        assertThatThrownBy(() -> files.updateUsers(u -> Credentials.keepAnAdmin(u, u.remove("alice"))))
                .isInstanceOf(Credentials.LastAdminException.class).hasMessageContaining("'alice' is the last admin");
        assertThatThrownBy(() -> files.updateUsers(u -> {
            Account old = u.put("alice", new Account("alice", Role.OPERATOR, hash));
            Credentials.keepAnAdmin(u, old);
        })).isInstanceOf(Credentials.LastAdminException.class);
        assertThat(Files.readString(files.usersFile())).isEqualTo(before);

        files.updateUsers(u -> Credentials.keepAnAdmin(u, u.remove("bob"))); // a viewer goes freely
        files.updateUsers(u -> u.put("carol", new Account("carol", Role.ADMIN, hash)));
        files.updateUsers(u -> Credentials.keepAnAdmin(u, u.remove("alice"))); // another admin remains
        assertThat(files.readUsers().keySet()).containsExactly("carol");
    }

    @Test
    void aBadLineIsReportedWithFileLineAndReason() throws Exception {
        Files.writeString(etc.resolve("users"), "# users\nalice admin " + hash + "\nbob boss " + hash + "\n");
        assertThatThrownBy(() -> Credentials.in(etc).readUsers())
                .hasMessage(etc.resolve("users").toAbsolutePath() + ":3: role 'boss': expected viewer, operator or admin");
        Files.writeString(etc.resolve("users"), "alice admin\n");
        assertThatThrownBy(() -> Credentials.in(etc).readUsers()).hasMessageEndingWith(":1: expected NAME ROLE HASH, found 2 fields");
        Files.writeString(etc.resolve("users"), "alice admin " + hash + "\nalice viewer " + hash + "\n");
        assertThatThrownBy(() -> Credentials.in(etc).readUsers()).hasMessageEndingWith(":2: user 'alice' is listed twice");
        Files.writeString(etc.resolve("tokens"), "x viewer sha256:12 2025-01-01T00:00:00Z\n");
        assertThatThrownBy(() -> Credentials.in(etc).readTokens()).hasMessageContaining(":1: digest is not sha256");
        Files.writeString(etc.resolve("users"), "../etc admin " + hash + "\n");
        assertThatThrownBy(() -> Credentials.in(etc).readUsers()).hasMessageContaining(":1: name '../etc'");
    }

    @Test
    void theStoreSeesChangesAndKeepsTheLastGoodViewOfABrokenFile() throws Exception {
        Credentials files = Credentials.in(etc);
        Instant[] now = {Instant.parse("2025-01-01T00:00:00Z")};
        Clock clock = new Clock() {
            public java.time.ZoneId getZone() { return ZoneOffset.UTC; }
            public Clock withZone(java.time.ZoneId zone) { return this; }
            public Instant instant() { return now[0]; }
        };
        CredentialStore store = new CredentialStore(files, clock);
        assertThat(store.current().users()).isEmpty();
        files.updateUsers(u -> u.put("alice", new Account("alice", Role.ADMIN, hash)));
        assertThat(store.current().users()).as("checked at most once a second").isEmpty();
        now[0] = now[0].plusSeconds(1);
        assertThat(store.current().users()).containsKey("alice");

        Files.writeString(files.usersFile(), "alice admin not-a-hash\n");
        now[0] = now[0].plusSeconds(1);
        assertThat(store.current().users()).containsKey("alice");
        assertThat(store.problem()).contains(":1: not an Argon2id hash");

        assertThatThrownBy(() -> files.updateUsers(u -> u.remove("alice")))
                .as("a broken file is not overwritten by a change").hasMessageContaining(":1: not an Argon2id hash");
        Credentials.writeAtomically(files.usersFile(), "bob operator " + hash + "\n");
        now[0] = now[0].plusSeconds(1);
        assertThat(store.current().users()).containsOnlyKeys("bob");
        assertThat(store.problem()).isNull();
        assertThat(store.current().hasAdmin()).isFalse();
    }
}
