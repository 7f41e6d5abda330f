package io.heathub.transport;

/** Bytes as hex for error messages. */
final class Hex {
    private static final int MAX_BYTES = 64;

    private Hex() {
    }

    static String of(byte[] bytes, int length) {
        StringBuilder b = new StringBuilder();
        int shown = Math.min(length, MAX_BYTES);
        for (int i = 0; i < shown; i++) {
            if (i > 0) {
                b.append(' ');
            }
            b.append(String.format("%02X", bytes[i] & 0xFF));
        }
        if (length > shown) {
            b.append(" …(").append(length).append(" bytes)");
        }
        return b.toString();
    }
}
