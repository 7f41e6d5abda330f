package io.heathub.billing.health;

import io.heathub.config.ConfigException;
import io.heathub.config.ConfigNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Every threshold of the meter-health rules. Defaults ({@link #defaults()}) are engineering
 * starting points, not taken from the seeds (which give no numbers here); each site overrides them.
 *
 * @param buildingAbovePercent     building meter may exceed its households' sum by this much (pipe losses, common areas); default 10
 * @param householdsAbovePercent   households' sum may exceed the building meter by this much (meter tolerances); default 5
 * @param minFlowM3h               flow above this counts as "water flows" (below is sensor noise); default 0.01
 * @param stuckAfter               counter unchanged with flow for this long is stuck; default 2 h
 * @param supplyBelowReturnK       return may exceed supply by this much before it counts (sensor pairing tolerance); default 0.5 K
 * @param supplyBelowReturnAfter   and for at least this long; default 1 h
 * @param sampleMaxAge             a point's value is taken as current for this long when matching points of one meter; default 15 min
 * @param meterDefaults            limits of a meter not listed in {@code meters}
 * @param meters                   limits per meter id (building and substation meters need larger ones)
 * @param communicationFailurePercent share of expected readings missing above which a meter is reported; default 20
 * @param clockTolerance           meter clock may differ from hub time by this much; default 5 min
 * @param driftTolerancePercent    counter rise may differ from integrated power by this much; default 5
 * @param driftMinEnergyKWh        below this much integrated heat the comparison is noise and skipped; default 10 kWh
 * @param driftMaxPowerGap         power readings further apart than this cannot be integrated; default 1 h
 * @param dueDayToleranceKWh       a meter's frozen due-day heat may differ from the hub's cut by this much (the
 *                                 meter stores whole or 0.01 kWh, the cut interpolates); default 1 kWh
 * @param dueDayToleranceM3        the same for due-day volume; default 0.1 m³
 * @param dueDayTolerancePercent   or by this share of the cut when that is larger; default 0.5
 * @param dueDayMaxGap             a cut farther than this from the nearest good counter reading on both sides is
 *                                 too much of a guess to judge a meter by; default 2 days
 * @param severities               severity of each finding kind
 */
public record HealthConfig(BigDecimal buildingAbovePercent, BigDecimal householdsAbovePercent, BigDecimal minFlowM3h,
                           Duration stuckAfter, BigDecimal supplyBelowReturnK, Duration supplyBelowReturnAfter,
                           Duration sampleMaxAge, MeterLimits meterDefaults, Map<String, MeterLimits> meters,
                           BigDecimal communicationFailurePercent, Duration clockTolerance,
                           BigDecimal driftTolerancePercent, BigDecimal driftMinEnergyKWh, Duration driftMaxPowerGap,
                           BigDecimal dueDayToleranceKWh, BigDecimal dueDayToleranceM3, BigDecimal dueDayTolerancePercent,
                           Duration dueDayMaxGap, Map<FindingKind, Severity> severities) {

    private static final List<String> KEYS = List.of("buildingAbovePercent", "householdsAbovePercent", "minFlowM3h",
            "stuckAfter", "supplyBelowReturnK", "supplyBelowReturnAfter", "sampleMaxAge", "meterDefaults", "meters",
            "communicationFailurePercent", "clockTolerance", "driftTolerancePercent", "driftMinEnergyKWh",
            "driftMaxPowerGap", "dueDayToleranceKWh", "dueDayToleranceM3", "dueDayTolerancePercent", "dueDayMaxGap",
            "severities");
    private static final BigDecimal DEFAULT_DUE_DAY_KWH = BigDecimal.ONE;
    private static final BigDecimal DEFAULT_DUE_DAY_M3 = new BigDecimal("0.1");
    private static final BigDecimal DEFAULT_DUE_DAY_PERCENT = new BigDecimal("0.5");
    private static final Duration DEFAULT_DUE_DAY_MAX_GAP = Duration.ofDays(2);
    private static final List<String> LIMIT_KEYS = List.of("maxPowerKW", "maxFlowM3h", "pollInterval");

    public HealthConfig {
        for (Object o : new Object[] {buildingAbovePercent, householdsAbovePercent, minFlowM3h, stuckAfter,
                supplyBelowReturnK, supplyBelowReturnAfter, sampleMaxAge, meterDefaults, meters,
                communicationFailurePercent, clockTolerance, driftTolerancePercent, driftMinEnergyKWh,
                driftMaxPowerGap, dueDayToleranceKWh, dueDayToleranceM3, dueDayTolerancePercent, dueDayMaxGap,
                severities}) {
            Objects.requireNonNull(o, "every health setting is required");
        }
        meters = Map.copyOf(meters);
        EnumMap<FindingKind, Severity> all = new EnumMap<>(defaultSeverities());
        all.putAll(severities);
        severities = Map.copyOf(all);
    }

    /** The settings of 1.1 (before the due-day keys, which get their defaults); kept so callers of 1.1 still link. */
    public HealthConfig(BigDecimal buildingAbovePercent, BigDecimal householdsAbovePercent, BigDecimal minFlowM3h,
                        Duration stuckAfter, BigDecimal supplyBelowReturnK, Duration supplyBelowReturnAfter,
                        Duration sampleMaxAge, MeterLimits meterDefaults, Map<String, MeterLimits> meters,
                        BigDecimal communicationFailurePercent, Duration clockTolerance,
                        BigDecimal driftTolerancePercent, BigDecimal driftMinEnergyKWh, Duration driftMaxPowerGap,
                        Map<FindingKind, Severity> severities) {
        this(buildingAbovePercent, householdsAbovePercent, minFlowM3h, stuckAfter, supplyBelowReturnK,
                supplyBelowReturnAfter, sampleMaxAge, meterDefaults, meters, communicationFailurePercent, clockTolerance,
                driftTolerancePercent, driftMinEnergyKWh, driftMaxPowerGap, DEFAULT_DUE_DAY_KWH, DEFAULT_DUE_DAY_M3,
                DEFAULT_DUE_DAY_PERCENT, DEFAULT_DUE_DAY_MAX_GAP, severities);
    }

    public static HealthConfig defaults() {
        return new HealthConfig(new BigDecimal("10"), new BigDecimal("5"), new BigDecimal("0.01"), Duration.ofHours(2),
                new BigDecimal("0.5"), Duration.ofHours(1), Duration.ofMinutes(15), MeterLimits.householdDefaults(),
                Map.of(), new BigDecimal("20"), Duration.ofMinutes(5), new BigDecimal("5"), new BigDecimal("10"),
                Duration.ofHours(1), DEFAULT_DUE_DAY_KWH, DEFAULT_DUE_DAY_M3, DEFAULT_DUE_DAY_PERCENT,
                DEFAULT_DUE_DAY_MAX_GAP, defaultSeverities());
    }

    private static Map<FindingKind, Severity> defaultSeverities() {
        EnumMap<FindingKind, Severity> map = new EnumMap<>(FindingKind.class);
        for (FindingKind kind : FindingKind.values()) {
            map.put(kind, Severity.FAULT);
        }
        // These leave the billed counter itself trustworthy.
        map.put(FindingKind.BUILDING_IMBALANCE, Severity.WARNING);
        map.put(FindingKind.COMMUNICATION_FAILURE, Severity.WARNING);
        map.put(FindingKind.CLOCK_DRIFT, Severity.WARNING);
        // The billed counter is the hub's cut; a disagreeing due-day value is worth a look, not a billing stop.
        map.put(FindingKind.DUE_DAY_MISMATCH, Severity.WARNING);
        return map;
    }

    /** The limits of {@code meter}: its own entry, else {@link #meterDefaults()}. */
    public MeterLimits limitsOf(String meter) {
        return meters.getOrDefault(meter, meterDefaults);
    }

    public Severity severityOf(FindingKind kind) {
        return severities.get(kind);
    }

    /** The same settings with per-meter limits. */
    public HealthConfig withMeters(Map<String, MeterLimits> limits) {
        return new HealthConfig(buildingAbovePercent, householdsAbovePercent, minFlowM3h, stuckAfter, supplyBelowReturnK,
                supplyBelowReturnAfter, sampleMaxAge, meterDefaults, limits, communicationFailurePercent, clockTolerance,
                driftTolerancePercent, driftMinEnergyKWh, driftMaxPowerGap, dueDayToleranceKWh, dueDayToleranceM3,
                dueDayTolerancePercent, dueDayMaxGap, severities);
    }

    /**
     * Reads settings from YAML; absent keys keep their defaults. Errors name file:line:column and key.
     *
     * <pre>
     * buildingAbovePercent: 10
     * householdsAbovePercent: 5
     * stuckAfter: 2h
     * meterDefaults: { maxPowerKW: 50, maxFlowM3h: 5, pollInterval: 15m }
     * meters:
     *   b-3: { maxPowerKW: 800, maxFlowM3h: 40, pollInterval: 5m }
     * dueDayToleranceKWh: 1
     * dueDayMaxGap: 2d
     * severities: { clockDrift: fault }
     * </pre>
     */
    public static HealthConfig read(ConfigNode root) throws ConfigException {
        return read(root, List.of());
    }

    /**
     * Like {@link #read(ConfigNode)} for a section that also holds other keys (e.g. the hub's
     * {@code health:} with {@code buildings}); those are allowed and left to the caller.
     */
    public static HealthConfig read(ConfigNode root, java.util.Collection<String> otherKeys) throws ConfigException {
        HealthConfig d = defaults();
        if (!root.isMap()) {
            throw root.error("expected a mapping of meter-health settings");
        }
        List<String> allowed = new java.util.ArrayList<>(KEYS);
        allowed.addAll(otherKeys);
        root.rejectUnknownKeys(allowed);
        MeterLimits meterDefaults = d.meterDefaults();
        Optional<ConfigNode> defaultsNode = root.opt("meterDefaults");
        if (defaultsNode.isPresent()) {
            meterDefaults = limits(defaultsNode.get(), meterDefaults);
        }
        Map<String, MeterLimits> meters = new LinkedHashMap<>();
        Optional<ConfigNode> metersNode = root.opt("meters");
        if (metersNode.isPresent()) {
            for (Map.Entry<String, ConfigNode> e : metersNode.get().asMap().entrySet()) {
                meters.put(e.getKey(), limits(e.getValue(), meterDefaults));
            }
        }
        EnumMap<FindingKind, Severity> severities = new EnumMap<>(d.severities());
        Optional<ConfigNode> severityNode = root.opt("severities");
        if (severityNode.isPresent()) {
            for (Map.Entry<String, ConfigNode> e : severityNode.get().asMap().entrySet()) {
                FindingKind kind = FindingKind.byKey(e.getKey()).orElseThrow(() -> e.getValue().error(
                        "unknown finding kind '" + e.getKey() + "'; expected one of " + kinds()));
                severities.put(kind, e.getValue().asEnum(Severity.class));
            }
        }
        return new HealthConfig(
                percent(root, "buildingAbovePercent", d.buildingAbovePercent()),
                percent(root, "householdsAbovePercent", d.householdsAbovePercent()),
                nonNegative(root, "minFlowM3h", d.minFlowM3h()),
                positive(root, "stuckAfter", d.stuckAfter()),
                nonNegative(root, "supplyBelowReturnK", d.supplyBelowReturnK()),
                positive(root, "supplyBelowReturnAfter", d.supplyBelowReturnAfter()),
                positive(root, "sampleMaxAge", d.sampleMaxAge()),
                meterDefaults, meters,
                percent(root, "communicationFailurePercent", d.communicationFailurePercent()),
                positive(root, "clockTolerance", d.clockTolerance()),
                percent(root, "driftTolerancePercent", d.driftTolerancePercent()),
                nonNegative(root, "driftMinEnergyKWh", d.driftMinEnergyKWh()),
                positive(root, "driftMaxPowerGap", d.driftMaxPowerGap()),
                nonNegative(root, "dueDayToleranceKWh", d.dueDayToleranceKWh()),
                nonNegative(root, "dueDayToleranceM3", d.dueDayToleranceM3()),
                percent(root, "dueDayTolerancePercent", d.dueDayTolerancePercent()),
                positive(root, "dueDayMaxGap", d.dueDayMaxGap()),
                severities);
    }

    private static String kinds() {
        StringBuilder out = new StringBuilder();
        for (FindingKind k : FindingKind.values()) {
            out.append(out.length() == 0 ? "" : ", ").append(k.key());
        }
        return out.toString();
    }

    private static MeterLimits limits(ConfigNode node, MeterLimits fallback) throws ConfigException {
        if (!node.isMap()) {
            throw node.error("expected { maxPowerKW, maxFlowM3h, pollInterval }");
        }
        node.rejectUnknownKeys(LIMIT_KEYS);
        BigDecimal power = positiveDecimal(node, "maxPowerKW", fallback.maxPowerKW());
        BigDecimal flow = positiveDecimal(node, "maxFlowM3h", fallback.maxFlowM3h());
        return new MeterLimits(power, flow, positive(node, "pollInterval", fallback.pollInterval()));
    }

    static BigDecimal percent(ConfigNode parent, String key, BigDecimal fallback) throws ConfigException {
        BigDecimal value = nonNegative(parent, key, fallback);
        if (value.compareTo(BigDecimal.valueOf(100)) > 0) {
            throw parent.get(key).error("expected a percentage within 0–100, got " + value.toPlainString());
        }
        return value;
    }

    static BigDecimal nonNegative(ConfigNode parent, String key, BigDecimal fallback) throws ConfigException {
        BigDecimal value = parent.decimal(key, fallback);
        if (value.signum() < 0) {
            throw parent.get(key).error("must not be negative, got " + value.toPlainString());
        }
        return value;
    }

    static BigDecimal positiveDecimal(ConfigNode parent, String key, BigDecimal fallback) throws ConfigException {
        BigDecimal value = parent.decimal(key, fallback);
        if (value.signum() <= 0) {
            throw parent.get(key).error("must be positive, got " + value.toPlainString());
        }
        return value;
    }

    static Duration positive(ConfigNode parent, String key, Duration fallback) throws ConfigException {
        Duration value = parent.duration(key, fallback);
        if (value.isZero() || value.isNegative()) {
            throw parent.get(key).error("must be a positive duration");
        }
        return value;
    }
}
