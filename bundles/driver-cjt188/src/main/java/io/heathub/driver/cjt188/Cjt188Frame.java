package io.heathub.driver.cjt188;

/**
 * One checked CJ/T 188 frame (wake-up bytes skipped, start, length, checksum and end verified).
 * Offsets are into the byte array as received, so errors found later can still name the byte.
 *
 * @param bytes      the frame as received, wake-up bytes included
 * @param start      offset of the {@code 68} start byte
 * @param type       meter type T, e.g. {@code 0x20} heat
 * @param address    the 14 address digits as printed (most significant first)
 * @param control    the control byte C
 * @param length     the length byte L (DI0 to end of data)
 */
public record Cjt188Frame(byte[] bytes, int start, int type, String address, int control, int length) {

    /** Offset of the type byte T. */
    public int typeOffset() {
        return start + 1;
    }

    /** Offset of the control byte C. */
    public int controlOffset() {
        return start + 9;
    }

    /** Offset of the first byte after L (DI0 in a normal frame). */
    public int bodyOffset() {
        return start + 11;
    }

    /** Offset one past the last data byte (the checksum's offset). */
    public int bodyEnd() {
        return bodyOffset() + length;
    }

    /** Function code, bits 0–5 of C. */
    public int function() {
        return control & 0x3F;
    }

    /** True for a frame from the meter (bit 7 of C). */
    public boolean isReply() {
        return (control & 0x80) != 0;
    }

    /** True for an error reply (bit 6 of C). */
    public boolean isError() {
        return (control & 0x40) != 0;
    }

    /** The unsigned byte at an offset of the received array. */
    public int at(int offset) {
        return bytes[offset] & 0xFF;
    }
}
