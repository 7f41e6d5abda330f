package io.heathub.billing.health;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;

/** Number and duration formats for evidence lines. */
final class Texts {
    private Texts() {
    }

    /** {@code 2h30m}, {@code 45m}, {@code 1h}, {@code 30s}. */
    static String duration(Duration d) {
        Duration abs = d.abs();
        long hours = abs.toHours();
        int minutes = abs.toMinutesPart();
        int seconds = abs.toSecondsPart();
        StringBuilder out = new StringBuilder();
        if (hours > 0) {
            out.append(hours).append('h');
        }
        if (minutes > 0) {
            out.append(minutes).append('m');
        }
        if (seconds > 0 || out.length() == 0) {
            out.append(seconds).append('s');
        }
        return out.toString();
    }

    static String plain(BigDecimal value) {
        return value.stripTrailingZeros().toPlainString();
    }

    static String fixed(BigDecimal value, int scale) {
        return value.setScale(scale, RoundingMode.HALF_UP).toPlainString();
    }
}
