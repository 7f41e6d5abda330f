package io.heathub.camel.modbus;

import java.util.Collection;
import java.util.Iterator;
import java.util.Locale;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultProducer;

/**
 * Reads the endpoint's block (body becomes {@code int[]} register values or {@code boolean[]}
 * bits) or, when the endpoint has {@code operation=write} or the message header
 * {@value ModbusHeaders#OPERATION} is {@code write}, writes the body to it starting at the
 * endpoint's address.
 *
 * <p>Writable bodies: for holding registers an int (FC06), an {@code int[]}, a collection or array
 * of numbers (FC16), or a string of comma-separated numbers; values -32768..65535 (negative ones
 * are sent as two's complement). For coils a boolean (FC05), a {@code boolean[]}, a collection or
 * array of booleans (FC15), or a string of comma-separated true/false/1/0.
 */
public class ModbusProducer extends DefaultProducer {
    private final ModbusEndpoint endpoint;

    ModbusProducer(ModbusEndpoint endpoint) {
        super(endpoint);
        this.endpoint = endpoint;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        ModbusEndpoint.Settings s = endpoint.getSettings();
        Message message = exchange.getMessage();
        if (isWrite(message, s) && s.target() instanceof ModbusTarget.Bus bus) {
            checkWritable(s);
            int count = new BusRegisters(endpoint.component(), bus, s, endpoint.getEndpointUri()).write(exchange);
            setHeaders(message, s, count);
        } else if (isWrite(message, s)) {
            write(message, s);
        } else {
            message.setBody(endpoint.read());
            setHeaders(message, s, s.count());
        }
    }

    static void setHeaders(Message message, ModbusEndpoint.Settings s, int count) {
        message.setHeader(ModbusHeaders.UNIT_ID, s.unitId());
        message.setHeader(ModbusHeaders.FUNCTION, s.function().optionValue());
        message.setHeader(ModbusHeaders.ADDRESS, s.address());
        message.setHeader(ModbusHeaders.COUNT, count);
    }

    private static boolean isWrite(Message message, ModbusEndpoint.Settings s) {
        Object header = message.getHeader(ModbusHeaders.OPERATION);
        if (header == null) {
            return s.write();
        }
        String operation = header.toString().trim().toLowerCase(Locale.ROOT);
        return switch (operation) {
            case "read" -> false;
            case "write" -> true;
            default -> throw new IllegalArgumentException("Invalid header " + ModbusHeaders.OPERATION + "=" + header
                    + ": expected read or write");
        };
    }

    private void checkWritable(ModbusEndpoint.Settings s) {
        if (!s.function().isWritable()) {
            throw new IllegalArgumentException("Cannot write function=" + s.function() + " (read-only) of "
                    + endpoint.getEndpointUri() + ": only holding and coil can be written");
        }
    }

    private void write(Message message, ModbusEndpoint.Settings s) throws Exception {
        checkWritable(s);
        Object body = message.getBody();
        int count;
        if (s.function().isBits()) {
            boolean[] values = coilValues(body);
            checkWriteSize(values.length, s);
            endpoint.connection().writeCoils(s.unitId(), s.address(), values, isSingle(body), s.timeoutMillis());
            count = values.length;
        } else {
            int[] values = registerValues(body);
            checkWriteSize(values.length, s);
            endpoint.connection().writeRegisters(s.unitId(), s.address(), values, isSingle(body), s.timeoutMillis());
            count = values.length;
        }
        setHeaders(message, s, count);
    }

    /** A scalar body is written with the single-item function (FC05/FC06), anything else with FC15/FC16. */
    private static boolean isSingle(Object body) {
        if (body instanceof String text) {
            return !text.contains(",");
        }
        return body instanceof Number || body instanceof Boolean;
    }

    private static void checkWriteSize(int size, ModbusEndpoint.Settings s) {
        String items = s.function().isBits() ? "coils" : "registers";
        if (size == 0) {
            throw new IllegalArgumentException("Nothing to write: the body holds no " + items);
        }
        if (size > s.function().maxWriteCount()) {
            throw new IllegalArgumentException("Cannot write " + size + " " + items + " in one request: at most "
                    + s.function().maxWriteCount());
        }
        if (s.address() + size - 1 > 65535) {
            throw new IllegalArgumentException("Cannot write " + size + " " + items + " from address " + s.address()
                    + ": the last address " + (s.address() + size - 1) + " is beyond 65535");
        }
    }

