package io.heathub.control;

import io.heathub.config.ConfigException;
import io.heathub.config.ConfigNode;
import io.heathub.config.ProblemCollector;

import java.time.DateTimeException;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads {@link ControlSettings} from the {@code control:} node of the site file. Every field is
 * optional and falls back to {@link ControlSettings#defaults()}; unknown fields and invalid values
 * fail with a {@link ConfigException} naming file, line and field. The keys are listed in the
 * module README.
 */
public final class ControlSettingsReader {

    private ControlSettingsReader() {
    }

    /** Settings from {@code control} (the node under the {@code control:} key). */
    public static ControlSettings read(ConfigNode control) throws ConfigException {
        return read(control, ControlSettings.defaults(), true, List.of());
    }

    /**
     * Settings from {@code node}, each missing key taken from {@code fallback}.
     *
     * @param zoneAllowed whether {@code siteZone} may be given here (not in a control set: one zone a site)
     * @param otherKeys   further keys the caller reads from the same node
     */
    static ControlSettings read(ConfigNode node, ControlSettings fallback, boolean zoneAllowed, List<String> otherKeys)
            throws ConfigException {
        ControlSettings d = fallback;
        List<String> keys = new ArrayList<>(List.of("curve", "supply", "outdoor", "room", "pump", "source", "flow"));
        if (zoneAllowed) {
            keys.add("siteZone");
        }
        keys.addAll(otherKeys);
        // each group on its own, so one pass reports the problems of all of them
        ProblemCollector problems = new ProblemCollector();
        problems.check(() -> node.rejectUnknownKeys(keys));
        ZoneId zone = d.siteZone();
        if (zoneAllowed && node.has("siteZone")) {
            zone = problems.read(() -> zone(node.get("siteZone"))).orElse(zone);
        }
        HeatingCurve curve = node.has("curve")
                ? problems.read(() -> curve(node.get("curve"), d.curve())).orElse(d.curve()) : d.curve();
        ControlSettings.Supply supply = problems.read(() -> group(node, "supply", d.supply(), ControlSettingsReader::supply))
                .orElse(d.supply());
        ControlSettings.Outdoor outdoor = problems.read(() -> group(node, "outdoor", d.outdoor(),
                ControlSettingsReader::outdoor)).orElse(d.outdoor());
        ControlSettings.Room room = problems.read(() -> group(node, "room", d.room(), ControlSettingsReader::room))
                .orElse(d.room());
        ControlSettings.Pump pump = problems.read(() -> group(node, "pump", d.pump(), ControlSettingsReader::pump))
                .orElse(d.pump());
        ControlSettings.Source source = problems.read(() -> group(node, "source", d.source(),
                ControlSettingsReader::source)).orElse(d.source());
        SeasonFlow flow = problems.read(() -> group(node, "flow", d.flow(), ControlSettingsReader::flow)).orElse(d.flow());
        problems.throwIfAny();
        return new ControlSettings(curve, supply, outdoor, room, pump, source, flow, zone);
    }

    /** A time zone id, e.g. {@code Asia/Shanghai}. */
    static ZoneId zone(ConfigNode node) throws ConfigException {
        try {
            return ZoneId.of(node.asString().trim());
        } catch (DateTimeException e) {
            throw node.error("unknown time zone \"" + node.asString() + "\"");
        }
    }

    private interface GroupReader<T> {
        T read(ConfigNode node, T fallback) throws ConfigException;
    }

    /** Reads an optional group; a value the settings records reject is reported at the group. */
    private static <T> T group(ConfigNode parent, String key, T fallback, GroupReader<T> reader) throws ConfigException {
        Optional<ConfigNode> node = parent.opt(key);
        if (node.isEmpty()) {
            return fallback;
        }
        try {
            return reader.read(node.get(), fallback);
        } catch (IllegalArgumentException e) {
            throw node.get().error(e.getMessage());
        }
    }

    private static HeatingCurve curve(ConfigNode node, HeatingCurve fallback) throws ConfigException {
        String type = node.string("type", "quality");
        try {
            if (type.equals("points")) {
                node.rejectUnknownKeys(List.of("type", "points"));
                List<PiecewiseLinearCurve.Point> points = new ArrayList<>();
                for (ConfigNode point : node.get("points").asList()) {
                    point.rejectUnknownKeys(List.of("outdoor", "supply"));
                    points.add(new PiecewiseLinearCurve.Point(point.get("outdoor").asDouble(), point.get("supply").asDouble()));
                }
                return new PiecewiseLinearCurve(points);
            }
            if (!type.equals("quality")) {
                throw node.get("type").error("unknown curve type \"" + type + "\"; expected quality or points");
            }
            node.rejectUnknownKeys(List.of("type", "roomDesign", "designOutdoor", "designSupply", "designReturn",
                    "radiatorExponent", "minimumSupply", "extrapolateBelowDesign"));
            // a control set that only changes one number of the base's quality curve keeps the others
            QualityRegulationCurve d = fallback instanceof QualityRegulationCurve base
                    ? base : (QualityRegulationCurve) ControlSettings.defaults().curve();
            double roomDesign = num(node, "roomDesign", d.roomDesign());
            return new QualityRegulationCurve(roomDesign, num(node, "designOutdoor", d.designOutdoor()),
                    num(node, "designSupply", d.designSupply()), num(node, "designReturn", d.designReturn()),
                    num(node, "radiatorExponent", d.radiatorExponent()),
                    num(node, "minimumSupply", node.has("roomDesign") ? roomDesign : d.minimumSupply()),
                    node.bool("extrapolateBelowDesign", d.extrapolateBelowDesign()));
        } catch (IllegalArgumentException e) {
            throw node.error(e.getMessage());
        }
    }

    private static ControlSettings.Supply supply(ConfigNode n, ControlSettings.Supply d) throws ConfigException {
        n.rejectUnknownKeys(List.of("min", "max", "maxChangePerCycle", "maxChangePerHour", "fallback"));
        return new ControlSettings.Supply(limits(n, "min", "max", d.limits()), rate(n, d.rate()), num(n, "fallback", d.fallback()));
    }

    private static ControlSettings.Outdoor outdoor(ConfigNode n, ControlSettings.Outdoor d) throws ConfigException {
        n.rejectUnknownKeys(List.of("timeConstant", "maxAge", "plausibleMin", "plausibleMax", "forecastWeight",
                "forecastLookAhead"));
        return new ControlSettings.Outdoor(n.duration("timeConstant", d.timeConstant()), n.duration("maxAge", d.maxAge()),
                limits(n, "plausibleMin", "plausibleMax", d.plausible()), num(n, "forecastWeight", d.forecastWeight()),
                n.duration("forecastLookAhead", d.forecastLookAhead()));
    }

    private static ControlSettings.Room room(ConfigNode n, ControlSettings.Room d) throws ConfigException {
        n.rejectUnknownKeys(List.of("percentile", "maxAge", "plausibleMin", "plausibleMax", "minimumRooms", "target",
                "targetBands", "gainPerHour", "maxTrim", "maxIntegrationStep"));
        List<ControlSettings.TargetBand> bands = new ArrayList<>(d.target().bands());
        if (n.has("targetBands")) {
            bands.clear();
            for (ConfigNode band : n.list("targetBands")) {
                band.rejectUnknownKeys(List.of("outdoorBelow", "target"));
                bands.add(new ControlSettings.TargetBand(band.get("outdoorBelow").asDouble(), band.get("target").asDouble()));
            }
        }
        return new ControlSettings.Room(num(n, "percentile", d.percentile()), n.duration("maxAge", d.maxAge()),
                limits(n, "plausibleMin", "plausibleMax", d.plausible()), n.integer("minimumRooms", d.minimumRooms()),
                new ControlSettings.RoomTarget(num(n, "target", d.target().fallback()), bands),
                num(n, "gainPerHour", d.gainPerHour()), num(n, "maxTrim", d.maxTrim()),
                n.duration("maxIntegrationStep", d.maxIntegrationStep()));
    }

    private static ControlSettings.Pump pump(ConfigNode n, ControlSettings.Pump d) throws ConfigException {
        n.rejectUnknownKeys(List.of("percentile", "minimumRooms", "lowBand", "highBand", "hysteresis", "raiseStepHz",
                "lowerStepHz", "minHz", "maxHz", "dwell", "timeOfDay"));
        Limits limits = limits(n, "minHz", "maxHz", d.limits());
        List<ControlSettings.PumpPeriod> periods = new ArrayList<>(d.timeOfDay());
        if (n.has("timeOfDay")) {
            periods.clear();
            for (ConfigNode period : n.list("timeOfDay")) {
                period.rejectUnknownKeys(List.of("from", "to", "minHz", "maxHz", "zones"));
                List<String> zones = new ArrayList<>();
                for (ConfigNode zone : period.has("zones") ? period.list("zones") : List.<ConfigNode>of()) {
                    zones.add(zone.asString().trim());
                }
                try {
                    periods.add(new ControlSettings.PumpPeriod(timeOfDay(period.get("from")), timeOfDay(period.get("to")),
                            limits(period, "minHz", "maxHz", limits), java.util.Set.copyOf(zones)));
                } catch (IllegalArgumentException e) {
                    throw period.error(e.getMessage());
                }
            }
        }
        return new ControlSettings.Pump(num(n, "percentile", d.percentile()), n.integer("minimumRooms", d.minimumRooms()),
                num(n, "lowBand", d.lowBand()), num(n, "highBand", d.highBand()), num(n, "hysteresis", d.hysteresis()),
                num(n, "raiseStepHz", d.raiseStepHz()), num(n, "lowerStepHz", d.lowerStepHz()),
                limits, n.duration("dwell", d.dwell()), periods);
    }

    /** A local time written {@code HH:MM}, e.g. {@code 22:30}. */
    static LocalTime timeOfDay(ConfigNode node) throws ConfigException {
        String text = node.asString().trim();
        try {
            return LocalTime.parse(text.length() == 4 ? "0" + text : text);
        } catch (DateTimeException e) {
            throw node.error("expected a time of day like 06:30, got \"" + text + "\"");
        }
    }

    private static ControlSettings.Source source(ConfigNode n, ControlSettings.Source d) throws ConfigException {
        n.rejectUnknownKeys(List.of("baseLoad", "coldBelow", "coldStep", "warmAbove", "warmStep", "min", "max",
                "maxChangePerCycle", "maxChangePerHour"));
        return new ControlSettings.Source(num(n, "baseLoad", d.baseLoad()), num(n, "coldBelow", d.coldBelow()),
                num(n, "coldStep", d.coldStep()), num(n, "warmAbove", d.warmAbove()), num(n, "warmStep", d.warmStep()),
                limits(n, "min", "max", d.limits()), rate(n, d.rate()));
    }

    private static SeasonFlow flow(ConfigNode n, SeasonFlow d) throws ConfigException {
        n.rejectUnknownKeys(List.of("min", "max", "periods", "maxChangePerCycle", "maxChangePerHour"));
        List<SeasonFlow.Period> periods = new ArrayList<>(d.periods());
        if (n.has("periods")) {
            periods.clear();
            for (ConfigNode period : n.list("periods")) {
                period.rejectUnknownKeys(List.of("from", "to", "flow"));
                periods.add(new SeasonFlow.Period(monthDay(period.get("from")), monthDay(period.get("to")),
                        period.get("flow").asDouble()));
            }
        }
        return new SeasonFlow(periods, limits(n, "min", "max", d.limits()), rate(n, d.rate()));
    }

    /** A month-day written {@code MM-DD}, e.g. {@code 11-16}. */
    static MonthDay monthDay(ConfigNode node) throws ConfigException {
        String text = node.asString().trim();
        try {
            return MonthDay.parse("--" + text);
        } catch (DateTimeException e) {
            throw node.error("expected a month-day like 11-16, got \"" + text + "\"");
        }
    }

    static Limits limits(ConfigNode n, String minKey, String maxKey, Limits d) throws ConfigException {
        return new Limits(num(n, minKey, d.min()), num(n, maxKey, d.max()));
    }

    private static RateLimit rate(ConfigNode n, RateLimit d) throws ConfigException {
        return new RateLimit(num(n, "maxChangePerCycle", d.perCycle()), num(n, "maxChangePerHour", d.perHour()));
    }

    static double num(ConfigNode n, String key, double fallback) throws ConfigException {
        Optional<ConfigNode> child = n.opt(key);
        return child.isPresent() ? child.get().asDouble() : fallback;
    }
}
