package io.heathub.camel.modbus;

/** Where an endpoint's Modbus master connects: a TCP peer or a local serial port. */
public sealed interface ModbusTarget permits ModbusTarget.Tcp, ModbusTarget.Serial {

    /** For logs and error messages. */
    String describe();

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
