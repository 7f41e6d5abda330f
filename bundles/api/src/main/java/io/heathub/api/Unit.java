package io.heathub.api;

import java.util.Arrays;
import java.util.Optional;

/**
 * The canonical units of the hub (docs/domain.md §2.2). Every reading leaves the normaliser in one of
 * these; protocol units are converted by {@link SourceUnit}.
 */
public enum Unit {
    KWH("kWh"),
    KW("kW"),
    CUBIC_METRE("m³"),
    CUBIC_METRE_PER_HOUR("m³/h"),
    CELSIUS("°C"),
    KPA("kPa"),
    HERTZ("Hz"),
    PERCENT("%"),
    HOUR("h"),
    AMPERE("A"),
    VOLT("V"),
    /** Counts, states, status bits and other dimensionless values. */
    NONE("");

    private final String symbol;

    Unit(String symbol) {
        this.symbol = symbol;
    }

    /** The symbol used on the wire, e.g. {@code "m³/h"}; empty for {@link #NONE}. */
    public String symbol() {
        return symbol;
    }

    /** Looks a canonical unit up by its wire symbol. */
    public static Optional<Unit> bySymbol(String symbol) {
        return Arrays.stream(values()).filter(u -> u.symbol.equals(symbol)).findFirst();
    }
}
