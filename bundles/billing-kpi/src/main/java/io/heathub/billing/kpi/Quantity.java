package io.heathub.billing.kpi;

import io.heathub.api.Unit;
import java.util.Arrays;
import java.util.Optional;

/** What a counter measures, for energy figures. */
public enum Quantity {
    /** Heat delivered, kWh (also shown in GJ). */
    HEAT("heat", Unit.KWH),
    /** Fuel burnt; unit per site ({@link KpiConfig#fuelUnit()}: kg of coal by default), not checked. */
    FUEL("fuel", null),
    /** Electricity used, kWh. */
    ELECTRICITY("electricity", Unit.KWH),
    /** Make-up water, m³. */
    WATER("water", Unit.CUBIC_METRE);

    private final String key;
    private final Unit unit;

    Quantity(String key, Unit unit) {
        this.key = key;
        this.unit = unit;
    }

    /** The name in YAML and output, e.g. {@code electricity}. */
    public String key() {
        return key;
    }

    /** The unit its counter readings must carry; empty when any is accepted. */
    public Optional<Unit> unit() {
        return Optional.ofNullable(unit);
    }

    public static Optional<Quantity> byKey(String key) {
        return Arrays.stream(values()).filter(q -> q.key.equals(key)).findFirst();
    }
}
