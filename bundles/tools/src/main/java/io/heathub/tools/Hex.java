package io.heathub.tools;

/** Hex text as integrators paste it: spaces, colons and {@code 0x} prefixes allowed. */
final class Hex {
    private Hex() {
    }

    /** @throws IllegalArgumentException naming the offending character's position */
    static byte[] parse(String text) {
        String cleaned = text.replaceAll("0[xX]", "");
        byte[] out = new byte[cleaned.length() / 2 + 1];
        int n = 0;
        int high = -1;
        for (int i = 0; i < cleaned.length(); i++) {
            char c = cleaned.charAt(i);
            if (c == ' ' || c == ':' || c == '\t' || c == '\n' || c == '\r' || c == ',') {
                if (high >= 0) {
                    throw new IllegalArgumentException("hex byte split by a separator at character " + i);
                }
                continue;
            }
            int v = Character.digit(c, 16);
            if (v < 0) {
                throw new IllegalArgumentException("'" + c + "' at character " + i + " is not a hex digit");
            }
            if (high < 0) {
                high = v;
            } else {
                out[n++] = (byte) (high << 4 | v);
                high = -1;
            }
        }
        if (high >= 0) {
            throw new IllegalArgumentException("odd number of hex digits");
        }
        if (n == 0) {
            throw new IllegalArgumentException("no bytes given");
        }
        return java.util.Arrays.copyOf(out, n);
    }
}
