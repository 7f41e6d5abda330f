package io.heathub.billing.kpi;

import io.heathub.config.ConfigException;
import io.heathub.config.ConfigNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Targets and number formats of the energy figures.
 *
 * @param seasonTargetsPerM2 most of each quantity per m² of heated area in a whole season; a
 *                           period's target is this × (its days inside the season / season days).
 *                           Default Minle 2025: fuel 32 (kg coal), electricity 5 kWh, water 0.05 m³; heat none
 * @param fuelUnit           unit label of fuel counters and targets; default {@code kg}
 * @param perM2Scale         decimals of per-m² figures and targets (half-up); default 6
 * @param maxInterpolationGap a cut is interpolated only between good readings at most this far
 *                           apart (a year-long gap is no estimate); default 3 days
 */
public record KpiConfig(Map<Quantity, BigDecimal> seasonTargetsPerM2, String fuelUnit, int perM2Scale,
                        Duration maxInterpolationGap) {

    private static final List<String> KEYS = List.of("seasonTargetsPerM2", "fuelUnit", "perM2Scale",
            "maxInterpolationGap");

    public KpiConfig {
        seasonTargetsPerM2 = Map.copyOf(Objects.requireNonNull(seasonTargetsPerM2, "seasonTargetsPerM2"));
        Objects.requireNonNull(fuelUnit, "fuelUnit");
        if (perM2Scale < 0 || perM2Scale > 12) {
            throw new IllegalArgumentException("perM2Scale must be within 0–12");
        }
        Objects.requireNonNull(maxInterpolationGap, "maxInterpolationGap");
        if (maxInterpolationGap.isNegative() || maxInterpolationGap.isZero()) {
            throw new IllegalArgumentException("maxInterpolationGap must be positive");
        }
    }

    public static KpiConfig defaults() {
        return new KpiConfig(Map.of(Quantity.FUEL, new BigDecimal("32"), Quantity.ELECTRICITY, new BigDecimal("5"),
                Quantity.WATER, new BigDecimal("0.05")), "kg", 6, Duration.ofDays(3));
    }

    public Optional<BigDecimal> seasonTarget(Quantity quantity) {
        return Optional.ofNullable(seasonTargetsPerM2.get(quantity));
    }

    /**
     * Reads settings from YAML; absent keys keep their defaults, and a {@code seasonTargetsPerM2}
     * mapping replaces the default targets (a quantity left out has no target).
     *
     * <pre>
     * seasonTargetsPerM2: { fuel: 32, electricity: 5, water: 0.05 }
     * fuelUnit: kg
     * perM2Scale: 6
     * maxInterpolationGap: 3d
     * </pre>
     */
    public static KpiConfig read(ConfigNode root) throws ConfigException {
        return read(root, List.of());
    }

    /**
     * As {@link #read(ConfigNode)}, also allowing {@code otherKeys} in the same mapping (e.g. the
     * hub's {@code kpi:} section, which adds its sites and schedule); those are not read here.
     */
    public static KpiConfig read(ConfigNode root, Collection<String> otherKeys) throws ConfigException {
        KpiConfig d = defaults();
        if (!root.isMap()) {
            throw root.error("expected a mapping of energy-figure settings");
        }
        List<String> allowed = new ArrayList<>(KEYS);
        allowed.addAll(otherKeys);
        root.rejectUnknownKeys(allowed);
        Map<Quantity, BigDecimal> targets = d.seasonTargetsPerM2();
        Optional<ConfigNode> node = root.opt("seasonTargetsPerM2");
        if (node.isPresent()) {
            targets = new EnumMap<>(Quantity.class);
            for (Map.Entry<String, ConfigNode> e : node.get().asMap().entrySet()) {
                Quantity q = Quantity.byKey(e.getKey()).orElseThrow(() -> e.getValue().error("unknown quantity '"
                        + e.getKey() + "'; expected heat, fuel, electricity or water"));
                BigDecimal target = e.getValue().asDecimal();
                if (target.signum() < 0) {
                    throw e.getValue().error("a target cannot be negative, got " + target.toPlainString());
                }
                targets.put(q, target);
            }
        }
        String fuelUnit = root.string("fuelUnit", d.fuelUnit()).trim();
        int scale = root.integer("perM2Scale", d.perM2Scale());
        if (scale < 0 || scale > 12) {
            throw root.get("perM2Scale").error("expected 0–12 decimals, got " + scale);
        }
        Duration gap = root.duration("maxInterpolationGap", d.maxInterpolationGap());
        if (gap.isZero() || gap.isNegative()) {
            throw root.get("maxInterpolationGap").error("must be a positive duration");
        }
        return new KpiConfig(targets, fuelUnit, scale, gap);
    }
}
