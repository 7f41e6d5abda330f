package io.heathub.billing.alarm.runtime;

import io.heathub.billing.alarm.AlarmConfig;
import io.heathub.billing.alarm.AlarmRule;
import io.heathub.config.ConfigException;
import io.heathub.config.ConfigNode;
import io.heathub.config.DidYouMean;
import io.heathub.config.ProblemCollector;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code alarms.rules}: equipment alarms from any point ({@link AlarmRule}). Every problem of
 * every rule in one pass, located, a typo with the nearest key or device:
 *
 * <pre>
 * rules:
 *   - { kind: driveTrip, device: pump-1, point: pump.status, bit: 3, class: 2, text: drive tripped }
 *   - { kind: supplyTooHot, device: plc-1, point: temp.supply, above: 95, hysteresis: 2, for: 1m }
 *   - { kind: outdoorSensorStale, device: plc-1, point: temp.outdoor, staleAfter: 10m }
 *   - { kind: communicationLost, devices: [plc-1, pump-1], silentFor: 2m }
 * </pre>
 *
 * A device that is near one of the site's (a typo) is a problem; one unlike any is a warning (its
 * readings may be posted rather than polled). A rule's {@code class} must have a response time and
 * agree with {@code kindClasses} and the other rules of its kind.
 */
final class AlarmRulesReader {
    static final String RULES = "rules";
    static final List<String> TRIGGERS = List.of("bit", "equals", "above", "below", "staleAfter", "silentFor");
    static final List<String> KEYS = List.of("kind", "device", "devices", "point", "bit", "equals", "above", "below",
            "hysteresis", "staleAfter", "silentFor", "for", "class", "text");
    private static final String KIND = "[A-Za-z][A-Za-z0-9]{0,47}";

    /** The rules with the classes they name, and what is worth a look. */
    record Read(List<AlarmRule> rules, Map<String, Integer> classes, List<ConfigException> warnings) {
    }

    private AlarmRulesReader() {
    }

    static Read read(ConfigNode alarms, AlarmConfig config, Set<String> deviceIds) throws ConfigException {
        if (!alarms.has(RULES)) {
            return new Read(List.of(), Map.of(), List.of());
        }
        ProblemCollector problems = new ProblemCollector();
        List<AlarmRule> rules = new ArrayList<>();
        Map<String, Integer> classes = new LinkedHashMap<>();
        Map<String, Integer> kindLines = new HashMap<>();
        Map<String, Integer> alarmLines = new HashMap<>();
        List<ConfigException> warnings = new ArrayList<>();
        for (ConfigNode item : problems.read(() -> alarms.list(RULES)).orElse(List.of())) {
            ProblemCollector own = new ProblemCollector();
            own.read(() -> rule(item, config, deviceIds, classes, kindLines, alarmLines, own, warnings)).ifPresent(rule -> {
                if (own.isEmpty()) {
                    rules.add(rule);
                }
            });
            own.problems().forEach(problems::add);
        }
        problems.throwIfAny();
        return new Read(rules, classes, warnings);
    }

    private static AlarmRule rule(ConfigNode item, AlarmConfig config, Set<String> deviceIds, Map<String, Integer> classes,
                                  Map<String, Integer> kindLines, Map<String, Integer> alarmLines, ProblemCollector own,
                                  List<ConfigException> warnings) throws ConfigException {
        if (!item.isMap()) {
            throw item.error("expected { kind, device, point, and one of " + String.join(", ", TRIGGERS) + " }");
        }
        own.check(() -> item.rejectUnknownKeys(KEYS));
        ConfigNode kindNode = item.get("kind");
        String kind = kindNode.asString().trim();
        if (!kind.matches(KIND)) {
            throw kindNode.error("a kind is one word of letters and digits like driveTrip (the reading point is alarm.<kind>),"
                    + " got \"" + kind + "\"");
        }
        List<String> devices = own.read(() -> devices(item, deviceIds, own, warnings)).orElse(List.of());
        List<String> triggers = TRIGGERS.stream().filter(item::has).toList();
        if (triggers.size() != 1) {
            throw item.error(triggers.isEmpty() ? "missing the condition: one of " + String.join(", ", TRIGGERS)
                    : "one condition per rule, got " + String.join(" and ", triggers));
        }
        String triggerKey = triggers.get(0);
        ConfigNode triggerNode = item.get(triggerKey);
        AlarmRule.Trigger trigger = trigger(item, triggerKey, triggerNode, own);
        String point = "";
        if (trigger instanceof AlarmRule.Silent) {
            if (item.has("point")) {
                own.add(item.get("point").error("silentFor watches the whole device: no point"));
            }
        } else {
            ConfigNode pointNode = item.get("point");
            point = pointNode.asString().trim();
            if (!point.matches("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*") || point.length() > 64) {
                own.add(pointNode.error("expected a point name like pump.status, got \"" + point + "\""));
            }
        }
        if (item.has("hysteresis") && !(trigger instanceof AlarmRule.Above || trigger instanceof AlarmRule.Below)) {
            own.add(item.get("hysteresis").error("hysteresis applies to above and below only"));
        }
        Duration hold = Duration.ZERO;
        if (item.has("for")) {
            if (trigger instanceof AlarmRule.Stale || trigger instanceof AlarmRule.Silent) {
                own.add(item.get("for").error(triggerKey + " is already a time: no 'for'"));
            } else {
                hold = own.read(() -> positive(item.get("for"))).orElse(Duration.ZERO);
            }
        }
        if (item.has("class")) {
            own.check(() -> faultClass(item.get("class"), kind, config, classes));
        }
        for (String device : devices) {
            Integer first = alarmLines.putIfAbsent(kind + ":" + device, item.line());
            if (first != null) {
                own.add(kindNode.error("alarm " + kind + ":" + device + " is already a rule on line " + first
                        + "; give this rule another kind"));
            }
        }
        kindLines.putIfAbsent(kind, item.line());
        String text = own.read(() -> item.string("text", "").trim()).orElse("");
        if (!own.isEmpty()) {
            return null;
        }
        return new AlarmRule(kind, devices, point, trigger, hold, text);
    }

