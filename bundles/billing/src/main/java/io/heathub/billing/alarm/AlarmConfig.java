package io.heathub.billing.alarm;

import io.heathub.config.ConfigException;
import io.heathub.config.ConfigNode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Fault classes, their response times, and how long a condition must stay away before its alarm
 * clears.
 *
 * @param responseTimes fault class → time within which an alarm must be cleared or acknowledged;
 *                      default Minle: 1 → 1 h (一般), 2 → 4 h (较大), 3 → 8 h (重大)
 * @param defaultClass  class of kinds not in {@code kindClasses}; default 1
 * @param kindClasses   class per condition kind, e.g. {@code complaint: 1}; default none
 * @param clearAfter    an alarm clears once its condition has not been observed for this long;
 *                      must exceed the interval at which conditions are evaluated; default 30 min
 * @param rules         equipment alarms from any point ({@code alarms.rules}, read by heathub-billing-alarms,
 *                      which checks their devices); their classes are in {@code kindClasses}
 */
public record AlarmConfig(Map<Integer, Duration> responseTimes, int defaultClass, Map<String, Integer> kindClasses,
                          Duration clearAfter, List<AlarmRule> rules) {

    /**
     * The top-level key of site.yaml whose reader (in heathub-billing-alarms) gives a site version's
     * {@code AlarmConfig}: {@code site.section(AlarmConfig.SECTION, AlarmConfig.class)}.
     */
    public static final String SECTION = "alarms";
    /** The keys of {@code alarms:}; {@code rules} is read by heathub-billing-alarms' section reader. */
    public static final List<String> KEYS = List.of("responseTimes", "defaultClass", "kindClasses", "clearAfter", "rules");

    public AlarmConfig {
        rules = List.copyOf(Objects.requireNonNull(rules, "rules"));
        responseTimes = Map.copyOf(Objects.requireNonNull(responseTimes, "responseTimes"));
        kindClasses = Map.copyOf(Objects.requireNonNull(kindClasses, "kindClasses"));
        Objects.requireNonNull(clearAfter, "clearAfter");
        if (responseTimes.isEmpty()) {
            throw new IllegalArgumentException("at least one fault class is needed");
        }
        for (Map.Entry<Integer, Duration> e : responseTimes.entrySet()) {
            if (e.getValue().isZero() || e.getValue().isNegative()) {
                throw new IllegalArgumentException("response time of class " + e.getKey() + " must be positive");
            }
        }
        if (!responseTimes.containsKey(defaultClass)) {
            throw new IllegalArgumentException("default class " + defaultClass + " has no response time");
        }
        for (Map.Entry<String, Integer> e : kindClasses.entrySet()) {
            if (!responseTimes.containsKey(e.getValue())) {
                throw new IllegalArgumentException("kind " + e.getKey() + ": class " + e.getValue() + " has no response time");
            }
        }
        if (clearAfter.isZero() || clearAfter.isNegative()) {
            throw new IllegalArgumentException("clearAfter must be positive");
        }
    }

    /** Settings without equipment rules. */
    public AlarmConfig(Map<Integer, Duration> responseTimes, int defaultClass, Map<String, Integer> kindClasses,
                       Duration clearAfter) {
        this(responseTimes, defaultClass, kindClasses, clearAfter, List.of());
    }

    /** Minle's three classes (1 h, 4 h, 8 h), every kind class 1, cleared after 30 min away, no rules. */
    public static AlarmConfig defaults() {
        return new AlarmConfig(Map.of(1, Duration.ofHours(1), 2, Duration.ofHours(4), 3, Duration.ofHours(8)), 1,
                Map.of(), Duration.ofMinutes(30));
    }

    /** The same settings with {@code rules}, the classes they name added to {@code kindClasses}. */
    public AlarmConfig withRules(List<AlarmRule> rules, Map<String, Integer> ruleClasses) {
        Map<String, Integer> classes = new LinkedHashMap<>(kindClasses);
        classes.putAll(ruleClasses);
        return new AlarmConfig(responseTimes, defaultClass, classes, clearAfter, rules);
    }

    public int classOf(String kind) {
        return kindClasses.getOrDefault(kind, defaultClass);
    }

    public Duration responseTime(int faultClass) {
        return responseTimes.get(faultClass);
    }

    /** The classes in ascending order. */
    public List<Integer> classes() {
        return List.copyOf(new TreeMap<>(responseTimes).keySet());
    }

    /**
     * Reads settings from YAML; absent keys keep their defaults. {@code rules} is left to the
     * caller (its devices are checked against the site's: heathub-billing-alarms' section reader).
     *
     * <pre>
     * responseTimes: { 1: 1h, 2: 4h, 3: 8h }
     * defaultClass: 1
     * kindClasses: { supplyBelowReturn: 2, complaint: 1 }
     * clearAfter: 30m
     * </pre>
     */
    public static AlarmConfig read(ConfigNode root) throws ConfigException {
        AlarmConfig d = defaults();
        if (!root.isMap()) {
            throw root.error("expected a mapping of alarm settings");
        }
        root.rejectUnknownKeys(KEYS);
        Map<Integer, Duration> responseTimes = d.responseTimes();
        Optional<ConfigNode> times = root.opt("responseTimes");
        if (times.isPresent()) {
            responseTimes = new LinkedHashMap<>();
            for (Map.Entry<String, ConfigNode> e : times.get().asMap().entrySet()) {
                int faultClass = faultClass(e.getValue(), e.getKey());
                Duration time = e.getValue().asDuration();
                if (time.isZero() || time.isNegative()) {
                    throw e.getValue().error("a response time must be positive");
                }
                responseTimes.put(faultClass, time);
            }
            if (responseTimes.isEmpty()) {
                throw times.get().error("at least one fault class is needed");
            }
        }
        int defaultClass = d.defaultClass();
        Optional<ConfigNode> defaultNode = root.opt("defaultClass");
        if (defaultNode.isPresent()) {
            defaultClass = defaultNode.get().asInt();
            if (!responseTimes.containsKey(defaultClass)) {
                throw defaultNode.get().error("class " + defaultClass + " has no response time");
            }
        } else if (!responseTimes.containsKey(defaultClass)) {
            throw root.error("missing required field 'defaultClass' (class " + defaultClass + " has no response time)");
        }
        Map<String, Integer> kindClasses = new LinkedHashMap<>();
        Optional<ConfigNode> kinds = root.opt("kindClasses");
        if (kinds.isPresent()) {
            for (Map.Entry<String, ConfigNode> e : kinds.get().asMap().entrySet()) {
                int faultClass = e.getValue().asInt();
                if (!responseTimes.containsKey(faultClass)) {
                    throw e.getValue().error("class " + faultClass + " has no response time");
                }
                kindClasses.put(e.getKey(), faultClass);
            }
        }
        Duration clearAfter = root.duration("clearAfter", d.clearAfter());
        if (clearAfter.isZero() || clearAfter.isNegative()) {
            throw root.get("clearAfter").error("must be a positive duration");
        }
        return new AlarmConfig(responseTimes, defaultClass, kindClasses, clearAfter);
    }

    private static int faultClass(ConfigNode node, String key) throws ConfigException {
        try {
            return Integer.parseInt(key.trim());
        } catch (NumberFormatException e) {
            throw node.error("a fault class is a whole number, got \"" + key + "\"");
        }
    }
}
