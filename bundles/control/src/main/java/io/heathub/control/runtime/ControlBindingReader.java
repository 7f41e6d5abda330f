package io.heathub.control.runtime;

import io.heathub.config.ConfigException;
import io.heathub.config.ConfigNode;
import io.heathub.config.ConfigProblems;
import io.heathub.config.DidYouMean;
import io.heathub.config.ProblemCollector;
import io.heathub.control.ControlPlan;
import io.heathub.control.ControlSettings;
import io.heathub.calendar.DayKind;
import io.heathub.control.runtime.ControlBinding.Deadbands;
import io.heathub.control.runtime.ControlBinding.DeviceSelector;
import io.heathub.control.runtime.ControlBinding.Dispatch;
import io.heathub.control.runtime.ControlBinding.HouseholdGroup;
import io.heathub.control.runtime.ControlBinding.Output;
import io.heathub.control.runtime.ControlBinding.PointRef;
import io.heathub.control.runtime.ControlBinding.RoomGroup;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads {@code control.binding} and {@code control.dispatch} from a parsed {@code site.yaml}. Every
 * key is optional; unknown keys and bad values fail with a {@link ConfigException} naming file,
 * line, column and field. The keys are listed in the module README.
 */
public final class ControlBindingReader {

    private static final List<String> BINDING_KEYS = List.of("outdoor", "forecast", "supply", "supplyTemperature",
            "returnTemperature", "households", "rooms", "pumps", "sourceLoad", "sourceFlow", "feedbackMaxAge",
            "forecastMaxPoints");

    private ControlBindingReader() {
    }

    /**
     * The binding of the site whose parsed {@code site.yaml} (or its {@code control:} key alone) is
     * {@code root}; the problems of every group, output and of the dispatch are reported together.
     */
    public static ControlBinding read(ConfigNode root) throws ConfigException {
        ProblemCollector problems = new ProblemCollector();
        Optional<ConfigNode> control = root.opt("control");
        Optional<ConfigNode> binding = control.isPresent() ? control.get().opt("binding") : Optional.empty();
        Optional<ConfigNode> dispatchNode = control.isPresent() ? control.get().opt("dispatch") : Optional.empty();
        Dispatch dispatch = dispatchNode.isPresent()
                ? problems.read(() -> dispatch(dispatchNode.get())).orElse(Dispatch.defaults()) : Dispatch.defaults();
        ControlBinding none = ControlBinding.none();
        if (binding.isEmpty()) {
            problems.throwIfAny();
            return new ControlBinding(none.outdoor(), none.forecast(), none.supply(), none.supplyTemperature(),
                    none.returnTemperature(), none.households(), none.rooms(), none.pumps(), none.sourceLoad(),
                    none.sourceFlow(), none.feedbackMaxAge(), none.forecastMaxPoints(), dispatch);
        }
        ConfigNode n = binding.get();
        problems.check(() -> n.rejectUnknownKeys(BINDING_KEYS));
        List<HouseholdGroup> households = new ArrayList<>();
        for (ConfigNode group : problems.read(() -> n.list("households")).orElse(List.of())) {
            problems.read(() -> household(group)).ifPresent(households::add);
        }
        List<RoomGroup> rooms = new ArrayList<>();
        for (ConfigNode group : problems.read(() -> n.list("rooms")).orElse(List.of())) {
            problems.read(() -> {
                group.rejectUnknownKeys(List.of("device", "devices", "pattern", "zone", "point"));
                return new RoomGroup(selector(group), zone(group), group.string("point", ControlBinding.Defaults.ROOM_POINT));
            }).ifPresent(rooms::add);
        }
        problems.check(() -> rejectDevicesNamedTwice(n, households, rooms));
        Map<String, Output> pumps = new LinkedHashMap<>();
        Optional<ConfigNode> pumpsNode = problems.read(() -> n.opt("pumps")).flatMap(p -> p);
        if (pumpsNode.isPresent()) {
            for (Map.Entry<String, ConfigNode> pump : problems.read(pumpsNode.get()::asMap).orElse(Map.of()).entrySet()) {
                problems.read(() -> output(pump.getValue())).ifPresent(o -> pumps.put(pump.getKey(), o));
            }
        }
        int forecastMaxPoints = problems.read(() -> {
            int points = n.integer("forecastMaxPoints", none.forecastMaxPoints());
            if (points < 1) {
                throw n.get("forecastMaxPoints").error("must be at least 1, got " + points);
            }
            return points;
        }).orElse(none.forecastMaxPoints());
        Duration feedbackMaxAge = problems.read(() -> {
            Duration age = n.duration("feedbackMaxAge", none.feedbackMaxAge());
            if (age.isNegative() || age.isZero()) {
                throw n.get("feedbackMaxAge").error("must be positive, got " + age);
            }
            return age;
        }).orElse(none.feedbackMaxAge());
        Optional<PointRef> outdoor = problems.read(() -> pointRef(n, "outdoor")).flatMap(o -> o);
        Optional<PointRef> forecast = problems.read(() -> pointRef(n, "forecast")).flatMap(o -> o);
        Optional<Output> supply = problems.read(() -> optionalOutput(n, "supply")).flatMap(o -> o);
        Optional<PointRef> supplyTemperature = problems.read(() -> pointRef(n, "supplyTemperature")).flatMap(o -> o);
        Optional<PointRef> returnTemperature = problems.read(() -> pointRef(n, "returnTemperature")).flatMap(o -> o);
        Optional<Output> sourceLoad = problems.read(() -> optionalOutput(n, "sourceLoad")).flatMap(o -> o);
        Optional<Output> sourceFlow = problems.read(() -> optionalOutput(n, "sourceFlow")).flatMap(o -> o);
        problems.throwIfAny();
        return new ControlBinding(outdoor, forecast, supply, supplyTemperature, returnTemperature, households, rooms,
                pumps, sourceLoad, sourceFlow, feedbackMaxAge, forecastMaxPoints, dispatch);
    }

