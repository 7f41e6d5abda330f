package io.heathub.driver.cjt188;

import io.heathub.api.Points;
import io.heathub.api.Reading;
import io.heathub.api.Unit;
import io.heathub.api.driver.Command;
import io.heathub.api.driver.CommandResult;
import io.heathub.api.driver.DeviceException;
import io.heathub.api.driver.DeviceException.Kind;
import io.heathub.api.driver.DeviceSession;
import io.heathub.api.driver.FrameException;
import io.heathub.api.driver.Link;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** One meter or valve on a CJ/T 188 line. Used by one bus worker at a time. */
final class Cjt188Session implements DeviceSession {
    private static final System.Logger LOG = System.getLogger(Cjt188Session.class.getName());

    /** Settings fixed at open. */
    record Options(DecodeSettings decode, Duration timeout, int wakeUp, int valveControl) {
    }

    private final String device;
    private final String label;
    private final String address;
    private final int type;
    private final Cjt188Exchange exchange;
    private final Options options;
    private int sequence;

    Cjt188Session(String device, String label, String address, int type, Link link, Options options) {
        this.device = device;
        this.label = label;
        this.address = address;
        this.type = type;
        this.exchange = new Cjt188Exchange(link, label);
        this.options = options;
    }

    /**
     * One current-data read: the meter's values time-stamped by its own clock, and that clock as
     * {@link Points#METER_CLOCK} (Unix seconds, time-stamped by the hub when the reply arrived), so
     * that a wrong meter clock is seen (core marks the device's readings, meter health raises
     * {@code clockDrift}).
     */
    @Override
    public List<Reading> read(Set<String> points) throws DeviceException {
        List<Reading> values = readCurrentData();
        Instant receivedAt = Instant.now();
        List<Reading> readings = new ArrayList<>(values);
        readings.add(Reading.good(device, Points.METER_CLOCK, BigDecimal.valueOf(values.get(0).time().getEpochSecond()),
                Unit.NONE, receivedAt));
        return points.isEmpty() ? readings : readings.stream().filter(r -> points.contains(r.point())).toList();
    }

    private List<Reading> readCurrentData() throws DeviceException {
        int ser = nextSequence();
        byte[] request = Cjt188Codec.readCurrentData(options.wakeUp(), type, address, ser);
        byte[] reply = exchange(request, "read current data (90 1F)");
        try {
            Cjt188Frame frame = checkReply(reply, request, Cjt188Codec.READ_DATA, Cjt188Codec.DI_CURRENT_DATA, ser);
            return CurrentData.decode(frame, device, options.decode());
        } catch (FrameException e) {
            throw describe(e, "read current data (90 1F)", request, reply);
        }
    }

    @Override
    public CommandResult execute(Command command) throws DeviceException {
        if (!Points.VALVE_STATE.equals(command.point())) {
            return CommandResult.refused(command.requestId(), label + ": only " + Points.VALVE_STATE
                    + " can be written, not " + command.point());
        }
        boolean open;
        if (command.value().compareTo(BigDecimal.ONE) == 0) {
            open = true;
        } else if (command.value().signum() == 0) {
            open = false;
        } else {
            return CommandResult.refused(command.requestId(), label + ": " + Points.VALVE_STATE
                    + " takes 1 (open) or 0 (close), not " + command.value().toPlainString());
        }
        int ser = nextSequence();
        byte[] request = Cjt188Codec.valveControl(options.wakeUp(), type, address, options.valveControl(), ser, open);
        String what = open ? "open valve (A0 17 55)" : "close valve (A0 17 99)";
        byte[] reply = exchange(request, what);
        Cjt188Frame frame;
        try {
            frame = checkReply(reply, request, options.valveControl(), Cjt188Codec.DI_VALVE_CONTROL, ser);
        } catch (FrameException e) {
            if (e.kind() == Kind.NAK) {
                return CommandResult.failed(command.requestId(), label + ": " + what + ": " + e.getMessage());
            }
            throw describe(e, what, request, reply);
        }
        // A reply may carry ST (2 bytes); D0 says whether the valve is closed right now. Without it,
        // the status word of a current-data read is the meter's own report of the valve.
        int dataLength = frame.length() - 3;
        BigDecimal readBack;
        if (dataLength >= 2) {
            readBack = valveState(frame.at(Cjt188Codec.dataOffset(frame)));
        } else {
            readBack = valveStateFromCurrentData(what);
        }
        // our own log line: the hub does not prefix it, so it names the device
        LOG.log(System.Logger.Level.INFO, "device {0} ({1}): {2} done for {3}, valve reported {4}", device, label, what,
                command.requestedBy(), readBack == null ? "unknown" : readBack.signum() == 0 ? "closed" : "open");
        return CommandResult.done(command.requestId(), readBack);
    }

