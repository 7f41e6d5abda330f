package io.heathub.transport;

import com.fazecast.jSerialComm.SerialPort;
import com.fazecast.jSerialComm.SerialPortInvalidPortException;
import java.io.IOException;

/** An open jSerialComm port. Only {@link SerialLink} touches this class, so jSerialComm loads on first use. */
final class JSerialCommConnection implements ReconnectingLink.Connection {
    private static final System.Logger LOG = System.getLogger(JSerialCommConnection.class.getName());
    private static final int TIMEOUT_MODE = SerialPort.TIMEOUT_READ_SEMI_BLOCKING | SerialPort.TIMEOUT_WRITE_BLOCKING;
    /** A write may take its transmit time plus this before the adapter counts as stuck. */
    private static final int WRITE_SLACK_MILLIS = 1000;

    private final SerialPort port;
    private SerialSettings settings;
    private int readTimeoutMillis;
    private int writeTimeoutMillis;

    private JSerialCommConnection(SerialPort port, SerialSettings settings, int readTimeoutMillis, int writeTimeoutMillis) {
        this.port = port;
        this.settings = settings;
        this.readTimeoutMillis = readTimeoutMillis;
        this.writeTimeoutMillis = writeTimeoutMillis;
    }

    private static final int EINVAL = 22;

    static JSerialCommConnection open(SerialSettings s) throws IOException {
        SerialPort port;
        try {
            port = SerialPort.getCommPort(s.path());
        } catch (SerialPortInvalidPortException e) {
            throw new IOException("no serial port " + s.path(), e);
        }
        // set before opening: openPort applies them in one go
        port.setComPortParameters(s.baud(), s.dataBits(), stopBits(s.stopBits()), parity(s.parity()));
        port.setFlowControl(SerialPort.FLOW_CONTROL_DISABLED);
        int readTimeout = 100;
        int writeTimeout = WRITE_SLACK_MILLIS;
        port.setComPortTimeouts(TIMEOUT_MODE, readTimeout, writeTimeout);
        if (!port.openPort() && !reopenAfterParityReset(port, s)) {
            throw new IOException("cannot open " + s.path() + ": " + describeErrno(port.getLastErrorCode()));
        }
        return new JSerialCommConnection(port, s, readTimeout, writeTimeout);
    }

    /**
     * Pseudo-terminals (socat pairs, the virtual ports of some converter drivers) drop the parity
     * flag; after a close with parity set, jSerialComm then refuses the next open with parity
     * (EINVAL). Opening once without parity clears that state, then the real settings open.
     */
    private static boolean reopenAfterParityReset(SerialPort port, SerialSettings s) {
        if (port.getLastErrorCode() != EINVAL || port.getParity() == SerialPort.NO_PARITY) {
            return false;
        }
        int parity = port.getParity();
        port.setComPortParameters(s.baud(), s.dataBits(), stopBits(s.stopBits()), SerialPort.NO_PARITY);
        if (port.openPort()) {
            port.closePort();
        }
        port.setComPortParameters(s.baud(), s.dataBits(), stopBits(s.stopBits()), parity);
        return port.openPort();
    }

    /** Switches the open port to {@code next}'s baud rate, data bits, parity and stop bits. */
    void apply(SerialSettings next) throws IOException {
        if (!port.setComPortParameters(next.baud(), next.dataBits(), stopBits(next.stopBits()), parity(next.parity()))) {
            throw new IOException(next.path() + " refused " + next.line().map(Object::toString).orElse("the settings")
                    + ": " + describeErrno(port.getLastErrorCode()));
        }
        settings = next;
    }

