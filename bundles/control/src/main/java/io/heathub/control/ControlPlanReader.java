package io.heathub.control;

import io.heathub.config.ConfigException;
import io.heathub.config.ConfigNode;
import org.threeten.extra.LocalDateRange;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.MonthDay;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a {@link ControlPlan} from a whole site file: the {@code control:} section (the base control
 * set, {@code sets:} by kind of day, {@code thermostat:}) and the {@code calendar:} section. Every
 * key is optional; other top-level sections are not looked at. Errors are {@link ConfigException}s
 * naming file, line, column and field. The keys are listed in the module README.
 */
public final class ControlPlanReader {

    private ControlPlanReader() {
    }

    /** The plan of the site whose parsed {@code site.yaml} is {@code root}. */
    public static ControlPlan read(ConfigNode root) throws ConfigException {
        ControlSettings defaults = ControlSettings.defaults();
        // the control zone defaults to the site's zone: one zone for calendar days and billing cuts
        Optional<ConfigNode> siteZone = root.opt("site").isPresent() ? root.get("site").opt("zone") : Optional.empty();
        if (siteZone.isPresent()) {
            ZoneId zone = ControlSettingsReader.zone(siteZone.get());
            defaults = new ControlSettings(defaults.curve(), defaults.supply(), defaults.outdoor(), defaults.room(),
                    defaults.pump(), defaults.source(), defaults.flow(), zone);
        }
        Optional<ConfigNode> control = root.opt("control");
        ControlSettings base = defaults;
        Map<DayKind, ControlSettings> sets = new EnumMap<>(DayKind.class);
        ThermostatSettings thermostat = ThermostatSettings.defaults();
        if (control.isPresent()) {
            ConfigNode node = control.get();
            // binding and dispatch belong to the runtime (io.heathub.control.runtime.ControlBindingReader)
            base = ControlSettingsReader.read(node, defaults, true, List.of("sets", "thermostat", "binding", "dispatch"));
            if (node.has("sets")) {
                ConfigNode setsNode = node.get("sets");
                List<String> kinds = new ArrayList<>();
                for (DayKind kind : DayKind.values()) {
                    kinds.add(kind.configName());
                }
                setsNode.rejectUnknownKeys(kinds);
                for (DayKind kind : DayKind.values()) {
                    Optional<ConfigNode> set = setsNode.opt(kind.configName());
                    if (set.isPresent()) {
                        sets.put(kind, ControlSettingsReader.read(set.get(), base, false, List.of()));
                    }
                }
            }
            if (node.has("thermostat")) {
                thermostat = thermostat(node.get("thermostat"), thermostat);
            }
        }
        HeatingCalendar calendar = root.opt("calendar").isPresent()
                ? calendar(root.get("calendar")) : HeatingCalendar.defaults();
        return new ControlPlan(base, sets, calendar, thermostat);
    }

    private static ThermostatSettings thermostat(ConfigNode n, ThermostatSettings d) throws ConfigException {
        n.rejectUnknownKeys(List.of("minSetpoint", "maxSetpoint", "hysteresis", "antiFreezeBelow", "antiFreezeOpening",
                "minFixedOpening", "maxFixedOpening", "roomMaxAge", "plausibleMin", "plausibleMax"));
        try {
            return new ThermostatSettings(ControlSettingsReader.limits(n, "minSetpoint", "maxSetpoint", d.setpointBounds()),
                    ControlSettingsReader.num(n, "hysteresis", d.hysteresis()),
                    ControlSettingsReader.num(n, "antiFreezeBelow", d.antiFreezeBelow()),
                    ControlSettingsReader.num(n, "antiFreezeOpening", d.antiFreezeOpening()),
                    ControlSettingsReader.limits(n, "minFixedOpening", "maxFixedOpening", d.fixedOpening()),
                    n.duration("roomMaxAge", d.roomMaxAge()),
                    ControlSettingsReader.limits(n, "plausibleMin", "plausibleMax", d.plausible()));
        } catch (IllegalArgumentException e) {
            throw n.error(e.getMessage());
        }
    }

    private static HeatingCalendar calendar(ConfigNode n) throws ConfigException {
        n.rejectUnknownKeys(List.of("season", "test", "extensions", "elastic"));
        HeatingCalendar d = HeatingCalendar.defaults();
        HeatingCalendar.YearlyPeriod season = n.has("season") ? yearly(n.get("season")) : d.season();
        Optional<HeatingCalendar.YearlyPeriod> test = d.test();
        if (n.has("test")) {
            ConfigNode testNode = n.get("test");
            // "test: none" for a site without a test period
            test = testNode.isScalar() && testNode.asString().trim().equals("none")
                    ? Optional.empty() : Optional.of(yearly(testNode));
        }
        List<HeatingCalendar.Extension> extensions = new ArrayList<>();
        for (ConfigNode e : n.has("extensions") ? n.list("extensions") : List.<ConfigNode>of()) {
            e.rejectUnknownKeys(List.of("from", "to", "reason"));
            extensions.add(new HeatingCalendar.Extension(dates(e), e.string("reason", "")));
        }
        List<HeatingCalendar.ElasticRequest> elastic = new ArrayList<>();
        for (ConfigNode e : n.has("elastic") ? n.list("elastic") : List.<ConfigNode>of()) {
            e.rejectUnknownKeys(List.of("household", "from", "to"));
            String household = e.get("household").asString().trim();
            if (household.isEmpty()) {
                throw e.get("household").error("household id must not be empty");
            }
            elastic.add(new HeatingCalendar.ElasticRequest(household, dates(e)));
        }
        try {
            return new HeatingCalendar(season.first(), season.last(), test, extensions, elastic);
        } catch (IllegalArgumentException e) {
            throw n.error(e.getMessage());
        }
    }

    private static HeatingCalendar.YearlyPeriod yearly(ConfigNode n) throws ConfigException {
        if (!n.isMap()) {
            throw n.error("expected { from: MM-DD, to: MM-DD }");
        }
        n.rejectUnknownKeys(List.of("from", "to"));
        MonthDay first = ControlSettingsReader.monthDay(n.get("from"));
        MonthDay last = ControlSettingsReader.monthDay(n.get("to"));
        return new HeatingCalendar.YearlyPeriod(first, last);
    }

    /** {@code from}/{@code to} dates, both included. */
    private static LocalDateRange dates(ConfigNode n) throws ConfigException {
        LocalDate from = date(n.get("from"));
        LocalDate to = date(n.get("to"));
        if (to.isBefore(from)) {
            throw n.get("to").error("'to' " + to + " is before 'from' " + from);
        }
        return LocalDateRange.ofClosed(from, to);
    }

    private static LocalDate date(ConfigNode node) throws ConfigException {
        String text = node.asString().trim();
        try {
            return LocalDate.parse(text);
        } catch (DateTimeException e) {
            throw node.error("expected a date like 2027-03-16, got \"" + text + "\"");
        }
    }
}
