package io.heathub.driver.wmbus;

import io.heathub.api.driver.DeviceException.Kind;
import io.heathub.api.driver.FrameException;

/**
 * The link-layer header of a wireless M-Bus telegram (EN 13757-4 frame format A, CRCs already
 * checked and removed by the receiver) as a WMBUSMSG_IND payload carries it:
 * {@code C M M A A A A V T CI …}, the L field being the payload's length.
 *
 * @param control      the C field (44 SND_NR, 46 SND_IR, 08 RSP_UD…)
 * @param manufacturer three letters (EN 62056-21 flag, e.g. {@code KAM})
 * @param id           the identification number, 8 digits as printed on the meter
 * @param version      the version byte
 * @param type         the device type byte (04 heat, 07 water, 03 gas…)
 */
record Telegram(int control, String manufacturer, String id, int version, int type) {
    /** C, M(2), A(6), CI. */
    static final int MIN_LENGTH = 10;

    /** The meter as this driver names it: {@code KAM 12345678}. */
    String meter() {
        return manufacturer + " " + id;
    }

    /** Reads the header of a WMBUSMSG_IND payload; {@code base} is where the payload starts in the quoted bytes. */
    static Telegram header(byte[] payload, int base) throws FrameException {
        if (payload.length < MIN_LENGTH) {
            throw new FrameException(Kind.MALFORMED, base + payload.length, "telegram of " + payload.length
                    + " bytes, shorter than its header (C, M, A, CI: 10 bytes)");
        }
        int code = (payload[1] & 0xFF) | (payload[2] & 0xFF) << 8;
        String manufacturer = manufacturer(code);
        if (manufacturer == null) {
            throw new FrameException(Kind.MALFORMED, base + 1, String.format("manufacturer code %04X is no three"
                    + " letters A-Z (unknown manufacturer)", code));
        }
        StringBuilder id = new StringBuilder(8);
        for (int i = 6; i >= 3; i--) {
            int b = payload[i] & 0xFF;
            if (b >> 4 > 9 || (b & 0x0F) > 9) {
                throw new FrameException(Kind.MALFORMED, base + i, String.format("identification number byte %02X is"
                        + " not BCD", b));
            }
            id.append(b >> 4).append(b & 0x0F);
        }
        return new Telegram(payload[0] & 0xFF, manufacturer, id.toString(), payload[7] & 0xFF, payload[8] & 0xFF);
    }

    /** Three letters of five bits each (A = 1), or null when a letter is out of A-Z or bit 15 is set. */
    private static String manufacturer(int code) {
        if ((code & 0x8000) != 0) {
            return null;
        }
        char[] letters = new char[3];
        for (int i = 0; i < 3; i++) {
            int letter = (code >> (10 - 5 * i)) & 0x1F;
            if (letter < 1 || letter > 26) {
                return null;
            }
            letters[i] = (char) ('A' + letter - 1);
        }
        return new String(letters);
    }

    /** SND_NR, SND_IR and RSP_UD (with its FCB/ACD bits) carry meter data; others (ACC_DMD, ACK…) do not. */
    boolean carriesData() {
        return control == 0x44 || control == 0x46 || (control & 0xCF) == 0x08;
    }
}
