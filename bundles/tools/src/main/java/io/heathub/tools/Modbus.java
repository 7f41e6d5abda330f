package io.heathub.tools;

import io.heathub.api.driver.DeviceException;
import io.heathub.api.driver.FoundDevice;
import io.heathub.api.driver.LinkFactory;
import io.heathub.config.Durations;
import io.heathub.driver.modbus.ModbusLinkMaster;
import io.heathub.driver.modbus.profile.ByteOrder;
import io.heathub.driver.modbus.profile.DataType;
import io.heathub.driver.modbus.profile.RegisterFunction;
import io.heathub.driver.modbus.profile.WordOrder;
import io.heathub.tools.cli.Heathub;
import io.heathub.tools.cli.Rows;
import io.heathub.wire.ReadingJson;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code heathub modbus read|write|scan}: raw Modbus for commissioning a device before it has a
 * profile, like mbpoll — over Modbus TCP or RTU (serial, or RTU frames over TCP to a gateway),
 * with the hub's own framing and checks (driver-modbus's {@link ModbusLinkMaster}) and the hub's
 * own transports. Addresses are protocol addresses from 0 (register 40001 is holding 0).
 */
@Command(name = "modbus", synopsisSubcommandLabel = "COMMAND", description = "Raw Modbus for commissioning without a profile (mbpoll-like), TCP or RTU.")
public final class Modbus implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** {@code modbus} with its three subcommands writing to {@code out} and {@code err}. */
    public static CommandLine tree(PrintStream out, PrintStream err) {
        return new CommandLine(new Modbus())
                .addSubcommand("read", new ReadRegisters(out, err))
                .addSubcommand("write", new WriteRegisters(out, err))
                .addSubcommand("scan", new ScanUnits(out, err));
    }

    @Override
    public Integer call() {
        throw Heathub.usage(spec, "a command is needed: read, write or scan");
    }

    /** The line every subcommand talks over: {@code --bus}, {@code --framing}, {@code --timeout}. */
    static final class Line {
        @Option(names = "--bus", paramLabel = "URI", description = "tcp://HOST:PORT or serial:/dev/ttyUSB0?baud=9600&parity=none")
        String bus;

        @Option(names = "--framing", paramLabel = "tcp|rtu", description = "default: rtu on serial: buses, tcp (MBAP) on others")
        String framing;

        @Option(names = "--timeout", paramLabel = "DURATION", description = "reply timeout (default 1s)")
        String timeout = "1s";

        /** Opens the link; a bad {@code --bus} is a usage error. */
        LinkFactory.ManagedLink open(CommandSpec spec) throws IOException {
            if (bus == null) {
                throw Heathub.usage(spec, "--bus is required, e.g. tcp://10.0.0.5:502 or serial:/dev/ttyUSB0?baud=9600");
            }
            DeviceCli cli = new DeviceCli();
            cli.bus = bus;
            try {
                return DeviceCli.openLink(cli.busUri(), "--bus");
            } catch (DeviceCli.UsageException e) {
                throw Heathub.usage(spec, e.getMessage());
            }
        }

        Duration timeout(CommandSpec spec) {
            return Durations.parse(timeout).filter(d -> !d.isNegative() && !d.isZero() && d.toSeconds() <= 60)
                    .orElseThrow(() -> Heathub.usage(spec, "--timeout must be a duration up to 60s, like 500ms or 2s, got \""
                            + timeout + "\""));
        }

        boolean rtu(CommandSpec spec, LinkFactory.ManagedLink link) {
            if (framing == null) {
                return ModbusLinkMaster.rtuByDefault(link);
            }
            return switch (framing.toLowerCase(Locale.ROOT)) {
                case "rtu" -> true;
                case "tcp" -> false;
                default -> throw Heathub.usage(spec, "--framing must be tcp or rtu, got \"" + framing + "\"");
            };
        }

        /** One line for a device's error (it names unit, bus and request) or the line's; exit 1. */
        int failed(PrintStream err, CommandSpec spec, Exception e) {
            err.println(spec.qualifiedName() + ": " + (e instanceof DeviceException ? "" : bus + ": ") + e.getMessage());
            return Heathub.FAILED;
        }

        ModbusLinkMaster master(CommandSpec spec, LinkFactory.ManagedLink link, int unit) {
            boolean rtu = rtu(spec, link);
            try {
                return ModbusLinkMaster.over(link, unit, rtu, timeout(spec), "unit " + unit + " on " + bus);
            } catch (IllegalArgumentException e) {
                throw Heathub.usage(spec, "--unit: " + e.getMessage());
            }
        }
    }

    /** The one unit {@code read} and {@code write} talk to. */
    static final class OneUnit {
        @Option(names = "--unit", paramLabel = "N", description = "unit id (1..247; 0..247 with tcp framing)")
        Integer unit;

        int id(CommandSpec spec) {
            return required(spec, unit, "--unit");
        }
    }

    /** How register words become numbers: {@code --type}, {@code --word-order}, {@code --byte-order}. */
    static final class Encoding {
        @Option(names = "--type", paramLabel = "TYPE",
                description = "uint16 (default for registers), int16, int32, uint32, float32, float64, bcd16, bcd32; bool for coils")
        String type;

        @Option(names = "--word-order", paramLabel = "big|little", description = "big: most significant word first (default)")
        String wordOrder = "big";

        @Option(names = "--byte-order", paramLabel = "big|little", description = "big: high byte first (default)")
        String byteOrder = "big";

        DataType type(CommandSpec spec, RegisterFunction table) {
            if (type == null) {
                return table.bits() ? DataType.BOOL : DataType.UINT16;
            }
            DataType t = enumValue(spec, DataType.class, "--type", type);
            if (table.bits() != (t == DataType.BOOL)) {
                throw Heathub.usage(spec, "--type " + type + " does not fit " + table.label()
                        + (table.bits() ? " (bool)" : " (bool is for coils and discrete inputs)"));
            }
            return t;
        }

        WordOrder words(CommandSpec spec) {
            return enumValue(spec, WordOrder.class, "--word-order", wordOrder);
        }

        ByteOrder bytes(CommandSpec spec) {
            return enumValue(spec, ByteOrder.class, "--byte-order", byteOrder);
        }
    }

    /** What {@code read} and {@code write} share: one unit on a line, values of a type. */
    abstract static class UnitCommand implements Callable<Integer> {
        final PrintStream out;
        final PrintStream err;

        @Spec
        CommandSpec spec;

        @Mixin
        Line line;

        @Mixin
        Encoding encoding;

        @Mixin
        OneUnit unit;

        UnitCommand(PrintStream out, PrintStream err) {
            this.out = out;
            this.err = err;
        }
    }

    /** {@code modbus read}: registers or bits, decoded as {@code --type}. */
    @Command(name = "read", description = "Read registers or bits of one unit.")
    static final class ReadRegisters extends UnitCommand {
        @Option(names = "--function", paramLabel = "F", description = "1 coils, 2 discrete inputs, 3 holding (default), 4 input registers; or the names")
        String function = "3";

        @Option(names = "--address", paramLabel = "ADDR", description = "first address, from 0 (decimal or 0x hex)")
        String address;

        @Option(names = "--count", paramLabel = "C", description = "values to read (default 1); registers = C × the type's size")
        int count = 1;

        @Option(names = "--format", paramLabel = "table|json|csv", description = "output (default table)")
        Rows.Format format = Rows.Format.TABLE;

        ReadRegisters(PrintStream out, PrintStream err) {
            super(out, err);
        }

        @Override
        public Integer call() {
            int unitId = unit.id(spec);
            RegisterFunction table = readFunction(spec, function);
            int start = number(spec, "--address", required(spec, address, "--address"), 0, 65535);
            DataType type = encoding.type(spec, table);
            WordOrder words = encoding.words(spec);
            ByteOrder bytes = encoding.bytes(spec);
            int size = type.registers();
            if (count < 1 || count * size > table.maxPerRead() || start + count * size - 1 > 65535) {
                throw Heathub.usage(spec, "--count " + count + " of " + type.key() + " from " + start + " is more than one read of "
                        + table.label() + " (at most " + table.maxPerRead() / size + ", addresses up to 65535)");
            }
            if (format == Rows.Format.YAML) {
                throw Heathub.usage(spec, "--format: modbus read prints table, json or csv");
            }
            try (LinkFactory.ManagedLink link = line.open(spec)) {
                ModbusLinkMaster master = line.master(spec, link, unitId);
                int[] raw = switch (table) {
                    case HOLDING -> master.readHoldingRegisters(start, count * size);
                    case INPUT -> master.readInputRegisters(start, count * size);
                    case COIL -> master.readCoils(start, count);
                    case DISCRETE -> master.readDiscreteInputs(start, count);
                };
                Rows rows = new Rows("unit", "table", "address", "registers", "value");
                for (int i = 0; i < count; i++) {
                    int at = start + i * size;
                    BigDecimal value = decode(type, raw, i * size, words, bytes);
                    rows.add(unitId, table.key(), at, registersText(raw, i * size, table.bits() ? 1 : size, table.bits()),
                            value == null ? "not a number" : value.toPlainString());
                }
                print(rows, raw, table, start, size, type, words, bytes, unitId);
                return 0;
            } catch (DeviceException | IOException e) {
                return line.failed(err, spec, e);
            }
        }

        private void print(Rows rows, int[] raw, RegisterFunction table, int start, int size, DataType type, WordOrder words,
                           ByteOrder bytes, int unitId) {
            if (format != Rows.Format.JSON) {
                rows.print(out, format);
                return;
            }
            ReadingJson json = new ReadingJson();
            for (int i = 0; i < count; i++) {
                int offset = i * size;
                BigDecimal value = decode(type, raw, offset, words, bytes);
                out.println(new String(json.render(gen -> {
                    gen.writeStartObject();
                    gen.writeNumberField("unit", unitId);
                    gen.writeStringField("table", table.key());
                    gen.writeNumberField("address", start + offset);
                    gen.writeArrayFieldStart("registers");
                    for (int r = offset; r < offset + (table.bits() ? 1 : size); r++) {
                        gen.writeNumber(raw[r]);
                    }
                    gen.writeEndArray();
                    gen.writeStringField("type", type.key());
                    gen.writeFieldName("value");
                    if (value == null) {
                        gen.writeNull();
                    } else {
                        gen.writeNumber(value);
                    }
                    gen.writeEndObject();
                }), StandardCharsets.UTF_8));
            }
        }
    }

    /** {@code modbus write}: holding registers (06/16) or coils (05/15), values encoded as {@code --type}. */
    @Command(name = "write", description = "Write holding registers or coils of one unit (the line must not be polled by a hub meanwhile).")
    static final class WriteRegisters extends UnitCommand {
        @Option(names = "--function", paramLabel = "F",
                description = "5 one coil, 6 one register, 15 coils, 16 registers; or coil|holding (default holding: 6 for one register, else 16)")
        String function = "holding";

        @Option(names = "--address", paramLabel = "ADDR", description = "first address, from 0 (decimal or 0x hex)")
        String address;

        @Parameters(paramLabel = "VALUE", arity = "1..*", description = "values of --type (0x hex for whole numbers; 0/1 or true/false for coils)")
        List<String> values = new ArrayList<>();

        WriteRegisters(PrintStream out, PrintStream err) {
            super(out, err);
        }

        @Override
        public Integer call() {
            int unitId = unit.id(spec);
            int start = number(spec, "--address", required(spec, address, "--address"), 0, 65535);
            String f = function.toLowerCase(Locale.ROOT);
            RegisterFunction table = switch (f) {
                case "5", "05", "0x05", "15", "0x0f", "coil", "coils" -> RegisterFunction.COIL;
                case "6", "06", "0x06", "16", "0x10", "holding" -> RegisterFunction.HOLDING;
                default -> throw Heathub.usage(spec, "--function must be 5, 6, 15, 16, coil or holding, got \"" + function + "\"");
            };
            DataType type = encoding.type(spec, table);
            int[] words = encode(type, table);
            boolean multiple = List.of("15", "0x0f", "16", "0x10").contains(f);
            if (List.of("5", "05", "0x05", "6", "06", "0x06").contains(f) && words.length != 1) {
                throw Heathub.usage(spec, "--function " + function + " writes one " + (table.bits() ? "coil" : "register")
                        + ", the values make " + words.length + " (use " + (table.bits() ? "15" : "16") + ")");
            }
            try (LinkFactory.ManagedLink link = line.open(spec)) {
                ModbusLinkMaster master = line.master(spec, link, unitId);
                if (table.bits()) {
                    master.writeCoils(start, words, multiple);
                } else {
                    master.writeRegisters(start, words, multiple);
                }
                out.println("unit " + unitId + ": wrote " + table.label() + " " + start + ".." + (start + words.length - 1)
                        + " = " + registersText(words, 0, words.length, table.bits()) + " (" + type.key() + " "
                        + String.join(" ", values) + "); confirmed");
                return 0;
            } catch (IllegalArgumentException e) {
                throw Heathub.usage(spec, e.getMessage());
            } catch (DeviceException | IOException e) {
                return line.failed(err, spec, e);
            }
        }

        private int[] encode(DataType type, RegisterFunction table) {
            WordOrder words = encoding.words(spec);
            ByteOrder bytes = encoding.bytes(spec);
            List<Integer> all = new ArrayList<>();
            for (String v : values) {
                BigDecimal value = valueOf(v, type);
                try {
                    for (int w : type.encode(value, words, bytes)) {
                        all.add(w);
                    }
                } catch (ArithmeticException e) {
                    throw Heathub.usage(spec, "value " + v + " does not fit " + type.key() + ": " + e.getMessage());
                }
            }
            if (table.bits() ? all.size() > 1968 : all.size() > 123) {
                throw Heathub.usage(spec, all.size() + " " + table.label() + " are more than one write (at most "
                        + (table.bits() ? 1968 : 123) + ")");
            }
            return all.stream().mapToInt(Integer::intValue).toArray();
        }

        private BigDecimal valueOf(String text, DataType type) {
            String t = text.trim().toLowerCase(Locale.ROOT);
            if (type == DataType.BOOL && (t.equals("true") || t.equals("false"))) {
                return t.equals("true") ? BigDecimal.ONE : BigDecimal.ZERO;
            }
            try {
                if (t.startsWith("0x") && !type.floating()) {
                    return new BigDecimal(Long.parseLong(t.substring(2), 16));
                }
                return new BigDecimal(t);
            } catch (NumberFormatException e) {
                throw Heathub.usage(spec, "value \"" + text + "\" is not a number");
            }
        }
    }

    /** {@code modbus scan}: which unit ids answer on a line. */
    @Command(name = "scan", description = "Find the unit ids that answer on a line (progress on standard error).")
    static final class ScanUnits implements Callable<Integer> {
        private final PrintStream out;
        private final PrintStream err;

        @Spec
        CommandSpec spec;

        @Mixin
        Line line;

        @Option(names = "--units", paramLabel = "LIST", description = "unit ids to try, e.g. 1-247 (default) or 1-10,20")
        String units = "1-247";

        @Option(names = "--function", paramLabel = "F", description = "the probe: a read of 1 value with function 3 (default), 4, 1 or 2")
        String function = "3";

        @Option(names = "--address", paramLabel = "ADDR", description = "the probe's address (default 0)")
        String address = "0";

        @Option(names = "--format", paramLabel = "table|json|csv|yaml",
                description = "output (default table); yaml: site.yaml bus and device entries to paste")
        Rows.Format format = Rows.Format.TABLE;

        ScanUnits(PrintStream out, PrintStream err) {
            this.out = out;
            this.err = err;
        }

        @Override
        public Integer call() {
            TreeSet<Integer> ids = unitList(spec, units);
            RegisterFunction table = readFunction(spec, function);
            int at = number(spec, "--address", address, 0, 65535);
            Rows rows = new Rows("unit", "answer");
            List<FoundDevice> found = new ArrayList<>();
            boolean rtuOverTcp = false;
            List<String> json = new ArrayList<>();
            long started = System.nanoTime();
            long lastPrinted = 0;
            int done = 0;
            try (LinkFactory.ManagedLink link = line.open(spec)) {
                line.timeout(spec);
                rtuOverTcp = line.rtu(spec, link) && !ModbusLinkMaster.rtuByDefault(link);
                for (int unit : ids) {
                    String answer = probe(line.master(spec, link, unit), table, at);
                    done++;
                    if (answer != null) {
                        rows.add(unit, answer);
                        json.add("{\"unit\":" + unit + ",\"answer\":" + quoted(answer) + "}");
                        found.add(FoundDevice.withSettings(Integer.toString(unit), answer, new TreeMap<>(rtuOverTcp
                                ? Map.of("profile", "PROFILE", "framing", "rtu") : Map.of("profile", "PROFILE"))));
                    }
                    long now = System.nanoTime();
                    if (now - lastPrinted > 200_000_000L || done == ids.size() || answer != null) {
                        lastPrinted = now;
                        err.println("modbus scan: " + done + "/" + ids.size() + " unit " + unit + ": "
                                + (answer == null ? "no answer" : answer) + Scan.timing(now - started, done, ids.size()));
                    }
                }
            } catch (IOException e) {
                return line.failed(err, spec, e);
            }
            long seconds = Math.round((System.nanoTime() - started) / 1e9);
            if (format == Rows.Format.JSON) {
                json.forEach(out::println);
            } else if (format == Rows.Format.YAML) {
                out.print(SiteYaml.of("heathub modbus scan", "Replace PROFILE by each device's profile (config/profiles/NAME.yaml).",
                        "modbus", line.bus, found, seconds));
            } else {
                rows.print(out, format);
            }
            err.println("modbus scan: " + json.size() + " unit(s) answered on " + line.bus + " in "
                    + Scan.duration(seconds));
            return 0;
        }

        /** What the unit answered, or null when it did not: an exception reply also means a device is there. */
        private static String probe(ModbusLinkMaster master, RegisterFunction table, int at) throws IOException {
            try {
                int[] value = switch (table) {
                    case HOLDING -> master.readHoldingRegisters(at, 1);
                    case INPUT -> master.readInputRegisters(at, 1);
                    case COIL -> master.readCoils(at, 1);
                    case DISCRETE -> master.readDiscreteInputs(at, 1);
                };
                return table.key() + " " + at + " = " + value[0];
            } catch (DeviceException e) {
                return switch (e.kind()) {
                    case TIMEOUT -> null;
                    case NAK -> "exception: " + e.getMessage().substring(e.getMessage().lastIndexOf(": ") + 2);
                    case IO -> throw new IOException(e.getMessage(), e);
                    default -> "a garbled reply (" + e.kind() + "): " + e.getMessage();
                };
            }
        }

        private static String quoted(String text) {
            return new String(new ReadingJson().render(gen -> gen.writeString(text)), StandardCharsets.UTF_8);
        }
    }

    static RegisterFunction readFunction(CommandSpec spec, String function) {
        return switch (function.toLowerCase(Locale.ROOT)) {
            case "1", "01", "0x01", "coil", "coils" -> RegisterFunction.COIL;
            case "2", "02", "0x02", "discrete" -> RegisterFunction.DISCRETE;
            case "3", "03", "0x03", "holding" -> RegisterFunction.HOLDING;
            case "4", "04", "0x04", "input" -> RegisterFunction.INPUT;
            default -> throw Heathub.usage(spec, "--function must be 1, 2, 3, 4, coil, discrete, holding or input, got \""
                    + function + "\"");
        };
    }

    /** {@code 1-10,20}: a sorted set of unit ids 0..247. */
    static TreeSet<Integer> unitList(CommandSpec spec, String text) {
        TreeSet<Integer> ids = new TreeSet<>();
        for (String part : text.split(",")) {
            String[] range = part.trim().split("-", 2);
            int from = number(spec, "--units", range[0], 0, 247);
            int to = range.length == 2 ? number(spec, "--units", range[1], 0, 247) : from;
            if (to < from) {
                throw Heathub.usage(spec, "--units: range " + part.trim() + " runs backwards");
            }
            for (int id = from; id <= to; id++) {
                ids.add(id);
            }
        }
        return ids;
    }

    static int number(CommandSpec spec, String option, String text, int min, int max) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        try {
            int value = t.startsWith("0x") ? Integer.parseInt(t.substring(2), 16) : Integer.parseInt(t);
            if (value < min || value > max) {
                throw Heathub.usage(spec, option + " must be " + min + ".." + max + ", got " + value);
            }
            return value;
        } catch (NumberFormatException e) {
            throw Heathub.usage(spec, option + ": expected a whole number, got \"" + text + "\"");
        }
    }

    private static <T> T required(CommandSpec spec, T value, String option) {
        if (value == null) {
            throw Heathub.usage(spec, option + " is required");
        }
        return value;
    }

    private static <E extends Enum<E>> E enumValue(CommandSpec spec, Class<E> type, String option, String text) {
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(text.trim())) {
                return e;
            }
        }
        List<String> names = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            names.add(e.name().toLowerCase(Locale.ROOT));
        }
        throw Heathub.usage(spec, option + " must be one of " + String.join(", ", names) + ", got \"" + text + "\"");
    }

    private static BigDecimal decode(DataType type, int[] raw, int offset, WordOrder words, ByteOrder bytes) {
        try {
            return type.decode(raw, offset, words, bytes);
        } catch (DataType.NotBcdException e) {
            return null;
        }
    }

    /** {@code 0x00D2 0x0000}, or {@code 1} for a bit. */
    private static String registersText(int[] raw, int offset, int n, boolean bits) {
        List<String> words = new ArrayList<>();
        for (int i = offset; i < offset + n; i++) {
            words.add(bits ? Integer.toString(raw[i]) : "0x" + HexFormat.of().withUpperCase().toHexDigits((short) raw[i]));
        }
        return String.join(" ", words);
    }
}
