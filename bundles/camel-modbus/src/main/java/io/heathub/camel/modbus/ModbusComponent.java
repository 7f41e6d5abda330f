package io.heathub.camel.modbus;

import io.heathub.api.hub.BusAccess;
import io.heathub.api.hub.CommandService;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;
import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;
import org.apache.camel.util.TimeUtils;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The hub's {@code modbus:} Camel component, a Modbus master on j2mod. Registered as an OSGi
 * {@link org.apache.camel.Component} service named {@code modbus}; the camel bundle's whiteboard
 * adds it to the hub's context.
 *
 * <pre>
 * modbus:bus/plc?unitId=1&amp;function=holding&amp;address=0&amp;count=14&amp;timeout=1s&amp;resultTimeout=30s
 * modbus:tcp://host[:port]?unitId=1&amp;function=holding&amp;address=0&amp;count=1&amp;timeout=1s&amp;framing=tcp
 * modbus:serial:/dev/ttyUSB0?baud=9600&amp;dataBits=8&amp;parity=none&amp;stopBits=1&amp;framing=rtu&amp;...
 * </pre>
 *
 * A {@code bus/ID} endpoint has no connection of its own: it reads through the hub's
 * {@link BusAccess} on the bus's worker (one owner per line) and writes through
 * {@link CommandService} (bounds, rate limit, audit) as a raw write to the site device at the unit.
 * {@code tcp://} and {@code serial:} endpoints are for routes outside a site.
 *
 * <p>Every option is checked when the endpoint is created; a bad one fails the endpoint (Camel
 * reports a {@code ResolveEndpointFailedException}) with a message naming option and value.
 */
// The whiteboard reads the service property component.name, which DS reserves and always sets to
// the DS component's name: so the DS name is the scheme. Its configuration PID stays namespaced.
@Component(name = ModbusComponent.NAME, configurationPid = "io.heathub.camel.modbus",
        service = org.apache.camel.Component.class)
public class ModbusComponent extends DefaultComponent {
    /** The URI scheme and {@code component.name} service property. */
    public static final String NAME = "modbus";
    /** The port of {@code tcp://host} without one. */
    public static final int DEFAULT_TCP_PORT = 502;
    /** The reply timeout when the URI names none. */
    public static final String DEFAULT_TIMEOUT = "1s";

    /** Most time a bus endpoint waits for its turn on the line or a write's outcome, by default. */
    public static final String DEFAULT_RESULT_TIMEOUT = "30s";
    private static final java.util.regex.Pattern BUS_ID = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final SerialLines serialLines = new SerialLines();

    // The hub's services, for bus/ endpoints only; the component works without them for tcp:// and serial:.
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile BusAccess busAccess;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile CommandService commandService;

    /** For DS: the hub's services arrive by reference. */
    public ModbusComponent() {
    }

    /** Outside OSGi (tests): a component whose bus endpoints use these services. */
    ModbusComponent(BusAccess busAccess, CommandService commandService) {
        this.busAccess = busAccess;
        this.commandService = commandService;
    }

    BusAccess busAccess() {
        BusAccess access = busAccess;
        if (access == null) {
            throw new IllegalStateException("modbus:bus/ endpoints need the hub's BusAccess service (bundle heathub-core)"
                    + ", which is not there");
        }
        return access;
    }

    CommandService commandService() {
        CommandService commands = commandService;
        if (commands == null) {
            throw new IllegalStateException("writes through modbus:bus/ endpoints need the hub's CommandService"
                    + " (bundle heathub-core), which is not there");
        }
        return commands;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) {
        ModbusTarget target = target(remaining, parameters);
        int unitId = intOption(parameters, "unitId", 1, 0, 255);
        ModbusFunction function = ModbusFunction.fromOption(stringOption(parameters, "function", "holding"));
        int address = intOption(parameters, "address", 0, 0, 65535);
        int count = intOption(parameters, "count", 1, 1, Integer.MAX_VALUE);
        if (count > function.maxReadCount()) {
            throw new IllegalArgumentException("Invalid option count=" + count + ": at most " + function.maxReadCount()
                    + " " + (function.isBits() ? "bits" : "registers") + " per request for function=" + function);
        }
        if (address + count - 1 > 65535) {
            throw new IllegalArgumentException("Invalid options address=" + address + " and count=" + count
                    + ": the last address " + (address + count - 1) + " is beyond 65535");
        }
        int timeoutMillis = durationOption(parameters, "timeout", DEFAULT_TIMEOUT);
        int resultTimeoutMillis = target instanceof ModbusTarget.Bus
                ? durationOption(parameters, "resultTimeout", DEFAULT_RESULT_TIMEOUT) : 0;
        boolean write = operationOption(parameters);
        if (write && !function.isWritable()) {
            throw new IllegalArgumentException("Invalid option operation=write: function=" + function
                    + " is read-only (only holding and coil can be written)");
        }
        String type = stringOption(parameters, "dataType", "").toLowerCase(Locale.ROOT);
        RegisterValues dataType = type.isEmpty() ? null : RegisterValues.fromOption(type);
        String wordOrder = stringOption(parameters, "wordOrder", "big").toLowerCase(Locale.ROOT);
        if (!wordOrder.equals("big") && !wordOrder.equals("little")) {
            throw new IllegalArgumentException("Invalid option wordOrder=" + wordOrder
                    + ": expected big (high word first) or little");
        }
        if (dataType != null && (function.isBits() || count % dataType.registers != 0)) {
            throw new IllegalArgumentException("Invalid option dataType=" + type + ": " + (function.isBits()
                    ? "registers only, not function=" + function
                    : "count=" + count + " is not a multiple of its " + dataType.registers + " registers"));
        }
        ModbusEndpoint.Settings settings = new ModbusEndpoint.Settings(target, unitId, function, address, count,
                timeoutMillis, write, resultTimeoutMillis, dataType, wordOrder.equals("big"));
        return new ModbusEndpoint(uri, this, settings);
    }

    /** A new TCP connection for one endpoint, or the shared connection of a serial port. */
    ModbusConnection openConnection(ModbusTarget target) {
        if (target instanceof ModbusTarget.Serial serial) {
            return serialLines.acquire(serial);
        }
        return new ModbusConnection(target);
    }

    void closeConnection(ModbusConnection connection) {
        if (connection.target() instanceof ModbusTarget.Serial) {
            serialLines.release(connection);
        } else {
            connection.close();
        }
    }

    private static ModbusTarget target(String remaining, Map<String, Object> parameters) {
        String where = remaining == null ? "" : remaining.trim();
        String lower = where.toLowerCase(Locale.ROOT);
        if (lower.startsWith("bus/")) {
            return busTarget(where.substring("bus/".length()), parameters);
        }
        if (lower.startsWith("tcp:")) {
            return tcpTarget(where, parameters);
        }
        if (lower.startsWith("serial:")) {
            return serialTarget(where.substring("serial:".length()), parameters);
        }
        throw new IllegalArgumentException("Invalid Modbus address \"" + where
                + "\": expected bus/<bus id of site.yaml>, tcp://host[:port] or serial:/dev/ttyXXX");
    }

    private static ModbusTarget.Bus busTarget(String id, Map<String, Object> parameters) {
        if (!BUS_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("Invalid Modbus address \"bus/" + id + "\": expected bus/<bus id>, "
                    + "1-64 of letters, digits, '.', '_', '-' as in site.yaml");
        }
        String framing = stringOption(parameters, "framing", "").toLowerCase(Locale.ROOT);
        Boolean rtu = switch (framing) {
            case "" -> null;
            case "tcp" -> false;
            case "rtu" -> true;
            default -> throw new IllegalArgumentException("Invalid option framing=" + framing
                    + ": expected tcp or rtu (default: rtu on a serial: bus, tcp otherwise)");
        };
        return new ModbusTarget.Bus(id, rtu);
    }

    private static ModbusTarget.Tcp tcpTarget(String where, Map<String, Object> parameters) {
        String framing = stringOption(parameters, "framing", "tcp").toLowerCase(Locale.ROOT);
        if (!framing.equals("tcp") && !framing.equals("rtu")) {
            throw new IllegalArgumentException("Invalid option framing=" + framing
                    + ": expected tcp (Modbus TCP) or rtu (RTU frames over TCP) for a tcp:// address");
        }
        String hostAndPort = where.substring("tcp:".length());
        URI parsed;
        try {
            parsed = new URI("tcp://" + (hostAndPort.startsWith("//") ? hostAndPort.substring(2) : hostAndPort));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("Invalid Modbus TCP address \"" + where + "\": " + e.getMessage(), e);
        }
        String path = parsed.getPath();
        if (parsed.getHost() == null || (path != null && !path.isEmpty() && !path.equals("/"))) {
            throw new IllegalArgumentException("Invalid Modbus TCP address \"" + where + "\": expected tcp://host[:port]");
        }
        int port = parsed.getPort() < 0 ? DEFAULT_TCP_PORT : parsed.getPort();
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("Invalid port " + port + " in Modbus TCP address \"" + where + "\"");
        }
        return new ModbusTarget.Tcp(parsed.getHost(), port, framing.equals("rtu"));
    }

    private static ModbusTarget.Serial serialTarget(String path, Map<String, Object> parameters) {
        // serial:///dev/ttyUSB0 and serial:/dev/ttyUSB0 mean the same port; COM3 has no slash
        String port = path.startsWith("///") ? path.substring(2) : path;
        if (port.isBlank()) {
            throw new IllegalArgumentException("Invalid Modbus serial address: no port name after serial: "
                    + "(expected serial:/dev/ttyUSB0 or serial:COM3)");
        }
        int baud = intOption(parameters, "baud", 9600, 50, 4_000_000);
        int dataBits = intOption(parameters, "dataBits", 8, 7, 8);
        String parity = stringOption(parameters, "parity", "none").toLowerCase(Locale.ROOT);
        if (!parity.equals("none") && !parity.equals("even") && !parity.equals("odd")) {
            throw new IllegalArgumentException("Invalid option parity=" + parity + ": expected none, even or odd");
        }
        int stopBits = intOption(parameters, "stopBits", 1, 1, 2);
        String framing = stringOption(parameters, "framing", "rtu").toLowerCase(Locale.ROOT);
        if (!framing.equals("rtu") && !framing.equals("ascii")) {
            throw new IllegalArgumentException("Invalid option framing=" + framing
                    + ": expected rtu or ascii for a serial: address");
        }
        return new ModbusTarget.Serial(port, baud, dataBits, parity, stopBits, framing);
    }

    private static boolean operationOption(Map<String, Object> parameters) {
        String operation = stringOption(parameters, "operation", "read").toLowerCase(Locale.ROOT);
        return switch (operation) {
            case "read" -> false;
            case "write" -> true;
            default -> throw new IllegalArgumentException("Invalid option operation=" + operation + ": expected read or write");
        };
    }

    private static int durationOption(Map<String, Object> parameters, String name, String defaultValue) {
        String value = stringOption(parameters, name, defaultValue);
        long millis;
        try {
            millis = TimeUtils.toMilliSeconds(value);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Invalid option " + name + "=" + value
                    + ": expected a duration such as 1s, 500ms or 1500 (milliseconds)", e);
        }
        if (millis < 1 || millis > 600_000) {
            throw new IllegalArgumentException("Invalid option " + name + "=" + value + ": expected 1 ms to 10 minutes");
        }
        return (int) millis;
    }

    private static String stringOption(Map<String, Object> parameters, String name, String defaultValue) {
        Object value = parameters.remove(name);
        return value == null ? defaultValue : value.toString().trim();
    }

    private static int intOption(Map<String, Object> parameters, String name, int defaultValue, int min, int max) {
        Object raw = parameters.remove(name);
        if (raw == null) {
            return defaultValue;
        }
        long value;
        try {
            value = Long.parseLong(raw.toString().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Invalid option " + name + "=" + raw + ": not a whole number", e);
        }
        if (value < min || value > max) {
            throw new IllegalArgumentException("Invalid option " + name + "=" + raw + ": expected "
                    + (max == Integer.MAX_VALUE ? "at least " + min : min + ".." + max));
        }
        return (int) value;
    }
}
