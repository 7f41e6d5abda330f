package io.heathub.simulator.meters;

import java.util.HexFormat;

/**
 * One complete, checksum-valid request as seen on the shared line, already told apart by protocol.
 * {@link #raw()} is the frame as received (wake-up bytes not included).
 */
public sealed interface LineFrame {

    /** The frame's bytes as received, from its start byte to its end byte. */
    byte[] raw();

    /** The frame in hex, for logs and errors. */
    default String hex() {
        return HexFormat.ofDelimiter(" ").withUpperCase().formatHex(raw());
    }

    /**
     * CJ/T 188 {@code 68 T A0..A6 C L body CS 16}.
     *
     * @param type    meter type T (AA = any)
     * @param address A0..A6 as sent (least significant byte first)
     * @param control C
     * @param body    the L bytes after L: DI0 DI1 SER data
     */
    record Cjt188(byte[] raw, int type, byte[] address, int control, byte[] body) implements LineFrame {
    }

    /** M-Bus short frame {@code 10 C A CS 16}. */
    record MbusShort(byte[] raw, int control, int address) implements LineFrame {
    }

    /** M-Bus long frame {@code 68 L L 68 C A CI data CS 16}. */
    record MbusLong(byte[] raw, int control, int address, int ci, byte[] data) implements LineFrame {
    }

    /**
     * DL/T 645 {@code 68 A0..A5 68 C L data CS 16}.
     *
     * @param address A0..A5 as sent (least significant byte first)
     * @param data    the data field with 33h already subtracted
     */
    record Dlt645(byte[] raw, byte[] address, int control, byte[] data) implements LineFrame {
    }
}
