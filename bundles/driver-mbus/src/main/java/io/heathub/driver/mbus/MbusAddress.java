package io.heathub.driver.mbus;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A meter's address as written in {@code site.yaml}: a primary address {@code 0..250}, or a
 * secondary address {@code 12345678[.MAN[.VV[.MM]]]} — the 8-digit identification number,
 * optionally the 3-letter manufacturer, the version and the medium as two hex digits each.
 * Parts left out are wildcards in the select telegram.
 */
record MbusAddress(int primary, String identification, String manufacturer, int version, int medium) {
    private static final Pattern SECONDARY = Pattern.compile(
            "(\\d{8})(?:\\.([A-Za-z]{3})(?:\\.([0-9A-Fa-f]{2})(?:\\.([0-9A-Fa-f]{2}))?)?)?");

    boolean isSecondary() {
        return primary < 0;
    }

    /** Parses an address, empty when it is neither form. */
    static Optional<MbusAddress> parse(String text) {
        String t = text == null ? "" : text.trim();
        if (t.matches("\\d{1,3}")) {
            int value = Integer.parseInt(t);
            return value <= 250 ? Optional.of(new MbusAddress(value, "", "", -1, -1)) : Optional.empty();
        }
        Matcher m = SECONDARY.matcher(t);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new MbusAddress(-1, m.group(1),
                m.group(2) == null ? "" : m.group(2).toUpperCase(Locale.ROOT),
                m.group(3) == null ? -1 : Integer.parseInt(m.group(3), 16),
                m.group(4) == null ? -1 : Integer.parseInt(m.group(4), 16)));
    }

    /**
     * A select for a secondary-address search: the identification digits known so far, the rest
     * (and manufacturer, version, medium) wildcards.
     *
     * @param prefix 0..8 decimal digits, most significant first
     */
    static MbusAddress searchPattern(String prefix) {
        if (!prefix.matches("\\d{0,8}")) {
            throw new IllegalArgumentException("search prefix: expected 0..8 digits, got \"" + prefix + "\"");
        }
        return new MbusAddress(-1, prefix + "F".repeat(8 - prefix.length()), "", -1, -1);
    }

    /** The full secondary address of a meter in {@code site.yaml} syntax: {@code 21050076.SPX.31.04}. */
    static String secondaryOf(MbusTelegram telegram) {
        return String.format("%s.%s.%02X.%02X", telegram.identification(), telegram.manufacturer(),
                telegram.version() & 0xFF, telegram.medium() & 0xFF);
    }

    /** The 8 data bytes of a CI 0x52 select: id BCD LSB first (F nibbles = wildcard digits), manufacturer, version, medium; FF = wildcard. */
    byte[] selectData() {
        byte[] data = new byte[8];
        for (int i = 0; i < 4; i++) {
            int digits = Integer.parseInt(identification.substring(6 - 2 * i, 8 - 2 * i), 16);
            data[i] = (byte) digits;
        }
        if (manufacturer.isEmpty()) {
            data[4] = (byte) 0xFF;
            data[5] = (byte) 0xFF;
        } else {
            int code = ((manufacturer.charAt(0) - 64) << 10) | ((manufacturer.charAt(1) - 64) << 5)
                    | (manufacturer.charAt(2) - 64);
            data[4] = (byte) code;
            data[5] = (byte) (code >> 8);
        }
        data[6] = (byte) (version < 0 ? 0xFF : version);
        data[7] = (byte) (medium < 0 ? 0xFF : medium);
        return data;
    }

    /** True when a reply's header matches the parts given. */
    boolean matches(MbusTelegram telegram) {
        return telegram.identification().equals(identification)
                && (manufacturer.isEmpty() || telegram.manufacturer().equals(manufacturer))
                && (version < 0 || telegram.version() == version)
                && (medium < 0 || telegram.medium() == medium);
    }

    @Override
    public String toString() {
        if (!isSecondary()) {
            return "primary " + primary;
        }
        StringBuilder text = new StringBuilder("secondary ").append(identification);
        if (!manufacturer.isEmpty()) {
            text.append('.').append(manufacturer);
        }
        if (version >= 0) {
            text.append(String.format(".%02X", version));
        }
        if (medium >= 0) {
            text.append(String.format(".%02X", medium));
        }
        return text.toString();
    }
}
