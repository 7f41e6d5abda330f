package io.heathub.driver.dlt645;

/**
 * One parsed frame. Offsets refer to the bytes as received (wake-up bytes included), so errors
 * found later can still name the offending byte.
 *
 * @param address     the address field (may contain AA wildcards in requests)
 * @param control     the control code C, e.g. {@code 0x91}
 * @param data        the data field with 33h already subtracted
 * @param start       offset of the first 68h
 * @param dataOffset  offset of the first data byte
 */
public record Dlt645Frame(MeterAddress address, int control, byte[] data, int start, int dataOffset) {

    /** Control bit D7: set in frames from a meter. */
    public boolean isReply() {
        return (control & 0x80) != 0;
    }

    /** Control bit D6: set in error replies. */
    public boolean isErrorReply() {
        return (control & 0x40) != 0;
    }

    /** Control bit D5: more frames follow this one. */
    public boolean hasFollowingFrames() {
        return (control & 0x20) != 0;
    }

    /** Control bits D4..D0, e.g. 11h read data, 13h read address. */
    public int function() {
        return control & 0x1F;
    }

    /** Offset of the control code. */
    public int controlOffset() {
        return start + 8;
    }
}