    /** 1 open, 0 closed, from ST byte 1 bit D0 (valve closed). */
    private static BigDecimal valveState(int status0) {
        return (status0 & 0x01) != 0 ? BigDecimal.ZERO : BigDecimal.ONE;
    }

    /** The valve state from a 901F read after the write, or null when the device cannot tell (logged). */
    private BigDecimal valveStateFromCurrentData(String what) {
        try {
            return readCurrentData().stream().filter(r -> r.point().equals(CurrentData.STATUS_VALVE_CLOSED))
                    .findFirst().map(r -> r.value().signum() == 0 ? BigDecimal.ONE : BigDecimal.ZERO).orElse(null);
        } catch (DeviceException e) {
            // the write was confirmed; only the read-back is missing (a bare valve actuator has no 901F)
            LOG.log(System.Logger.Level.WARNING, "device {0} ({1}): {2} confirmed, but reading the valve status back"
                    + " failed: {3}", device, label, what, e.getMessage());
            return null;
        }
    }

    private int nextSequence() {
        int ser = sequence;
        sequence = (sequence + 1) & 0xFF;
        return ser;
    }

    private byte[] exchange(byte[] request, String what) throws DeviceException {
        return exchange.exchange(request, what, address, options.timeout());
    }

    /** A positive or error reply to our request: checks address, function, DI and SER echo. */
    private Cjt188Frame checkReply(byte[] reply, byte[] request, int control, int di, int ser) throws FrameException {
        Cjt188Frame frame = Cjt188Codec.parse(reply);
        if (!frame.address().equals(address)) {
            throw Cjt188Codec.malformed(frame.start() + 2, "reply from meter " + frame.address()
                    + ", expected meter " + address);
        }
        if (frame.isReply() && frame.function() != (control & 0x3F)) {
            throw Cjt188Codec.malformed(frame.controlOffset(), String.format(
                    "C = %02X answers function %02X, the request was %02X", frame.control(), frame.function(),
                    control & 0x3F));
        }
        frame = Cjt188Codec.parseReply(reply);
        if (Cjt188Codec.dataIdentifier(frame, di) != di) {
            throw Cjt188Codec.malformed(frame.bodyOffset(), String.format("DI %02X %02X, expected %02X %02X",
                    frame.at(frame.bodyOffset()), frame.at(frame.bodyOffset() + 1), di >> 8, di & 0xFF));
        }
        int echoed = frame.at(Cjt188Codec.serOffset(frame));
        if (echoed != ser) {
            throw Cjt188Codec.malformed(Cjt188Codec.serOffset(frame), String.format(
                    "SER %02X, the request sent %02X (a late reply to an earlier request?)", echoed, ser));
        }
        return frame;
    }

    private DeviceException describe(FrameException e, String what, byte[] request, byte[] reply) {
        return new DeviceException(e.kind(), label + ": " + what + ": " + e.getMessage() + "; reply ["
                + Cjt188Codec.hex(reply) + "]; request [" + Cjt188Codec.hex(request) + "]", e);
    }
}
