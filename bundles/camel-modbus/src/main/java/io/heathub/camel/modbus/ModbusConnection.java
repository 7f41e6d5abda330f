package io.heathub.camel.modbus;

import com.ghgande.j2mod.modbus.ModbusException;
import com.ghgande.j2mod.modbus.ModbusSlaveException;
import com.ghgande.j2mod.modbus.facade.AbstractModbusMaster;
import com.ghgande.j2mod.modbus.facade.ModbusSerialMaster;
import com.ghgande.j2mod.modbus.facade.ModbusTCPMaster;
import com.ghgande.j2mod.modbus.procimg.InputRegister;
import com.ghgande.j2mod.modbus.procimg.Register;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import com.ghgande.j2mod.modbus.util.BitVector;
import com.ghgande.j2mod.modbus.util.SerialParameters;
import java.io.IOException;
import java.lang.System.Logger.Level;

/**
 * One Modbus master connection (j2mod), one request at a time. A TCP connection belongs to one
 * endpoint (its producers and consumer); a serial port is shared by all endpoints naming it,
 * since only one can open it (see {@link SerialLines}). Each request carries its endpoint's
 * reply timeout. Connects on first use; after an I/O failure the connection is dropped and
 * the next request connects again. A request on a connection that was reused (the peer may have
 * closed it meanwhile) is retried once on a fresh connection, so at worst it waits two timeouts.
 */
