package io.heathub.driver.cjt188;

/** Frame helpers for tests. */
final class Frames {
    private Frames() {
    }

    /** Recomputes the checksum after a test changed a byte (frame without wake-up bytes). */
    static byte[] withChecksum(byte[] frame) {
        byte[] copy = frame.clone();
        int start = 0;
        while ((copy[start] & 0xFF) == 0xFE) {
            start++;
        }
        copy[copy.length - 2] = (byte) Cjt188Codec.checksum(copy, start, copy.length - 2);
        return copy;
    }
}
