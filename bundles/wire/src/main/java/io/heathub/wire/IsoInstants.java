package io.heathub.wire;

import java.time.Instant;

/**
 * {@link Instant#toString()} and {@link Instant#parse} without {@code DateTimeFormatter}, for the
 * common case of the wire: {@code yyyy-MM-ddTHH:mm:ss[.fraction]Z} from 1970 to 9999. Their output
 * and results are exactly the JDK's (same fraction digits in groups of three); anything outside
 * the fast case (earlier years, offsets, lower case, leap seconds, bad text) goes to the JDK. The
 * JDK's formatter took half the CPU of writing a reading, and more of reading one, when an uplink
 * drains a backlog.
 */
final class IsoInstants {
    /** 9999-12-31T23:59:59Z: beyond it the JDK writes a '+' and more year digits. */
    private static final long MAX_FAST_SECOND = 253_402_300_799L;
    private static final int SECONDS_PER_DAY = 86_400;

    private IsoInstants() {
    }

    /** The same text as {@code instant.toString()}. */
    static String format(Instant instant) {
        long second = instant.getEpochSecond();
        if (second < 0 || second > MAX_FAST_SECOND) {
            return instant.toString();
        }
        long days = second / SECONDS_PER_DAY;
        int secondOfDay = (int) (second % SECONDS_PER_DAY);
        // civil date from days since 1970-01-01 (Howard Hinnant's algorithm, proleptic Gregorian)
        long z = days + 719_468;
        long era = z / 146_097;
        long dayOfEra = z - era * 146_097;
        long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        long mp = (5 * dayOfYear + 2) / 153;
        int day = (int) (dayOfYear - (153 * mp + 2) / 5 + 1);
        int month = (int) (mp < 10 ? mp + 3 : mp - 9);
        int year = (int) (yearOfEra + era * 400 + (month <= 2 ? 1 : 0));
        int nano = instant.getNano();
        int fractionDigits = nano == 0 ? 0 : nano % 1_000_000 == 0 ? 3 : nano % 1000 == 0 ? 6 : 9;
        char[] out = new char[20 + (fractionDigits == 0 ? 0 : 1 + fractionDigits)];
        digits(out, 0, year, 4);
        out[4] = '-';
        digits(out, 5, month, 2);
        out[7] = '-';
        digits(out, 8, day, 2);
        out[10] = 'T';
        digits(out, 11, secondOfDay / 3600, 2);
        out[13] = ':';
        digits(out, 14, secondOfDay / 60 % 60, 2);
        out[16] = ':';
        digits(out, 17, secondOfDay % 60, 2);
        int at = 19;
        if (fractionDigits > 0) {
            out[at++] = '.';
            int scaled = fractionDigits == 3 ? nano / 1_000_000 : fractionDigits == 6 ? nano / 1000 : nano;
            digits(out, at, scaled, fractionDigits);
            at += fractionDigits;
        }
        out[at] = 'Z';
        return new String(out);
    }

    /** The same instant as {@code Instant.parse(text)}, and the same exception for text it refuses. */
    static Instant parse(String text) {
        Instant fast = parseFast(text);
        return fast != null ? fast : Instant.parse(text);
    }

    /** The instant, or null when the text is not of the fast case (the JDK decides then). */
    private static Instant parseFast(CharSequence s) {
        int length = s.length();
        if (length < 20 || length > 30 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T'
                || s.charAt(13) != ':' || s.charAt(16) != ':' || s.charAt(length - 1) != 'Z') {
            return null;
        }
        int year = number(s, 0, 4);
        int month = number(s, 5, 2);
        int day = number(s, 8, 2);
        int hour = number(s, 11, 2);
        int minute = number(s, 14, 2);
        int second = number(s, 17, 2);
        if (year < 1970 || month < 1 || month > 12 || day < 1 || day > monthLength(year, month) || hour < 0
                || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return null; // also -1: not digits
        }
        int nano = 0;
        if (length > 20) {
            int digits = length - 21;
            if (s.charAt(19) != '.' || digits < 1) {
                return null;
            }
            nano = number(s, 20, digits);
            if (nano < 0) {
                return null;
            }
            for (int i = digits; i < 9; i++) {
                nano *= 10;
            }
        }
        long days = daysSinceEpoch(year, month, day);
        return Instant.ofEpochSecond(days * SECONDS_PER_DAY + hour * 3600L + minute * 60L + second, nano);
    }

    /** Days from 1970-01-01 to the civil date (Howard Hinnant's algorithm). */
    private static long daysSinceEpoch(int year, int month, int day) {
        long y = month <= 2 ? year - 1 : year;
        long era = y / 400;
        long yearOfEra = y - era * 400;
        long dayOfYear = (153L * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
        long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097 + dayOfEra - 719_468;
    }

    private static int monthLength(int year, int month) {
        return switch (month) {
            case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    /** The decimal number of {@code count} ASCII digits at {@code from}, or -1 when one is not a digit. */
    private static int number(CharSequence s, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static void digits(char[] out, int at, int value, int count) {
        for (int i = at + count - 1; i >= at; i--) {
            out[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }
}
