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
import java.util.concurrent.atomic.AtomicLong;

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
    private final LineTiming timing;
    private final Thread thread;
    private volatile boolean closed;
    /** When the last byte of the last reply reached the master (nanoTime); 0 before the first. */
    private long lastReplyEnd;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong gapViolations = new AtomicLong();

    /**
     * A real line's clock, for benchmarks: every frame takes {@code bitsPerCharacter} / {@code baud}
     * per byte on the wire. A request is taken to start on the line when its first byte arrives (the
     * master writes a frame at once) and to end a line time later; the slaves see its end after the
     * 3.5-character silence (the RTU rule) and answer after {@code turnaround} (plus the unit's own
     * extra delay, a slow device), each reply byte written no earlier than its last bit would arrive.
     * A request that starts less than 3.5 characters after the end of the previous reply is counted
     * as a gap violation: on a real line the slaves would take both for one (garbled) frame.
     *
     * @param unitDelays extra delay before a unit's reply (unit id → delay); units not listed answer at once
     */
    public record LineTiming(int baud, int bitsPerCharacter, Duration turnaround, Map<Integer, Duration> unitDelays) {
        public LineTiming {
            if (baud < 50 || baud > 4_000_000) {
                throw new IllegalArgumentException("baud must be 50..4000000, got " + baud);
            }
            if (bitsPerCharacter < 7 || bitsPerCharacter > 12) {
                throw new IllegalArgumentException("bits per character must be 7..12, got " + bitsPerCharacter);
            }
            if (turnaround.isNegative()) {
                throw new IllegalArgumentException("turnaround must not be negative, got " + turnaround);
            }
            unitDelays = Map.copyOf(unitDelays);
        }

        /** Nanoseconds {@code bytes} characters occupy the line. */
        public long lineNanos(int bytes) {
            return (long) bytes * bitsPerCharacter * 1_000_000_000L / baud;
        }

        /** The silence that ends an RTU frame: 3.5 characters, fixed 1.75 ms above 19200 baud (the standard's rule). */
        public long frameGapNanos() {
            return baud > 19_200 ? 1_750_000L : lineNanos(7) / 2;
        }
    }

    private ModbusRtuServer(String name, Link link, Map<Integer, ? extends ModbusUnit> units, LineTiming timing) {
        this.name = name;
        this.link = link;
        this.responder = new ModbusResponder(name, units);
        this.timing = timing;
        this.thread = new Thread(this::serveLoop, name + "-rtu");
        thread.setDaemon(true);
    }

    /** Starts answering on {@code link} for {@code units} (unit id 1..247 → unit), as fast as it can. */
    public static ModbusRtuServer start(String name, Link link, Map<Integer, ? extends ModbusUnit> units) {
        return start(name, link, units, null);
    }

    /**
     * Starts answering on {@code link} for {@code units} at the pace of a real line ({@code timing};
     * null: as fast as it can).
     */
    public static ModbusRtuServer start(String name, Link link, Map<Integer, ? extends ModbusUnit> units,
                                        LineTiming timing) {
        ModbusRtuServer server = new ModbusRtuServer(name, link, units, timing);
        server.thread.start();
        return server;
    }

    /** Requests seen on the line (any unit, answered or not). */
    public long requests() {
        return requests.get();
    }

    /** Requests that started less than 3.5 characters after the previous reply ended (with line timing only). */
    public long gapViolations() {
        return gapViolations.get();
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
                long[] firstByteAt = new long[1];
                byte[] frame = nextFrame(firstByteAt);
                if (frame != null) {
                    requests.incrementAndGet();
                    serve(frame, firstByteAt[0]);
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
    private byte[] nextFrame(long[] firstByteAt) throws IOException {
        byte[] first;
        try {
            first = link.receive((buffer, length) -> 1, IDLE);
        } catch (LinkTimeoutException quiet) {
            return null;
        }
        firstByteAt[0] = System.nanoTime();
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

    private void serve(byte[] frame, long firstByteAt) throws IOException {
        if (timing != null && lastReplyEnd != 0 && firstByteAt - lastReplyEnd < timing.frameGapNanos()) {
            gapViolations.incrementAndGet();
            LOG.log(Level.DEBUG, () -> name + ": request " + HEX.formatHex(frame) + " started "
                    + (firstByteAt - lastReplyEnd) / 1000 + " us after the last reply, less than 3.5 characters");
        }
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
            byte[] reply = encode(unitId, response);
            if (timing == null) {
                link.send(reply);
                return;
            }
            long requestEnd = firstByteAt + timing.lineNanos(frame.length);
            long replyStart = requestEnd + timing.frameGapNanos() + timing.turnaround().toNanos()
                    + timing.unitDelays().getOrDefault(unitId, Duration.ZERO).toNanos();
            paced(reply, replyStart);
        }
    }

    /** Writes each byte no earlier than its last bit would arrive at the master, the first starting at {@code startNanos}. */
    private void paced(byte[] reply, long startNanos) throws IOException {
        long characterNanos = timing.lineNanos(1);
        int written = 0;
        while (written < reply.length) {
            long now = System.nanoTime();
            int due = (int) Math.min(reply.length, Math.max(0, (now - startNanos) / characterNanos));
            if (due > written) {
                link.send(Arrays.copyOfRange(reply, written, due));
                written = due;
            } else {
                sleepUntil(startNanos + (written + 1) * characterNanos);
            }
        }
        lastReplyEnd = startNanos + reply.length * characterNanos;
    }

    private static void sleepUntil(long deadlineNanos) throws IOException {
        long remaining;
        while ((remaining = deadlineNanos - System.nanoTime()) > 0) {
            try {
                java.util.concurrent.TimeUnit.NANOSECONDS.sleep(remaining);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("RTU line interrupted");
            }
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
