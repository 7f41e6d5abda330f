package io.heathub.camel.modbus;

import java.util.HashMap;
import java.util.Map;

/**
 * The serial ports in use by one component's endpoints. A port can be opened once, so every
 * endpoint naming it shares one connection (requests take turns on it, as on any half-duplex
 * bus); the port is closed when the last of them stops. Endpoints that disagree on the line
 * settings of a port are refused.
 */
final class SerialLines {
    private final Map<String, Line> lines = new HashMap<>();

    private static final class Line {
        final ModbusConnection connection;
        int users;

        Line(ModbusConnection connection) {
            this.connection = connection;
        }
    }

    /** The connection for the target's port, opened lazily on first request. */
    synchronized ModbusConnection acquire(ModbusTarget.Serial target) {
        Line line = lines.computeIfAbsent(target.port(), port -> new Line(new ModbusConnection(target)));
        if (!line.connection.target().equals(target)) {
            if (line.users == 0) {
                lines.remove(target.port());
                return acquire(target);
            }
            throw new IllegalArgumentException("Serial port " + target.port() + " is already used with line settings "
                    + line.connection.target().describe() + ", not " + target.describe()
                    + ": all endpoints on one port must use the same baud, dataBits, parity, stopBits and framing");
        }
        line.users++;
        return line.connection;
    }

    /** One user fewer; the last one closes the port. */
    synchronized void release(ModbusConnection connection) {
        ModbusTarget.Serial target = (ModbusTarget.Serial) connection.target();
        Line line = lines.get(target.port());
        if (line == null || line.connection != connection) {
            return;
        }
        if (--line.users <= 0) {
            lines.remove(target.port());
            connection.close();
        }
    }
}
