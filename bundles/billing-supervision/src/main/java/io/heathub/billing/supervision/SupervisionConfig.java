package io.heathub.billing.supervision;

import io.heathub.config.ConfigException;
import io.heathub.config.ConfigNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How the feed summarises.
 *
 * @param indoorMinimumC   rooms whose mean is below this count as too cold; default 18 °C (Zibo, national)
 * @param lowPercentile    the low percentile of room means reported (nearest rank); default 10
 * @param complaintKinds   alarm kinds counted as complaints, not alarms; default {@code complaint}
 * @param temperatureScale decimals of temperatures; default 2
 * @param energyScale      decimals of kWh and GJ; default 3
 */
public record SupervisionConfig(BigDecimal indoorMinimumC, int lowPercentile, Set<String> complaintKinds,
                                int temperatureScale, int energyScale) {

    private static final List<String> KEYS = List.of("indoorMinimumC", "lowPercentile", "complaintKinds",
            "temperatureScale", "energyScale");

    public SupervisionConfig {
        Objects.requireNonNull(indoorMinimumC, "indoorMinimumC");
        complaintKinds = Set.copyOf(complaintKinds);
        if (lowPercentile < 1 || lowPercentile > 99) {
            throw new IllegalArgumentException("lowPercentile must be within 1–99");
        }
        if (temperatureScale < 0 || energyScale < 0) {
            throw new IllegalArgumentException("scales must not be negative");
        }
    }

    public static SupervisionConfig defaults() {
        return new SupervisionConfig(new BigDecimal("18"), 10, Set.of("complaint"), 2, 3);
    }

    /**
     * Reads settings from YAML; absent keys keep their defaults.
     *
     * <pre>
     * indoorMinimumC: 18
     * lowPercentile: 10
     * complaintKinds: [complaint]
     * temperatureScale: 2
     * energyScale: 3
     * </pre>
     */
    public static SupervisionConfig read(ConfigNode root) throws ConfigException {
        return read(root, List.of());
    }

    /**
     * Like {@link #read(ConfigNode)} for a section that also holds other keys (e.g. the hub's
     * {@code supervision:} with {@code interval} and {@code endpoint}); those are left to the caller.
     */
    public static SupervisionConfig read(ConfigNode root, java.util.Collection<String> otherKeys) throws ConfigException {
        SupervisionConfig d = defaults();
        if (!root.isMap()) {
            throw root.error("expected a mapping of supervision settings");
        }
        List<String> allowed = new ArrayList<>(KEYS);
        allowed.addAll(otherKeys);
        root.rejectUnknownKeys(allowed);
        int percentile = root.integer("lowPercentile", d.lowPercentile());
        if (percentile < 1 || percentile > 99) {
            throw root.get("lowPercentile").error("expected a percentile within 1–99, got " + percentile);
        }
        Set<String> kinds = d.complaintKinds();
        if (root.has("complaintKinds")) {
            List<String> list = new ArrayList<>();
            for (ConfigNode item : root.list("complaintKinds")) {
                list.add(item.asString().trim());
            }
            kinds = Set.copyOf(list);
        }
        return new SupervisionConfig(root.decimal("indoorMinimumC", d.indoorMinimumC()), percentile, kinds,
                scale(root, "temperatureScale", d.temperatureScale()), scale(root, "energyScale", d.energyScale()));
    }

    private static int scale(ConfigNode root, String key, int fallback) throws ConfigException {
        int value = root.integer(key, fallback);
        if (value < 0 || value > 9) {
            throw root.get(key).error("expected 0–9 decimals, got " + value);
        }
        return value;
    }
}
