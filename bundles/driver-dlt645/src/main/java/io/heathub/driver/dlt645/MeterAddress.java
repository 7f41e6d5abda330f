package io.heathub.driver.dlt645;

import io.heathub.api.driver.DeviceException.Kind;
import io.heathub.api.driver.FrameException;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A meter's communication address: 12 BCD digits, sent as 6 bytes least significant byte first
 * (A0..A5), not masked with 33h. In requests the high bytes may be {@code AA}: DL/T 645-2007 §4.2
 * (address field) allows "abbreviated addressing" — from some low bytes up, the remaining high bytes
 * are filled with AAh as wildcards, and the meter answers with its real address. So an AA byte is
 * valid only when every byte above it is AA too ({@code AAAA00000161}, not {@code 00AA00000161});
 * {@code AAAAAAAAAAAA} reaches any meter. {@code 999999999999} is the broadcast address, valid only
 * for commands meters do not answer (broadcast time sync, freeze).
 *
 * @param text the 12 characters as printed on the meter, most significant first, e.g.
 *             {@code 000000000161}; wildcard bytes as {@code AA}
 */
public record MeterAddress(String text) {
    // before the constants below: they are checked against these patterns
    private static final Pattern PAIRS = Pattern.compile("(AA)*([0-9]{2})*");
    private static final Pattern DIGITS = Pattern.compile("[0-9]{12}");
    /** Every byte a wildcard: the address used to ask a lone meter for its own address (13h). */
    public static final MeterAddress WILDCARD = new MeterAddress("AAAAAAAAAAAA");
    /** The broadcast address: no meter replies to it. */
    public static final MeterAddress BROADCAST = new MeterAddress("999999999999");

    public MeterAddress {
        if (text == null || text.length() != 12 || !PAIRS.matcher(text).matches()) {
            throw new IllegalArgumentException("not a DL/T 645 address (12 digits; the high bytes may be AA): " + text);
        }
    }

    /**
     * The abbreviated address that fixes the low bytes to {@code lowDigits} (an even number of
     * digits, most significant first) and leaves the others AA: {@code "0161"} → {@code AAAAAAAA0161}.
     */
    public static MeterAddress abbreviated(String lowDigits) {
        return new MeterAddress("AA".repeat(6 - lowDigits.length() / 2) + lowDigits);
    }

    /** How many low bytes are real (6 for an exact address, 0 for {@link #WILDCARD}). */
    public int knownBytes() {
        int wildcards = 0;
        while (wildcards < 6 && text.startsWith("AA", 2 * wildcards)) {
            wildcards++;
        }
        return 6 - wildcards;
    }

    /** The real low bytes as digits, most significant first ({@code AAAAAAAA0161} → {@code 0161}). */
    public String knownDigits() {
        return text.substring(12 - 2 * knownBytes());
    }

    /** Whether a meter with the exact address {@code meter} answers a request to this (abbreviated) address. */
    public boolean reaches(MeterAddress meter) {
        return meter.text.endsWith(knownDigits());
    }

    /** A meter address of exactly 12 decimal digits (what a device's {@code address:} must be). */
    public static Optional<MeterAddress> ofDigits(String text) {
        String t = text == null ? "" : text.trim();
        return DIGITS.matcher(t).matches() ? Optional.of(new MeterAddress(t)) : Optional.empty();
    }

    /** True when every byte is a real pair of digits (no wildcard). */
    public boolean isExact() {
        return DIGITS.matcher(text).matches();
    }

    /** A0..A5 as on the wire: least significant byte first. */
    public byte[] toWire() {
        byte[] wire = new byte[6];
        for (int i = 0; i < 6; i++) {
            String pair = text.substring(10 - 2 * i, 12 - 2 * i);
            wire[i] = (byte) Integer.parseInt(pair, 16); // "AA" → 0xAA, "61" → 0x61 (BCD)
        }
        return wire;
    }

    /**
     * Reads A0..A5 from {@code bytes} at {@code offset}.
     *
     * @param allowWildcard whether AA bytes are accepted (requests) or not (a meter's own address)
     * @throws FrameException at the first byte that is neither BCD nor an allowed AA
     */
    public static MeterAddress fromWire(byte[] bytes, int offset, boolean allowWildcard) throws FrameException {
        StringBuilder text = new StringBuilder(12);
        for (int i = 5; i >= 0; i--) {
            int b = bytes[offset + i] & 0xFF;
            boolean bcd = (b >> 4) <= 9 && (b & 0x0F) <= 9;
            if (!bcd && !(allowWildcard && b == 0xAA)) {
                throw new FrameException(Kind.MALFORMED, offset + i, String.format(
                        "address byte A%d is 0x%02X, not two BCD digits%s", i, b, allowWildcard ? " or AA" : ""));
            }
            if (b == 0xAA && i < 5 && (bytes[offset + i + 1] & 0xFF) != 0xAA) {
                throw new FrameException(Kind.MALFORMED, offset + i, String.format("address byte A%d is AA but A%d"
                        + " is not: wildcards fill the high bytes only (DL/T 645-2007 abbreviated addressing)", i, i + 1));
            }
            text.append(String.format("%02X", b));
        }
        return new MeterAddress(text.toString());
    }

    /** Same address as the wire bytes given. */
    boolean matches(byte[] wire) {
        return Arrays.equals(toWire(), wire);
    }

    @Override
    public String toString() {
        return text;
    }
}