final class ModbusConnection implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ModbusConnection.class.getName());
    private static final long CLOSE_WAIT_MILLIS = 5000;

    private final ModbusTarget target;
    private AbstractModbusMaster master;
    private int timeoutMillis = 1000;

    ModbusConnection(ModbusTarget target) {
        this.target = target;
    }

    ModbusTarget target() {
        return target;
    }

    /** Reads {@code count} items: {@code int[]} of unsigned register values or {@code boolean[]} of bits. */
    synchronized Object read(int unitId, ModbusFunction function, int address, int count, int timeoutMillis)
            throws IOException, ModbusReplyException {
        useTimeout(timeoutMillis);
        return call(unitId, function, "read", address, open -> switch (function) {
            case HOLDING -> registerValues(open.readMultipleRegisters(unitId, address, count));
            case INPUT -> registerValues(open.readInputRegisters(unitId, address, count));
            case COIL -> bits(open.readCoils(unitId, address, count), count);
            case DISCRETE -> bits(open.readInputDiscretes(unitId, address, count), count);
        });
    }

    /** Writes one register (FC06) when {@code single}, else all values with FC16. */
    synchronized void writeRegisters(int unitId, int address, int[] values, boolean single, int timeoutMillis)
            throws IOException, ModbusReplyException {
        useTimeout(timeoutMillis);
        call(unitId, ModbusFunction.HOLDING, "write", address, open -> {
            if (single) {
                open.writeSingleRegister(unitId, address, new SimpleRegister(values[0] & 0xFFFF));
            } else {
                Register[] registers = new Register[values.length];
                for (int i = 0; i < values.length; i++) {
                    registers[i] = new SimpleRegister(values[i] & 0xFFFF);
                }
                open.writeMultipleRegisters(unitId, address, registers);
            }
            return null;
        });
    }

    /** Writes one coil (FC05) when {@code single}, else all values with FC15. */
    synchronized void writeCoils(int unitId, int address, boolean[] values, boolean single, int timeoutMillis)
            throws IOException, ModbusReplyException {
        useTimeout(timeoutMillis);
        call(unitId, ModbusFunction.COIL, "write", address, open -> {
            if (single) {
                open.writeCoil(unitId, address, values[0]);
            } else {
                BitVector bits = new BitVector(values.length);
                for (int i = 0; i < values.length; i++) {
                    bits.setBit(i, values[i]);
                }
                open.writeMultipleCoils(unitId, address, bits);
            }
            return null;
        });
    }

    /** Closes the connection; the next request opens a new one. */
    @Override
    public synchronized void close() {
        if (master != null) {
            AbstractModbusMaster closing = master;
            master = null;
            // jSerialComm's close can lock up against its own event thread (seen under load): the
            // disconnect runs on a thread of its own, so a route or the hub never waits on it for long
            Thread disconnect = new Thread(() -> {
                try {
                    closing.disconnect();
                } catch (RuntimeException e) {
                    LOG.log(Level.DEBUG, "Closing Modbus connection to {0}: {1}", target.describe(), e.toString());
                }
            }, "modbus-close " + target.describe());
            disconnect.setDaemon(true);
            disconnect.start();
            try {
                disconnect.join(CLOSE_WAIT_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (disconnect.isAlive()) {
                LOG.log(Level.WARNING, "Closing the Modbus connection to {0} did not finish within {1} ms; it is left to "
                        + "finish on its own thread (the port may stay busy until it does)", target.describe(),
                        CLOSE_WAIT_MILLIS);
            }
        }
    }

    private void useTimeout(int millis) {
        if (millis != timeoutMillis) {
            timeoutMillis = millis;
            if (master != null) {
                master.setTimeout(millis);
            }
        }
    }

    synchronized boolean isOpen() {
        return master != null && master.isConnected();
    }

    private Object call(int unitId, ModbusFunction function, String operation, int address, Request request)
            throws IOException, ModbusReplyException {
        boolean reused = master != null;
        try {
            return attempt(unitId, function, operation, address, request);
        } catch (IOException firstFailure) {
            if (!reused) {
                throw firstFailure;
            }
            LOG.log(Level.DEBUG, "Modbus connection to {0} failed on reuse, retrying on a new one: {1}",
                    target.describe(), firstFailure.getMessage());
            return attempt(unitId, function, operation, address, request);
        }
    }

    private Object attempt(int unitId, ModbusFunction function, String operation, int address, Request request)
            throws IOException, ModbusReplyException {
        AbstractModbusMaster connected = connect();
        try {
            return request.run(connected);
        } catch (ModbusSlaveException reply) {
            // the device answered: the connection is fine
            throw new ModbusReplyException(unitId, function, operation, address, reply.getType());
        } catch (ModbusException | RuntimeException e) {
            close();
            throw new IOException("Modbus " + operation + " of " + function.optionValue() + " at address " + address
                    + " on unit " + unitId + " via " + target.describe() + " failed: " + describe(e), e);
        }
    }

    private AbstractModbusMaster connect() throws IOException {
        if (master != null && master.isConnected()) {
            return master;
        }
        close();
        AbstractModbusMaster created;
        if (target instanceof ModbusTarget.Tcp tcp) {
            created = new ModbusTCPMaster(tcp.host(), tcp.port(), timeoutMillis, false, tcp.rtuFraming());
        } else {
            created = new ModbusSerialMaster(serialParameters((ModbusTarget.Serial) target), timeoutMillis);
        }
        try {
            created.connect();
        } catch (Exception e) {
            try {
                created.disconnect();
            } catch (RuntimeException ignored) {
                // nothing was open
            }
            throw new IOException("Cannot connect to Modbus " + target.describe() + ": " + describe(e), e);
        }
        // one try per request: our own retry above knows whether the connection was stale
        created.setRetries(1);
        master = created;
        LOG.log(Level.DEBUG, "Connected to Modbus {0}", target.describe());
        return created;
    }

    private static SerialParameters serialParameters(ModbusTarget.Serial serial) {
        SerialParameters parameters = new SerialParameters();
        parameters.setPortName(serial.port());
        parameters.setBaudRate(serial.baud());
        parameters.setDatabits(serial.dataBits());
        parameters.setParity(serial.parity());
        parameters.setStopbits(serial.stopBits());
        parameters.setEncoding(serial.encoding());
        parameters.setEcho(false);
        return parameters;
    }

    private static int[] registerValues(InputRegister[] registers) {
        int[] values = new int[registers.length];
        for (int i = 0; i < registers.length; i++) {
            values[i] = registers[i].toUnsignedShort();
        }
        return values;
    }

    private static boolean[] bits(BitVector vector, int count) {
        boolean[] values = new boolean[count];
        for (int i = 0; i < count; i++) {
            values[i] = vector.getBit(i);
        }
        return values;
    }

    private static String describe(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String msg = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            if (sb.indexOf(msg) < 0) {
                sb.append(sb.length() == 0 ? "" : " <- ").append(msg);
            }
        }
        return sb.toString();
    }

    @FunctionalInterface
    private interface Request {
        Object run(AbstractModbusMaster master) throws ModbusException;
    }
}
