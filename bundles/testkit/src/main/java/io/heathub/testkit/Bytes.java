package io.heathub.testkit;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;

/**
 * Byte frames for tests: hex in and out, and the faults a line inflicts on a frame (cut short,
 * a flipped bit, noise).
 */
public final class Bytes {
    private static final HexFormat SPACED = HexFormat.ofDelimiter(" ").withUpperCase();

    private Bytes() {
    }

    /** Parses hex written the way protocol documents print frames: {@code "68 20 32\n41"}, any case. */
    public static byte[] hex(String text) {
        String compact = text.replaceAll("\\s", "");
        if (compact.length() % 2 != 0) {
            throw new IllegalArgumentException("odd number of hex digits in \"" + text + "\"");
        }
        return HexFormat.of().parseHex(compact);
    }

    /** {@code "FE FE 68 20"}: upper case, one space between bytes. */
    public static String hex(byte[] bytes) {
        return SPACED.formatHex(bytes);
    }

    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** The first {@code length} bytes: a frame cut off mid-way. */
    public static byte[] truncated(byte[] frame, int length) {
        if (length < 0 || length > frame.length) {
            throw new IllegalArgumentException("cannot cut " + frame.length + " bytes to " + length);
        }
        return Arrays.copyOf(frame, length);
    }

    /** A copy with bit {@code bit} (0 = least significant) of byte {@code index} flipped: noise on the wire. */
    public static byte[] flipped(byte[] frame, int index, int bit) {
        byte[] copy = frame.clone();
        copy[index] ^= (byte) (1 << bit);
        return copy;
    }

    /** {@code length} bytes of noise, the same for the same seed. */
    public static byte[] noise(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