    /**
     * Every device the binding writes to (supply, pumps, source outputs, and the households named
     * one by one whose setpoint or valve is written) must be a device of the site: a command to
     * any other could never be delivered. Each one that is not is reported where it is named.
     */
    public static void checkWrittenDevices(ConfigNode root, Set<String> deviceIds) throws ConfigException {
        Optional<ConfigNode> control = root.opt("control");
        Optional<ConfigNode> binding = control.isPresent() ? control.get().opt("binding") : Optional.empty();
        if (binding.isEmpty() || !binding.get().isMap()) {
            return;
        }
        ConfigNode n = binding.get();
        List<ConfigNode> named = new ArrayList<>();
        for (String output : List.of("supply", "sourceLoad", "sourceFlow")) {
            Optional<ConfigNode> node = n.opt(output);
            if (node.isPresent() && node.get().isMap()) {
                deviceNode(node.get()).ifPresent(named::add);
            }
        }
        Optional<ConfigNode> pumps = n.opt("pumps").filter(ConfigNode::isMap);
        if (pumps.isPresent()) {
            for (ConfigNode pump : pumps.get().asMap().values()) {
                if (pump.isMap()) {
                    deviceNode(pump).ifPresent(named::add);
                }
            }
        }
        for (ConfigNode group : n.opt("households").filter(ConfigNode::isList).isPresent() ? n.list("households")
                : List.<ConfigNode>of()) {
            if (group.isMap() && (group.has("setpoint") || group.has("valve") || group.has("mode")
                    || group.has("fixedOpening"))) {
                deviceNode(group).ifPresent(named::add);
                if (group.has("devices") && group.get("devices").isList()) {
                    named.addAll(group.get("devices").asList());
                }
            }
        }
        List<ConfigException> missing = new ArrayList<>();
        for (ConfigNode device : named) {
            String id = device.isScalar() ? device.asString().trim() : "";
            if (!id.isEmpty() && !deviceIds.contains(id)) {
                missing.add(device.error("no device '" + id + "' in devices:" + DidYouMean.hint(id, deviceIds)
                        + "; commands to it could not be delivered"));
            }
        }
        ConfigProblems.throwIfAny(missing);
    }

