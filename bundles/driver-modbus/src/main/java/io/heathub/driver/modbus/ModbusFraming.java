package io.heathub.driver.modbus;

import io.heathub.api.driver.DeviceException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * How request and reply PDUs travel over a link for one unit: Modbus TCP (MBAP header) or RTU
 * (unit id + PDU + CRC-16). The PDUs themselves are {@link ModbusClient}'s.
 */
interface ModbusFraming {
    HexFormat HEX = HexFormat.ofDelimiter(" ").withUpperCase();

    /**
     * Bytes for a message: at most the first 64, then how many there were. A reply or the partial
     * bytes of a timeout may be kilobytes of noise; a message must stay a line.
     */
    static String hex(byte[] bytes) {
        return bytes.length <= 64 ? HEX.formatHex(bytes) : HEX.formatHex(bytes, 0, 64) + " … (" + bytes.length + " bytes)";
    }

    /**
     * Sends one request PDU and returns this unit's reply PDU (function code onwards).
     *
     * @param what the request for messages, e.g. {@code read holding registers 0..13 (temp.outdoor, …)}
     * @throws DeviceException TIMEOUT, CHECKSUM, MALFORMED or IO, naming the device and the request
     */
    byte[] exchange(byte[] pdu, String what) throws DeviceException;

    /** The framings a device may choose with {@code settings.framing}. */
    enum Type {
        TCP, RTU;

        String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
