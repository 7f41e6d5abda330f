package io.heathub.driver.wmbus;

import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Telegrams for the tests: two published ones and a builder for constructed ones, encrypted with
 * a key the test sets (AES-128-CBC, security mode 5, IV = M, A and 8 × the access number), and the
 * iM871A HCI frames that carry them (CRC16 computed).
 */
final class Telegrams {
    private static final HexFormat HEX = HexFormat.of();

    /**
     * OMS Specification Vol. 2, Annex N.2.1 "wM-Bus meter with security profile A" (mode 5), as
     * reproduced in public OMS parsers' tests (e.g. the exmbus README): gas meter ELS 12345678,
     * version 33, key 0102030405060708090A0B0C0D0E0F11; decrypted: volume 28504.27 m³, time
     * 2008-05-31 23:50, error flags 0000. Without the link-layer CRCs (the receiver strips them).
     */
    static final String OMS_ANNEX_N_2_1 = "2E4493157856341233037A2A0020255923C95AAA26D1B2E7493B013EC4A6F6D3529B520EDFF0EA6DEFC99D6D69EBF3";
    static final String OMS_ANNEX_N_2_1_KEY = "0102030405060708090A0B0C0D0E0F11";

    /**
     * jMBus's own test BCDNegativeTempTest (org.openmuc.jmbus.wireless): heat meter LUG 67991306,
     * unencrypted, status 10 (temporary error): energy 0 kWh, volume 0 m³, on time 14122 h, flow
     * temperature 24.1 °C, return temperature -4.0 °C (negative BCD). Cut to its L field (the test
     * has one byte more).
     */
    static final String JMBUS_NEGATIVE_TEMPERATURE = "2C44A7320613996707047A821000202F2F0C06000000000C14000000000C22224101000B5A4102000B5E4000F0";

    /** The constructed heat meter's key (set by this test, not a real meter's). */
    static final String HEAT_METER_KEY = "00112233445566778899AABBCCDDEEFF";

    private Telegrams() {
    }

    static byte[] hex(String hex) {
        return HEX.parseHex(hex);
    }

    /**
     * The records of the constructed heat meter: clock 2026-11-30 14:45 (type F), heat 12345.6 kWh,
     * volume 6543.21 m³, power 12.5 kW, flow 1.234 m³/h, supply 68.5 °C, return 41.2 °C, storage 1
     * heat 11111.1 kWh with its date 2026-01-01 (type G), error flags 0000.
     */
    static byte[] heatMeterRecords(long energyTenthKwh) {
        return concat(hex("046D2D0E5E3B"),
                hex("0C05"), bcd(energyTenthKwh, 4),
                hex("0C14"), bcd(654_321, 4),
                hex("0B2D"), bcd(125, 3),
                hex("0B3B"), bcd(1234, 3),
                hex("0A5A"), bcd(685, 2),
                hex("0A5E"), bcd(412, 2),
                hex("4C05"), bcd(111_111, 4),
                hex("426C4131"),
                hex("02FD170000"));
    }

    /**
     * A SND_NR telegram (C 44) with a short header (CI 7A), without link-layer CRCs: the records
     * behind 2F 2F, padded with 2F to whole blocks and encrypted in mode 5 when {@code key} is
     * given, else sent plain.
     */
    static byte[] telegram(String manufacturer, String id, int version, int type, int access, int status,
                           String key, byte[] records) {
        byte[] address = concat(manufacturer(manufacturer), reverse(hex(id)), new byte[] {(byte) version, (byte) type});
        byte[] plain = concat(hex("2F2F"), records);
        int blocks = 0;
        byte[] data = plain;
        if (key != null) {
            blocks = (plain.length + 15) / 16;
            byte[] padded = Arrays.copyOf(plain, blocks * 16);
            Arrays.fill(padded, plain.length, padded.length, (byte) 0x2F);
            data = aesCbc(hex(key), iv(address, access), padded);
        }
        int mode = key == null ? 0 : 5;
        int config = mode << 8 | blocks << 4;
        byte[] header = {0x7A, (byte) access, (byte) status, (byte) config, (byte) (config >> 8)};
        byte[] body = concat(new byte[] {0x44}, address, header, data);
        return concat(new byte[] {(byte) body.length}, body);
    }

    /** The receiver's indication of a telegram (from its L field), with RSSI and CRC16. */
    static byte[] indication(byte[] telegram, int rssi) {
        int length = telegram.length - 1;
        byte[] frame = new byte[4 + length + 1 + 2];
        frame[0] = (byte) 0xA5;
        frame[1] = (byte) 0xC2;                   // CRC16 and RSSI attached, endpoint RADIOLINK
        frame[2] = 0x03;                          // WMBUSMSG_IND
        frame[3] = (byte) length;
        System.arraycopy(telegram, 1, frame, 4, length);
        frame[4 + length] = (byte) rssi;
        return Hci.withCrc(frame);
    }

    /** Three letters, five bits each, little-endian. */
    static byte[] manufacturer(String letters) {
        int code = (letters.charAt(0) - 64) << 10 | (letters.charAt(1) - 64) << 5 | (letters.charAt(2) - 64);
        return new byte[] {(byte) code, (byte) (code >> 8)};
    }

    /** {@code value} as little-endian BCD of {@code bytes} bytes. */
    static byte[] bcd(long value, int bytes) {
        byte[] out = new byte[bytes];
        long v = value;
        for (int i = 0; i < bytes; i++) {
            out[i] = (byte) ((v % 10) | ((v / 10) % 10) << 4);
            v /= 100;
        }
        return out;
    }

    private static byte[] iv(byte[] address, int access) {
        byte[] iv = new byte[16];
        System.arraycopy(address, 0, iv, 0, 8);
        Arrays.fill(iv, 8, 16, (byte) access);
        return iv;
    }

    private static byte[] aesCbc(byte[] key, byte[] iv, byte[] plain) {
        try {
            Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
            return cipher.doFinal(plain);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] reverse(byte[] bytes) {
        byte[] out = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = bytes[bytes.length - 1 - i];
        }
        return out;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