    /**
     * Every household with a program under {@code control.programs} must be a device of the site (a
     * household id is its panel's device id): a program for any other would never run.
     */
    public static void checkProgramHouseholds(ConfigNode root, Set<String> deviceIds) throws ConfigException {
        Optional<ConfigNode> control = root.opt("control");
        Optional<ConfigNode> programs = control.isPresent() ? control.get().opt("programs") : Optional.empty();
        if (programs.isEmpty() || !programs.get().isMap()) {
            return;
        }
        List<ConfigException> missing = new ArrayList<>();
        for (Map.Entry<String, ConfigNode> program : programs.get().asMap().entrySet()) {
            if (!deviceIds.contains(program.getKey())) {
                missing.add(program.getValue().error("no household '" + program.getKey() + "': a household is the device"
                        + " id of its panel, and devices: has none such" + DidYouMean.hint(program.getKey(), deviceIds)));
            }
        }
        ConfigProblems.throwIfAny(missing);
    }

    private static Optional<ConfigNode> deviceNode(ConfigNode output) throws ConfigException {
        return output.opt("device");
    }

    /**
     * Checks the dispatch against the engine's rules: a pump step no larger than the pump deadband
     * would never be sent (the pump rule steps from the drive's feedback).
     */
    public static void checkAgainst(ControlPlan plan, ControlBinding binding, ConfigNode root) throws ConfigException {
        double deadband = binding.dispatch().deadbands().pump();
        for (DayKind kind : DayKind.values()) {
            ControlSettings.Pump pump = plan.settingsFor(kind).pump();
            double step = Math.min(pump.raiseStepHz(), pump.lowerStepHz());
            if (!binding.pumps().isEmpty() && deadband >= step) {
                ConfigNode at = root.get("control").opt("dispatch").orElse(root.get("control"));
                throw at.error("deadbands.pump " + deadband + " Hz must be below the pump steps (" + step + " Hz on "
                        + kind.configName() + " days), or no step would ever be sent");
            }
        }
    }

    private static HouseholdGroup household(ConfigNode group) throws ConfigException {
        group.rejectUnknownKeys(List.of("device", "devices", "pattern", "zone", "room", "userSetpoint", "setpoint",
                "valve", "valveFeedback", "valveOnOff", "defaultSetpoint", "mode", "fixedOpening"));
        OptionalDouble defaultSetpoint = group.has("defaultSetpoint")
                ? OptionalDouble.of(finite(group.get("defaultSetpoint"))) : OptionalDouble.empty();
        return new HouseholdGroup(selector(group), zone(group), group.string("room", ControlBinding.Defaults.ROOM_POINT),
                group.string("userSetpoint", ControlBinding.Defaults.USER_SETPOINT_POINT), optionalString(group, "setpoint"),
                optionalString(group, "valve"), optionalString(group, "valveFeedback"), group.bool("valveOnOff", false),
                defaultSetpoint, optionalString(group, "mode"), optionalString(group, "fixedOpening"));
    }

    /** Exactly one of {@code device}, {@code devices} (a list) or {@code pattern} (a regular expression, whole id). */
    private static DeviceSelector selector(ConfigNode group) throws ConfigException {
        int given = (group.has("device") ? 1 : 0) + (group.has("devices") ? 1 : 0) + (group.has("pattern") ? 1 : 0);
        if (given != 1) {
            throw group.error("give exactly one of device, devices (a list) or pattern (a regular expression)");
        }
        if (group.has("pattern")) {
            ConfigNode node = group.get("pattern");
            try {
                return new DeviceSelector(List.of(), Optional.of(Pattern.compile(node.asString().trim())));
            } catch (PatternSyntaxException e) {
                throw node.error("not a regular expression: " + e.getDescription());
            }
        }
        List<String> ids = new ArrayList<>();
        if (group.has("device")) {
            ids.add(nonEmpty(group.get("device")));
        } else {
            for (ConfigNode id : group.get("devices").asList()) {
                ids.add(nonEmpty(id));
            }
        }
        return new DeviceSelector(ids, Optional.empty());
    }

