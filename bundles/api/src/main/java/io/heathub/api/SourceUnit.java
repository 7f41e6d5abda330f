package io.heathub.api;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * A unit as devices report it, with its exact conversion to a canonical {@link Unit}.
 * Factors are rational (numerator/denominator) so that decimal counters stay exact where the
 * conversion allows it; only non-terminating conversions (J, GJ → kWh) are rounded, to 34
 * significant digits.
 */
public enum SourceUnit {
    WH(Unit.KWH, 1, 1000, "Wh"),
    KWH(Unit.KWH, 1, 1, "kWh"),
    MWH(Unit.KWH, 1000, 1, "MWh"),
    MWH_100(Unit.KWH, 100_000, 1, "MWh*100"),
    J(Unit.KWH, 1, 3_600_000, "J"),
    KJ(Unit.KWH, 1, 3_600, "kJ"),
    MJ(Unit.KWH, 10, 36, "MJ"),
    GJ(Unit.KWH, 10_000, 36, "GJ"),
    GJ_100(Unit.KWH, 1_000_000, 36, "GJ*100"),
    W(Unit.KW, 1, 1000, "W"),
    KW(Unit.KW, 1, 1, "kW"),
    MW(Unit.KW, 1000, 1, "MW"),
    LITRE(Unit.CUBIC_METRE, 1, 1000, "L"),
    CUBIC_METRE(Unit.CUBIC_METRE, 1, 1, "m³", "m3"),
    LITRE_PER_HOUR(Unit.CUBIC_METRE_PER_HOUR, 1, 1000, "L/h"),
    CUBIC_METRE_PER_HOUR(Unit.CUBIC_METRE_PER_HOUR, 1, 1, "m³/h", "m3/h"),
    CELSIUS(Unit.CELSIUS, 1, 1, "°C", "C", "degC"),
    PA(Unit.KPA, 1, 1000, "Pa"),
    KPA(Unit.KPA, 1, 1, "kPa"),
    BAR(Unit.KPA, 100, 1, "bar"),
    MPA(Unit.KPA, 1000, 1, "MPa"),
    HERTZ(Unit.HERTZ, 1, 1, "Hz"),
    PERCENT(Unit.PERCENT, 1, 1, "%"),
    HOUR(Unit.HOUR, 1, 1, "h"),
    AMPERE(Unit.AMPERE, 1, 1, "A"),
    VOLT(Unit.VOLT, 1, 1, "V"),
    NONE(Unit.NONE, 1, 1, "", "none");

    private final Unit canonical;
    private final BigDecimal numerator;
    private final BigDecimal denominator;
    private final String[] symbols;

    SourceUnit(Unit canonical, long numerator, long denominator, String... symbols) {
        this.canonical = canonical;
        this.numerator = BigDecimal.valueOf(numerator);
        this.denominator = BigDecimal.valueOf(denominator);
        this.symbols = symbols;
    }

    /** The canonical unit this converts to. */
    public Unit canonical() {
        return canonical;
    }

    /** The preferred symbol, e.g. {@code "MWh"}. */
    public String symbol() {
        return symbols[0];
    }

    /** Converts a value in this unit to the canonical unit, exactly where the factor allows. */
    public BigDecimal toCanonical(BigDecimal value) {
        BigDecimal scaled = value.multiply(numerator);
        try {
            return scaled.divide(denominator).stripTrailingZeros();
        } catch (ArithmeticException nonTerminating) {
            return scaled.divide(denominator, MathContext.DECIMAL128).stripTrailingZeros();
        }
    }

    /**
     * Finds a unit by symbol, case-sensitively first (so {@code "MWh"} and {@code "mWh"} never
     * mix), then ignoring case for unambiguous spellings such as {@code "kwh"}.
     */
    public static Optional<SourceUnit> bySymbol(String symbol) {
        String s = symbol.trim();
        Optional<SourceUnit> exact = Arrays.stream(values())
                .filter(u -> Arrays.asList(u.symbols).contains(s)).findFirst();
        if (exact.isPresent()) {
            return exact;
        }
        String lower = s.toLowerCase(Locale.ROOT);
        var caseless = Arrays.stream(values())
                .filter(u -> Arrays.stream(u.symbols).anyMatch(x -> x.toLowerCase(Locale.ROOT).equals(lower)))
                .toList();
        return caseless.size() == 1 ? Optional.of(caseless.get(0)) : Optional.empty();
    }
}
