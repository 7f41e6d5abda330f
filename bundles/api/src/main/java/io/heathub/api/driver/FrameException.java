package io.heathub.api.driver;

/**
 * A frame from the field that cannot be decoded: truncated, bad checksum, not a reply, a value
 * that is not valid BCD… Carries the byte offset where the problem is, so an integrator can find
 * it in the hex dump.
 */
public class FrameException extends DeviceException {
    private static final long serialVersionUID = 1L;
    private final int offset;

    /**
     * @param kind    {@link Kind#CHECKSUM} for checksum/CRC errors, {@link Kind#NAK} for error
     *                replies, otherwise {@link Kind#MALFORMED}
     * @param offset  0-based offset of the offending byte in the frame as given (-1 if none)
     * @param message what is wrong, e.g. {@code "checksum is 0x30, computed 0x31"}
     */
    public FrameException(Kind kind, int offset, String message) {
        super(kind, offset >= 0 ? "byte " + offset + ": " + message : message);
        this.offset = offset;
    }

    /** 0-based offset of the offending byte, -1 when the problem is not at one byte. */
    public int offset() {
        return offset;
    }
}