    /** What the port reports it runs at (jSerialComm's view of the port). */
    SerialSettings applied() {
        SerialSettings.Parity parity = switch (port.getParity()) {
            case SerialPort.EVEN_PARITY -> SerialSettings.Parity.EVEN;
            case SerialPort.ODD_PARITY -> SerialSettings.Parity.ODD;
            case SerialPort.MARK_PARITY -> SerialSettings.Parity.MARK;
            case SerialPort.SPACE_PARITY -> SerialSettings.Parity.SPACE;
            default -> SerialSettings.Parity.NONE;
        };
        SerialSettings.StopBits stop = switch (port.getNumStopBits()) {
            case SerialPort.TWO_STOP_BITS -> SerialSettings.StopBits.TWO;
            case SerialPort.ONE_POINT_FIVE_STOP_BITS -> SerialSettings.StopBits.ONE_AND_HALF;
            default -> SerialSettings.StopBits.ONE;
        };
        return new SerialSettings(settings.path(), port.getBaudRate(), port.getNumDataBits(), parity, stop,
                settings.interByteTimeout(), settings.reconnectDelay(), settings.maxReconnectDelay());
    }

    boolean isOpen() {
        return port.isOpen();
    }

    @Override
    public void write(byte[] frame) throws IOException {
        timeouts(readTimeoutMillis, (int) Math.min(Integer.MAX_VALUE,
                WRITE_SLACK_MILLIS + 2 * settings.transmitMillis(frame.length)));
        int written = port.writeBytes(frame, frame.length);
        if (written != frame.length) {
            throw new IOException("write to " + settings.path() + " failed after " + Math.max(0, written) + " of "
                    + frame.length + " bytes: " + describeErrno(port.getLastErrorCode()));
        }
    }

    @Override
    public int read(byte[] buffer, int offset, int length, int timeoutMillis) throws IOException {
        timeouts(Math.max(1, timeoutMillis), writeTimeoutMillis);
        int n = port.readBytes(buffer, length, offset);
        if (n < 0 || (n == 0 && !port.isOpen())) {
            throw new IOException("read from " + settings.path() + " failed: " + describeErrno(port.getLastErrorCode()));
        }
        return n;
    }

    @Override
    public int available() throws IOException {
        int n = port.bytesAvailable();
        if (n < 0) {
            throw new IOException(settings.path() + " is gone: " + describeErrno(port.getLastErrorCode()));
        }
        return n;
    }

    @Override
    public void close() {
        port.closePort();
    }

    private void timeouts(int read, int write) {
        if (read == readTimeoutMillis && write == writeTimeoutMillis) {
            return;
        }
        // false on a pty (its ioctls are partly unsupported) although the timeouts do apply
        if (!port.setComPortTimeouts(TIMEOUT_MODE, read, write)) {
            LOG.log(System.Logger.Level.TRACE, "{0}: setComPortTimeouts reported errno {1}", settings.path(),
                    port.getLastErrorCode());
        }
        readTimeoutMillis = read;
        writeTimeoutMillis = write;
    }

    private static int parity(SerialSettings.Parity parity) {
        return switch (parity) {
            case NONE -> SerialPort.NO_PARITY;
            case EVEN -> SerialPort.EVEN_PARITY;
            case ODD -> SerialPort.ODD_PARITY;
            case MARK -> SerialPort.MARK_PARITY;
            case SPACE -> SerialPort.SPACE_PARITY;
        };
    }

    private static int stopBits(SerialSettings.StopBits stopBits) {
        return switch (stopBits) {
            case ONE -> SerialPort.ONE_STOP_BIT;
            case ONE_AND_HALF -> SerialPort.ONE_POINT_FIVE_STOP_BITS;
            case TWO -> SerialPort.TWO_STOP_BITS;
        };
    }

    /** The usual errno values of serial I/O in words an installer can act on. */
    private static String describeErrno(int errno) {
        return switch (errno) {
            case 0 -> "device closed or gone";
            case 2 -> "no such device (errno 2)";
            case 5 -> "I/O error, device gone? (errno 5)";
            case 6 -> "no such device or address, unplugged? (errno 6)";
            case 11, 16 -> "port in use by another program (errno " + errno + ")";
            case 13 -> "permission denied: is the user in the dialout group? (errno 13)";
            case 19 -> "no such device (errno 19)";
            default -> "errno " + errno;
        };
    }
}
