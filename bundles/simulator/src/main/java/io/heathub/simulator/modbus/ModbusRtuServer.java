package io.heathub.simulator.modbus;

import com.ghgande.j2mod.modbus.msg.IllegalFunctionRequest;
import com.ghgande.j2mod.modbus.msg.ModbusRequest;
import com.ghgande.j2mod.modbus.msg.ModbusResponse;
import com.ghgande.j2mod.modbus.util.ModbusUtil;
import io.heathub.api.driver.Link;
import io.heathub.api.driver.LinkTimeoutException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;

/**
 * Modbus RTU slaves on one serial line: {@code unit PDU CRC-16} (low byte first), as many unit ids
 * as given. A request to another unit id is somebody else's and is not answered, nor is one with a
 * bad CRC; unit 0 is the broadcast (writes are applied, nothing is answered). The PDUs are parsed
 * and encoded with j2mod's message classes and answered like the TCP server does.
 *
 * <p>The line is a hub {@link Link} (a {@code serial:} URI of the transport, so baud rate and
 * parity are set the same way as on the hub's buses). RTU frames carry no length: it follows
 * from the function code (and the byte count of 0F/10 writes); a frame of an unknown function
 * ends at the first pause, and a frame that does not complete in time is dropped as noise.
 */
public final class ModbusRtuServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ModbusRtuServer.class.getName());
    /** How long one wait for a request lasts before the loop looks at {@link #close()} again. */
    private static final Duration IDLE = Duration.ofMillis(500);
    /** The rest of a frame after its first byte: 256 bytes take 1.1 s at 2400 baud. */
    private static final Duration FRAME = Duration.ofMillis(1500);
    /** The pause that ends a frame of an unknown function. */
    /** What a frame boundary answers when the length cannot be known: read until the wait ends. */
    private static final int UNKNOWN_LENGTH = Integer.MAX_VALUE;
    private static final int BROADCAST = 0;
    private static final HexFormat HEX = HexFormat.ofDelimiter(" ").withUpperCase();

    private final String name;
    private final Link link;
    private final ModbusResponder responder;
    private final Thread thread;
    private volatile boolean closed;

    private ModbusRtuServer(String name, Link link, Map<Integer, ? extends ModbusUnit> units) {
        this.name = name;
        this.link = link;
        this.responder = new ModbusResponder(name, units);
        this.thread = new Thread(this::serveLoop, name + "-rtu");
        thread.setDaemon(true);
    }

    /** Starts answering on {@code link} for {@code units} (unit id 1..247 → unit). */
    public static ModbusRtuServer start(String name, Link link, Map<Integer, ? extends ModbusUnit> units) {
        ModbusRtuServer server = new ModbusRtuServer(name, link, units);
        server.thread.start();
        return server;
    }

    /** Stops after the current wait (at most half a second); the link stays the caller's. */
    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void serveLoop() {
        String lastProblem = "";
        while (!closed) {
            try {
                byte[] frame = nextFrame();
                if (frame != null) {
                    serve(frame);
                }
                lastProblem = "";
            } catch (IOException | UncheckedIOException e) {
                String problem = String.valueOf(e.getMessage());
                if (!closed && !problem.equals(lastProblem)) {
                    LOG.log(Level.WARNING, name + ": " + problem);
                    lastProblem = problem;
                }
                pause();
            }
        }
    }

    /** The next whole frame, or null when nothing (or only noise) came. */
    private byte[] nextFrame() throws IOException {
        byte[] first;
        try {
            first = link.receive((buffer, length) -> 1, IDLE);
        } catch (LinkTimeoutException quiet) {
            return null;
        }
        try {
            return concat(first, link.receive((buffer, length) -> restOfFrame(buffer, length), FRAME));
        } catch (LinkTimeoutException e) {
            byte[] partial = concat(first, e.partial());
            if (e.partial().length >= 1 && restOfFrame(e.partial(), e.partial().length) == UNKNOWN_LENGTH) {
                return partial; // a function RTU cannot delimit: the pause ended it
            }
            LOG.log(Level.DEBUG, () -> name + ": dropped an incomplete frame " + HEX.formatHex(partial));
            return null;
        }
    }

    /**
     * Bytes after the unit id: function, data and CRC. Reads 01-04 and single writes 05/06 are 8
     * bytes in all; 0F/10 are 9 + their byte count (offset 6); -1 while unknown. Other functions
     * have no length RTU can tell: {@link #UNKNOWN_LENGTH} (the link ends such a frame at the
     * first pause, or the wait runs out with the frame as its partial bytes).
     */
    private static int restOfFrame(byte[] rest, int length) {
        if (length < 1) {
            return -1;
        }
        int function = rest[0] & 0xFF;
        if (function >= 1 && function <= 6) {
            return 7;
        }
        if (function == 0x0F || function == 0x10) {
            return length < 6 ? -1 : 8 + (rest[5] & 0xFF);
        }
        return UNKNOWN_LENGTH;
    }

    private void serve(byte[] frame) throws IOException {
        if (frame.length < 4 || !crcMatches(frame)) {
            LOG.log(Level.DEBUG, () -> name + ": dropped a frame with a bad CRC: " + HEX.formatHex(frame));
            return;
        }
        int unitId = frame[0] & 0xFF;
        ModbusUnit unit = responder.unit(unitId);
        boolean broadcast = unitId == BROADCAST;
        if (unit == null && !broadcast) {
            return; // another slave's request
        }
        ModbusRequest request = ModbusRequest.createModbusRequest(frame[1] & 0xFF);
        request.setHeadless();
        request.setUnitID(unitId);
        ModbusResponse response;
        if (request instanceof IllegalFunctionRequest) {
            response = request.createExceptionResponse(RegisterAccessException.ILLEGAL_FUNCTION);
        } else {
            try {
                request.readData(new DataInputStream(new ByteArrayInputStream(frame, 2, frame.length - 4)));
            } catch (IOException | RuntimeException malformed) {
                LOG.log(Level.DEBUG, () -> name + ": request does not parse: " + HEX.formatHex(frame));
                return;
            }
            if (broadcast) {
                responder.units().forEach(each -> responder.respond(each, request));
                return;
            }
            response = responder.respond(unit, request);
        }
        if (!broadcast) {
            link.send(encode(unitId, response));
        }
    }

    /** {@code unit function data CRC}. */
    static byte[] encode(int unitId, ModbusResponse response) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        try {
            out.writeByte(unitId);
            out.writeByte(response.getFunctionCode());
            response.writeData(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array stream does not fail
        }
        byte[] body = bytes.toByteArray();
        int[] crc = ModbusUtil.calculateCRC(body, 0, body.length);
        byte[] frame = Arrays.copyOf(body, body.length + 2);
        frame[body.length] = (byte) crc[0];
        frame[body.length + 1] = (byte) crc[1];
        return frame;
    }

    private static boolean crcMatches(byte[] frame) {
        int[] crc = ModbusUtil.calculateCRC(frame, 0, frame.length - 2);
        return (byte) crc[0] == frame[frame.length - 2] && (byte) crc[1] == frame[frame.length - 1];
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private void pause() {
        try {
            Thread.sleep(IDLE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
