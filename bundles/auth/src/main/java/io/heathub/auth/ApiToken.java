package io.heathub.auth;

import io.heathub.api.rest.Role;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;

/**
 * An API token for a machine client ({@code Authorization: Bearer hh_…}). Only its SHA-256
 * digest is stored: the token is 256 random bits, so a fast digest is enough (no guessing a
 * token from its digest), and the token is shown once when created.
 *
 * @param name    {@link Names#check checked} name, e.g. {@code billing}
 * @param role    viewer, operator or admin
 * @param digest  {@code sha256:<64 hex digits>} of the token
 * @param created when it was created
 */
public record ApiToken(String name, Role role, String digest, Instant created) {
    /** Every token starts with this, so a leaked one is easy to find in logs and repositories. */
    public static final String PREFIX = "hh_";

    public ApiToken {
        Names.check(name);
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(created, "created");
        if (role == Role.ANYONE) {
            throw new IllegalArgumentException("a token holds viewer, operator or admin");
        }
        if (digest == null || !digest.matches("sha256:[0-9a-f]{64}")) {
            throw new IllegalArgumentException("digest is not sha256:<64 lowercase hex digits>");
        }
    }

    /** A new random token: {@code hh_} and 43 base64url characters (256 bits). */
    public static String newSecret(SecureRandom random) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The stored form of a token. */
    public static String digestOf(String secret) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
