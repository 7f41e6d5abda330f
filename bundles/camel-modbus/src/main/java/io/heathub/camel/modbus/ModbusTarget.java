package io.heathub.camel.modbus;

/**
 * Where an endpoint's requests go: a bus of the hub's site (through its bus worker, the line's one
 * owner), or, for routes outside a site, its own connection to a TCP peer or a local serial port.
 */
public sealed interface ModbusTarget permits ModbusTarget.Bus, ModbusTarget.Tcp, ModbusTarget.Serial {

    /** For logs and error messages. */
    String describe();

    /**
     * A bus of the running site ({@code modbus:bus/plc}): reads run on its worker between polls,
     * writes become commands to the site device at the unit.
     *
     * @param rtuFraming RTU framing, Modbus TCP (MBAP) when false; null for the bus's default
     *                   (RTU on {@code serial:} buses, as the Modbus driver does)
     */
    record Bus(String id, Boolean rtuFraming) implements ModbusTarget {
        @Override
        public String describe() {
            return "bus " + id;
        }
    }

    /**
     * A Modbus TCP server or a serial-over-TCP converter.
     *
     * @param rtuFraming true for RTU frames over TCP (framing=rtu), false for MBAP (framing=tcp)
     */
    record Tcp(String host, int port, boolean rtuFraming) implements ModbusTarget {
        @Override
        public String describe() {
            return "tcp://" + host + ":" + port + (rtuFraming ? " (RTU framing)" : "");
        }
    }

    /**
     * A local serial port.
     *
     * @param encoding j2mod's serial encoding: {@code rtu} or {@code ascii}
     * @param parity   {@code none}, {@code even} or {@code odd}
     */
    record Serial(String port, int baud, int dataBits, String parity, int stopBits, String encoding)
            implements ModbusTarget {
        @Override
        public String describe() {
            return "serial:" + port + " " + baud + " " + dataBits + parity.toUpperCase(java.util.Locale.ROOT).charAt(0) + stopBits
                    + " " + encoding;
        }
    }
}
