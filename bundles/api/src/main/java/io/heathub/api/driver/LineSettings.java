package io.heathub.api.driver;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The settings of a serial line: baud rate, data bits, parity, stop bits, written {@code 300 7E1}.
 * A driver whose protocol changes them within a poll (IEC 62056-21 mode C: sign-on at 300 Bd 7E1,
 * data at the baud rate the meter proposed) uses {@link Link#changeLineSettings}.
 *
 * @param baud     50..4,000,000
 * @param dataBits 5..8
 * @param stopBits 1 or 2
 * @since 1.7
 */
public record LineSettings(int baud, int dataBits, Parity parity, int stopBits) {

    private static final Pattern TEXT = Pattern.compile("(\\d{2,7})\\s+([5-8])([NEOnoe])([12])");

    /** Parity as the usual letter writes it: N, E, O. */
    public enum Parity {
        NONE, EVEN, ODD;

        char letter() {
            return name().charAt(0);
        }
    }

    public LineSettings {
        if (baud < 50 || baud > 4_000_000) {
            throw new IllegalArgumentException("baud rate " + baud + " is not 50..4000000");
        }
        if (dataBits < 5 || dataBits > 8) {
            throw new IllegalArgumentException("data bits " + dataBits + " are not 5..8");
        }
        if (parity == null) {
            throw new IllegalArgumentException("no parity (NONE, EVEN or ODD)");
        }
        if (stopBits != 1 && stopBits != 2) {
            throw new IllegalArgumentException("stop bits " + stopBits + " are not 1 or 2");
        }
    }

    /** {@code 300 7E1}, {@code 9600 8N1}; a mistake is an IllegalArgumentException quoting the text. */
    public static LineSettings parse(String text) {
        String t = text == null ? "" : text.trim();
        Matcher m = TEXT.matcher(t);
        if (t.length() > 20 || !m.matches()) {
            throw new IllegalArgumentException("expected line settings like 300 7E1 or 9600 8N1, got \""
                    + (t.length() > 20 ? t.substring(0, 20) + "…" : t) + "\"");
        }
        Parity parity = switch (m.group(3).toUpperCase(Locale.ROOT)) {
            case "E" -> Parity.EVEN;
            case "O" -> Parity.ODD;
            default -> Parity.NONE;
        };
        return new LineSettings(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), parity,
                Integer.parseInt(m.group(4)));
    }

    @Override
    public String toString() {
        return baud + " " + dataBits + parity.letter() + stopBits;
    }
}