    static int[] registerValues(Object body) {
        int[] values;
        if (body instanceof int[] ints) {
            values = ints.clone();
        } else if (body instanceof short[] shorts) {
            values = new int[shorts.length];
            for (int i = 0; i < shorts.length; i++) {
                values[i] = shorts[i];
            }
        } else if (body instanceof Number number) {
            values = new int[] {registerValue(number, 0)};
        } else if (body instanceof String text) {
            String[] parts = text.split(",");
            values = new int[parts.length];
            for (int i = 0; i < parts.length; i++) {
                try {
                    values[i] = registerValue(Long.parseLong(parts[i].trim()), i);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("Cannot write \"" + parts[i].trim() + "\" (item " + i
                            + " of the body) to a holding register: not a whole number", e);
                }
            }
        } else if (body instanceof Collection<?> || body instanceof Object[]) {
            Iterable<?> items = body instanceof Collection<?> c ? c : java.util.Arrays.asList((Object[]) body);
            values = new int[body instanceof Collection<?> c ? c.size() : ((Object[]) body).length];
            Iterator<?> it = items.iterator();
            for (int i = 0; i < values.length; i++) {
                Object item = it.next();
                if (!(item instanceof Number number)) {
                    throw new IllegalArgumentException("Cannot write item " + i + " of the body (" + describe(item)
                            + ") to a holding register: expected a number");
                }
                values[i] = registerValue(number, i);
            }
        } else {
            throw new IllegalArgumentException("Cannot write a body of " + describe(body) + " to holding registers: "
                    + "expected an int, int[], List<Integer> or comma-separated numbers");
        }
        for (int i = 0; i < values.length; i++) {
            registerValue(values[i], i);
        }
        return values;
    }

    private static int registerValue(Number number, int index) {
        if (number instanceof Double || number instanceof Float) {
            double d = number.doubleValue();
            if (d != Math.rint(d)) {
                throw new IllegalArgumentException("Cannot write " + number + " (item " + index
                        + " of the body) to a holding register: not a whole number");
            }
        }
        long value = number.longValue();
        if (value < -32768 || value > 65535) {
            throw new IllegalArgumentException("Cannot write " + value + " (item " + index
                    + " of the body) to a holding register: expected -32768..65535");
        }
        return (int) value;
    }

    static boolean[] coilValues(Object body) {
        if (body instanceof boolean[] bits) {
            return bits.clone();
        }
        if (body instanceof Boolean || body instanceof Number) {
            return new boolean[] {coilValue(body, 0)};
        }
        if (body instanceof String text) {
            String[] parts = text.split(",");
            boolean[] values = new boolean[parts.length];
            for (int i = 0; i < parts.length; i++) {
                values[i] = coilValue(parts[i].trim(), i);
            }
            return values;
        }
        if (body instanceof Collection<?> || body instanceof Object[]) {
            Object[] items = body instanceof Collection<?> c ? c.toArray() : (Object[]) body;
            boolean[] values = new boolean[items.length];
            for (int i = 0; i < items.length; i++) {
                values[i] = coilValue(items[i], i);
            }
            return values;
        }
        throw new IllegalArgumentException("Cannot write a body of " + describe(body) + " to coils: "
                + "expected a boolean, boolean[], List<Boolean> or comma-separated true/false");
    }

    private static boolean coilValue(Object item, int index) {
        if (item instanceof Boolean b) {
            return b;
        }
        if (item instanceof Number n && (n.longValue() == 0 || n.longValue() == 1) && n.doubleValue() == n.longValue()) {
            return n.longValue() == 1;
        }
        if (item instanceof String text) {
            switch (text.toLowerCase(Locale.ROOT)) {
                case "true", "1", "on" -> {
                    return true;
                }
                case "false", "0", "off" -> {
                    return false;
                }
                default -> {
                    // falls through to the error below
                }
            }
        }
        throw new IllegalArgumentException("Cannot write " + describe(item) + " (item " + index
                + " of the body) to a coil: expected true/false or 1/0");
    }

    private static String describe(Object value) {
        return value == null ? "null" : value.getClass().getSimpleName() + " " + value;
    }
}
