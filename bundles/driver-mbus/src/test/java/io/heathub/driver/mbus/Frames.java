package io.heathub.driver.mbus;

import java.io.ByteArrayOutputStream;

/** Test helpers: a published telegram and a builder of valid RSP_UD frames. */
final class Frames {
    static final String POLLUTHERM = "68 42 42 68 08 08 72 76 00 05 21 18 4E 31 04 51 00 00 00 0C 07 64 08 00 00"
            + " 0C 14 92 98 79 00 0C 7B 02 03 00 00 0C 2C 58 54 00 00 0A 5A 55 07 0A 5E 94 05 0B 60 76 60 01"
            + " 0C 78 76 00 05 21 0C FD 10 76 00 05 21 1F B3 16";

    private Frames() {
    }

    /** A RSP_UD with a long header (id 8 digits, manufacturer, version, medium heat) and the given records. */
    static byte[] rspUd(int address, String id, String manufacturer, int status, byte[] records) {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (int i = 0; i < 4; i++) {
            data.write(Integer.parseInt(id.substring(6 - 2 * i, 8 - 2 * i), 16));
        }
        int code = ((manufacturer.charAt(0) - 64) << 10) | ((manufacturer.charAt(1) - 64) << 5)
                | (manufacturer.charAt(2) - 64);
        data.write(code & 0xFF);
        data.write(code >> 8);
        data.write(0x01); // version
        data.write(0x04); // medium heat
        data.write(0x2A); // access number
        data.write(status);
        data.write(0);
        data.write(0);
        data.writeBytes(records);
        return MbusFrames.longFrame(0x08, address, 0x72, data.toByteArray());
    }
}
