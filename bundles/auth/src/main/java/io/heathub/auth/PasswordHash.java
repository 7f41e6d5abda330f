package io.heathub.auth;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id password hashes (BouncyCastle) in the PHC string form
 * {@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>}, so each hash carries its own algorithm
 * and parameters and the defaults can be raised later without invalidating stored hashes.
 *
 * <p>Default m=19 MiB, t=2, p=1 (the OWASP minimum for Argon2id): about 0.1 s per hash on one
 * core of a 2-core x86 server once the JIT is warm (0.8 s for the first), which is 0.5–1 s on an
 * ARM gateway — paid once per sign-in (sessions, tokens and the web bundle's short cache of
 * verified Basic credentials avoid it on every request). 19 MiB per hash at a time keeps two
 * concurrent verifications well inside the hub's 256 MiB heap.
 */
public final class PasswordHash {
    /** Memory in KiB, iterations, lanes. */
    public record Parameters(int memoryKiB, int iterations, int parallelism) {
        public static final Parameters DEFAULT = new Parameters(19 * 1024, 2, 1);

        /** Bounds a stored hash may ask for, so a hostile or mistyped file cannot exhaust the heap or the CPU. */
        void check() {
            if (parallelism < 1 || parallelism > 8) {
                throw new IllegalArgumentException("p=" + parallelism + " (1..8)");
            }
            if (memoryKiB < 8 * parallelism || memoryKiB > 128 * 1024) {
                throw new IllegalArgumentException("m=" + memoryKiB + " KiB (" + 8 * parallelism + "..131072)");
            }
            if (iterations < 1 || iterations > 20) {
                throw new IllegalArgumentException("t=" + iterations + " (1..20)");
            }
        }
    }

    /** The shortest password a user may set (bin/heathub user and the admin API alike). */
    public static final int MIN_PASSWORD = 10;
    /** The longest: bounds the work of hashing what a client sends. */
    public static final int MAX_PASSWORD = 1024;

    private static final String PREFIX = "$argon2id$v=19$";
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getDecoder();

    private PasswordHash() {
    }

    /** A new hash of {@code password} with the default parameters and a fresh random salt. */
    public static String hash(char[] password, SecureRandom random) {
        return hash(password, random, Parameters.DEFAULT);
    }

    public static String hash(char[] password, SecureRandom random, Parameters parameters) {
        parameters.check();
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] hash = derive(password, salt, parameters, HASH_BYTES);
        return PREFIX + "m=" + parameters.memoryKiB() + ",t=" + parameters.iterations() + ",p=" + parameters.parallelism()
                + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
    }

    /**
     * Checks that a new password has {@value #MIN_PASSWORD} to {@value #MAX_PASSWORD} characters.
     *
     * @throws IllegalArgumentException how long it is and what is allowed (never the password)
     */
    public static void checkNewPassword(char[] password) {
        if (password == null || password.length < MIN_PASSWORD || password.length > MAX_PASSWORD) {
            throw new IllegalArgumentException("a password has " + MIN_PASSWORD + " to " + MAX_PASSWORD
                    + " characters, this one " + (password == null ? 0 : password.length));
        }
    }

    /** Whether {@code password} matches {@code stored} (constant-time compare of the hash). */
    public static boolean verify(char[] password, String stored) {
        Parsed p = parse(stored);
        byte[] actual = derive(password, p.salt, p.parameters, p.hash.length);
        return MessageDigest.isEqual(actual, p.hash);
    }

    /** Whether {@code stored} was made with weaker parameters than today's default. */
    public static boolean needsRehash(String stored) {
        Parameters p = parse(stored).parameters;
        Parameters d = Parameters.DEFAULT;
        return p.memoryKiB() < d.memoryKiB() || p.iterations() < d.iterations();
    }

    /**
     * Checks the form of a stored hash.
     *
     * @throws IllegalArgumentException what is wrong with it
     */
    public static void check(String stored) {
        parse(stored);
    }

    private record Parsed(Parameters parameters, byte[] salt, byte[] hash) {
    }

    private static Parsed parse(String stored) {
        if (stored == null || !stored.startsWith(PREFIX)) {
            throw new IllegalArgumentException("not an Argon2id hash ($argon2id$v=19$m=…,t=…,p=…$salt$hash)");
        }
        String[] parts = stored.substring(PREFIX.length()).split("\\$", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("an Argon2id hash has parameters, salt and hash separated by $");
        }
        int m = -1;
        int t = -1;
        int p = -1;
        for (String kv : parts[0].split(",")) {
            int eq = kv.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("parameter '" + kv + "' is not name=value");
            }
            int value;
            try {
                value = Integer.parseInt(kv.substring(eq + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("parameter '" + kv + "' is not a number");
            }
            switch (kv.substring(0, eq)) {
                case "m" -> m = value;
                case "t" -> t = value;
                case "p" -> p = value;
                default -> throw new IllegalArgumentException("unknown parameter '" + kv + "' (m, t, p)");
            }
        }
        Parameters parameters = new Parameters(m, t, p);
        parameters.check();
        byte[] salt;
        byte[] hash;
        try {
            salt = B64D.decode(parts[1]);
            hash = B64D.decode(parts[2]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("salt or hash is not base64: " + e.getMessage());
        }
        if (salt.length < 8 || hash.length < 16 || hash.length > 64) {
            throw new IllegalArgumentException("salt below 8 bytes or hash not 16..64 bytes");
        }
        return new Parsed(parameters, salt, hash);
    }

    private static byte[] derive(char[] password, byte[] salt, Parameters parameters, int length) {
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        try {
            Argon2BytesGenerator generator = new Argon2BytesGenerator();
            generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                    .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                    .withSalt(salt)
                    .withMemoryAsKB(parameters.memoryKiB())
                    .withIterations(parameters.iterations())
                    .withParallelism(parameters.parallelism())
                    .build());
            byte[] out = new byte[length];
            generator.generateBytes(bytes, out);
            return out;
        } finally {
            Arrays.fill(bytes, (byte) 0);
            if (encoded.hasArray()) {
                Arrays.fill(encoded.array(), (byte) 0);
            }
        }
    }
}