    /** A device named in two groups would count its room twice. */
    private static void rejectDevicesNamedTwice(ConfigNode n, List<HouseholdGroup> households, List<RoomGroup> rooms)
            throws ConfigException {
        List<String> seen = new ArrayList<>();
        List<DeviceSelector> selectors = new ArrayList<>();
        households.forEach(h -> selectors.add(h.devices()));
        rooms.forEach(r -> selectors.add(r.devices()));
        for (DeviceSelector selector : selectors) {
            for (String id : selector.ids()) {
                if (seen.contains(id)) {
                    throw n.error("device '" + id + "' is named in more than one households/rooms group");
                }
                seen.add(id);
            }
        }
    }

    private static String zone(ConfigNode group) throws ConfigException {
        return nonEmpty(group.get("zone"));
    }

    private static Optional<PointRef> pointRef(ConfigNode parent, String key) throws ConfigException {
        Optional<ConfigNode> node = parent.opt(key);
        if (node.isEmpty()) {
            return Optional.empty();
        }
        ConfigNode n = node.get();
        n.rejectUnknownKeys(List.of("device", "point"));
        return Optional.of(new PointRef(nonEmpty(n.get("device")), nonEmpty(n.get("point"))));
    }

    private static Optional<Output> optionalOutput(ConfigNode parent, String key) throws ConfigException {
        Optional<ConfigNode> node = parent.opt(key);
        return node.isPresent() ? Optional.of(output(node.get())) : Optional.empty();
    }

    private static Output output(ConfigNode n) throws ConfigException {
        n.rejectUnknownKeys(List.of("device", "point", "feedback"));
        String point = nonEmpty(n.get("point"));
        String feedback = n.has("feedback") ? nonEmpty(n.get("feedback")) : point;
        return new Output(nonEmpty(n.get("device")), point, feedback);
    }

    private static Dispatch dispatch(ConfigNode n) throws ConfigException {
        n.rejectUnknownKeys(List.of("deadbands", "retryAfter", "resultTimeout", "decimals"));
        Dispatch d = Dispatch.defaults();
        Deadbands deadbands = d.deadbands();
        try {
            Optional<ConfigNode> bands = n.opt("deadbands");
            if (bands.isPresent()) {
                ConfigNode b = bands.get();
                b.rejectUnknownKeys(List.of("supply", "pump", "sourceLoad", "sourceFlow", "householdSetpoint",
                        "householdValve"));
                deadbands = new Deadbands(num(b, "supply", deadbands.supply()), num(b, "pump", deadbands.pump()),
                        num(b, "sourceLoad", deadbands.sourceLoad()), num(b, "sourceFlow", deadbands.sourceFlow()),
                        num(b, "householdSetpoint", deadbands.householdSetpoint()),
                        num(b, "householdValve", deadbands.householdValve()));
            }
            return new Dispatch(deadbands, n.duration("retryAfter", d.retryAfter()),
                    n.duration("resultTimeout", d.resultTimeout()), n.integer("decimals", d.decimals()));
        } catch (IllegalArgumentException e) {
            throw n.error(e.getMessage());
        }
    }

    private static double num(ConfigNode n, String key, double fallback) throws ConfigException {
        return n.has(key) ? finite(n.get(key)) : fallback;
    }

    private static double finite(ConfigNode node) throws ConfigException {
        double value = node.asDouble();
        if (!Double.isFinite(value)) {
            throw node.error("expected a finite number, got " + node.asString());
        }
        return value;
    }

    private static Optional<String> optionalString(ConfigNode parent, String key) throws ConfigException {
        return parent.has(key) ? Optional.of(nonEmpty(parent.get(key))) : Optional.empty();
    }

    private static String nonEmpty(ConfigNode node) throws ConfigException {
        String text = node.asString().trim();
        if (text.isEmpty()) {
            throw node.error("must not be empty");
        }
        return text;
    }
}
