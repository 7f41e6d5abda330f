package io.heathub.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class PasswordHashTest {
    private final SecureRandom random = new SecureRandom();

    @Test
    void aNewPasswordHasTenTo1024Characters() {
        PasswordHash.checkNewPassword("0123456789".toCharArray());
        PasswordHash.checkNewPassword("x".repeat(1024).toCharArray());
        assertThatThrownBy(() -> PasswordHash.checkNewPassword("012345678".toCharArray()))
                .hasMessage("a password has 10 to 1024 characters, this one 9");
        assertThatThrownBy(() -> PasswordHash.checkNewPassword("x".repeat(1025).toCharArray()))
                .hasMessage("a password has 10 to 1024 characters, this one 1025");
        assertThatThrownBy(() -> PasswordHash.checkNewPassword(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aHashCarriesItsParametersAndVerifiesOnlyItsPassword() {
        String hash = PasswordHash.hash("correct horse".toCharArray(), random);
        assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
        assertThat(PasswordHash.verify("correct horse".toCharArray(), hash)).isTrue();
        assertThat(PasswordHash.verify("correct hors".toCharArray(), hash)).isFalse();
        assertThat(PasswordHash.verify("".toCharArray(), hash)).isFalse();
        // a fresh salt every time
        assertThat(PasswordHash.hash("correct horse".toCharArray(), random)).isNotEqualTo(hash);
        assertThat(PasswordHash.needsRehash(hash)).isFalse();
    }

    @Test
    void olderWeakerParametersStillVerifyAndAskForARehash() {
        String weak = PasswordHash.hash("pw".toCharArray(), random, new PasswordHash.Parameters(1024, 1, 1));
        assertThat(weak).contains("m=1024,t=1,p=1");
        assertThat(PasswordHash.verify("pw".toCharArray(), weak)).isTrue();
        assertThat(PasswordHash.needsRehash(weak)).isTrue();
    }

    @Test
    void knownArgon2idVectorFromTheReferenceImplementation() {
        // argon2 CLI: echo -n password | argon2 somesalt -id -t 2 -m 16 -p 1 -l 32
        String reference = "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc";
        assertThat(PasswordHash.verify("password".toCharArray(), reference)).isTrue();
        assertThat(PasswordHash.verify("Password".toCharArray(), reference)).isFalse();
    }

    @Test
    void malformedOrHostileHashesAreRefusedWithTheReason() {
        assertThatThrownBy(() -> PasswordHash.check("plaintext")).hasMessageContaining("not an Argon2id hash");
        assertThatThrownBy(() -> PasswordHash.check("$argon2id$v=19$m=4194304,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc"))
                .hasMessageContaining("m=4194304");
        assertThatThrownBy(() -> PasswordHash.check("$argon2id$v=19$m=19456,t=2,p=1$!!$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc"))
                .hasMessageContaining("base64");
        assertThatThrownBy(() -> PasswordHash.check("$argon2id$v=19$m=19456,t=2$c29tZXNhbHQ"))
                .hasMessageContaining("separated by $");
        assertThatThrownBy(() -> PasswordHash.check("$argon2id$v=19$m=19456,t=x,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc"))
                .hasMessageContaining("t=x");
    }
}