    private static List<String> devices(ConfigNode item, Set<String> deviceIds, ProblemCollector own,
                                        List<ConfigException> warnings) throws ConfigException {
        if (item.has("device") == item.has("devices")) {
            throw item.error(item.has("device") ? "give 'device' or 'devices', not both" : "missing required field 'device'");
        }
        List<ConfigNode> nodes = item.has("device") ? List.of(item.get("device")) : item.list("devices");
        if (nodes.isEmpty()) {
            throw item.get("devices").error("at least one device");
        }
        Set<String> out = new LinkedHashSet<>();
        for (ConfigNode node : nodes) {
            String id = node.asString().trim();
            if (id.isEmpty()) {
                own.add(node.error("a device id is needed"));
                continue;
            }
            if (!deviceIds.contains(id)) {
                String hint = DidYouMean.hint(id, deviceIds);
                if (!hint.isEmpty()) {
                    own.add(node.error("no device '" + id + "' in devices:" + hint));
                    continue;
                }
                warnings.add(node.error("no device '" + id + "' in devices: its readings must come from elsewhere"
                        + " (POST /api/readings, a route) for this rule to see them"));
            }
            out.add(id);
        }
        return List.copyOf(out);
    }

    private static AlarmRule.Trigger trigger(ConfigNode item, String key, ConfigNode node, ProblemCollector own)
            throws ConfigException {
        BigDecimal hysteresis = item.has("hysteresis") ? item.get("hysteresis").asDecimal() : BigDecimal.ZERO;
        if (hysteresis.signum() < 0) {
            own.add(item.get("hysteresis").error("hysteresis must not be negative, got " + hysteresis.toPlainString()));
            hysteresis = BigDecimal.ZERO;
        }
        return switch (key) {
            case "bit" -> {
                int bit = node.asInt();
                if (bit < 0 || bit > 63) {
                    throw node.error("a bit is 0 (the least significant) to 63, got " + bit);
                }
                yield new AlarmRule.Bit(bit);
            }
            case "equals" -> {
                Set<BigDecimal> values = new LinkedHashSet<>();
                for (ConfigNode v : node.isList() ? node.asList() : List.of(node)) {
                    values.add(v.asDecimal());
                }
                if (values.isEmpty()) {
                    throw node.error("at least one value");
                }
                yield new AlarmRule.Equals(values);
            }
            case "above" -> new AlarmRule.Above(node.asDecimal(), hysteresis);
            case "below" -> new AlarmRule.Below(node.asDecimal(), hysteresis);
            case "staleAfter" -> new AlarmRule.Stale(positive(node));
            default -> new AlarmRule.Silent(positive(node));
        };
    }

    private static Duration positive(ConfigNode node) throws ConfigException {
        Duration d = node.asDuration();
        if (d.isNegative() || d.isZero()) {
            throw node.error("expected a positive duration like 2m");
        }
        return d;
    }

    private static void faultClass(ConfigNode node, String kind, AlarmConfig config, Map<String, Integer> classes)
            throws ConfigException {
        int faultClass = node.asInt();
        if (config.responseTime(faultClass) == null) {
            throw node.error("class " + faultClass + " has no response time (alarms.responseTimes has "
                    + config.classes().stream().map(String::valueOf).reduce((a, b) -> a + ", " + b).orElse("none") + ")");
        }
        Integer configured = config.kindClasses().get(kind);
        if (configured != null && configured != faultClass) {
            throw node.error("class " + faultClass + " but alarms.kindClasses gives " + kind + " class " + configured);
        }
        Integer other = classes.putIfAbsent(kind, faultClass);
        if (other != null && other != faultClass) {
            throw node.error("class " + faultClass + " but another rule of kind " + kind + " has class " + other);
        }
    }
}
