package io.heathub.driver.modbus.profile;

import io.heathub.config.ConfigException;
import io.heathub.config.ConfigNode;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Map;

/**
 * A profile's number field: a plain number, or a product and quotient of numbers and declared
 * settings, e.g. {@code "${maxFrequency} / 16384"} (no sums, no brackets: a scale or a limit that
 * follows a device setting needs no more).
 */
final class SettingExpression {
    private SettingExpression() {
    }

    /** The field's value with these settings. */
    static BigDecimal value(ConfigNode node, Map<String, BigDecimal> settings) throws ConfigException {
        String text = node.isScalar() ? node.asString().trim() : "";
        if (!text.contains("${")) {
            return node.asDecimal();
        }
        BigDecimal result = null;
        char operator = '*';
        int i = 0;
        while (i <= text.length()) {
            i = skipSpaces(text, i);
            int end = i;
            BigDecimal factor;
            if (text.startsWith("${", i)) {
                end = text.indexOf('}', i);
                if (end < 0) {
                    throw node.error("unclosed ${ in \"" + text + "\"");
                }
                String name = text.substring(i + 2, end).trim();
                factor = settings.get(name);
                if (factor == null) {
                    throw node.error("unknown setting ${" + name + "}: declare it under settings: (declared: "
                            + (settings.isEmpty() ? "none" : String.join(", ", settings.keySet())) + ")");
                }
                end++;
            } else {
                while (end < text.length() && "0123456789.eE+-".indexOf(text.charAt(end)) >= 0) {
                    end++;
                }
                try {
                    factor = new BigDecimal(text.substring(i, end));
                } catch (NumberFormatException e) {
                    throw node.error("expected a number or ${setting} at position " + (i + 1) + " of \"" + text
                            + "\" (numbers and settings joined by * or /)");
                }
            }
            if (operator == '/') {
                if (factor.signum() == 0) {
                    throw node.error("division by zero in \"" + text + "\"");
                }
                result = result.divide(factor, MathContext.DECIMAL64);
            } else {
                result = result == null ? factor : result.multiply(factor, MathContext.DECIMAL64);
            }
            i = skipSpaces(text, end);
            if (i >= text.length()) {
                break;
            }
            operator = text.charAt(i);
            if (operator != '*' && operator != '/') {
                throw node.error("expected * or / at position " + (i + 1) + " of \"" + text + "\"");
            }
            i++;
        }
        return result.stripTrailingZeros();
    }

    private static int skipSpaces(String text, int i) {
        while (i < text.length() && text.charAt(i) == ' ') {
            i++;
        }
        return i;
    }
}
