package io.heathub.control;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * One output of a cycle, recorded with its inputs so an operator can see why.
 *
 * @param output which setpoint: {@code supply}, {@code pump/<zone>}, {@code source.load}, {@code source.flow}
 * @param action {@link Action#SET} a new value, or {@link Action#HOLD} the current one
 * @param value  the setpoint to write ({@code SET}) or the value held when known ({@code HOLD})
 * @param unit   °C, Hz, %, m³/h
 * @param inputs the numbers the decision was made from, by name, in a stable order
 * @param reason e.g. "supply 62.4 °C: curve 60.1 at -5.2 °C outdoor + room trim +2.3 (P10 17.2 °C &lt; 18.0 °C, 812 rooms)"
 */
public record Decision(String output, Action action, OptionalDouble value, String unit, Map<String, Double> inputs,
                       String reason) {

    /** What to do with the output. */
    public enum Action { SET, HOLD }

    public Decision {
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(reason, "reason");
        inputs = Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
        if (action == Action.SET && value.isEmpty()) {
            throw new IllegalArgumentException(output + ": SET without a value");
        }
    }
}
