package io.heathub.driver.dlt645;

import io.heathub.api.Points;
import io.heathub.api.Reading;
import io.heathub.api.Unit;
import io.heathub.api.driver.Command;
import io.heathub.api.driver.CommandResult;
import io.heathub.api.driver.DeviceException;
import io.heathub.api.driver.DeviceException.Kind;
import io.heathub.api.driver.DeviceSession;
import io.heathub.api.driver.FrameException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One open meter: one read request (11h) per data identifier, replies checked against the
 * address; and now and then the meter's clock, as {@link Points#METER_CLOCK}.
 */
final class Dlt645Session implements DeviceSession {
    private static final System.Logger LOG = System.getLogger(Dlt645Session.class.getName());
    /** From this time of day on, the date read after the time may already be tomorrow's. */
    private static final LocalTime NEAR_MIDNIGHT = LocalTime.of(23, 59);

    /**
     * How the meter's clock is read.
     *
     * @param zone     the zone the meter's clock runs in
     * @param interval how often it is read with a poll of all points; null: never
     */
    record ClockReading(ZoneId zone, Duration interval) {
    }

    private final String deviceId;
    private final String label;
    private final MeterAddress address;
    private final List<DataItem> configured;
    private final int wakeUp;
    private final Dlt645Client client;
    private final ClockReading clock;
    private long clockReadAt;
    private boolean clockRead;
    private boolean clockUnsupported;

    Dlt645Session(String deviceId, String label, MeterAddress address, List<DataItem> configured, int wakeUp,
                  Dlt645Client client, ClockReading clock) {
        this.deviceId = deviceId;
        this.label = label;
        this.address = address;
        this.configured = List.copyOf(configured);
        this.wakeUp = wakeUp;
        this.client = client;
        this.clock = clock;
    }

    @Override
    public List<Reading> read(Set<String> wanted) throws DeviceException {
        List<DataItem> items = wanted.isEmpty() ? configured
                : List.of(DataItem.values()).stream().filter(d -> wanted.contains(d.point())).toList();
        Instant now = Instant.now();
        List<Reading> readings = new ArrayList<>(items.size() + 1);
        for (DataItem item : items) {
            readings.add(Reading.good(deviceId, item.point(), read(item).value(), item.unit(), now));
        }
        if (wanted.isEmpty() ? clockDue() : wanted.contains(Points.METER_CLOCK) && !clockUnsupported) {
            readClock().ifPresent(readings::add);
        }
        return readings;
    }

    private boolean clockDue() {
        return clock.interval() != null && !clockUnsupported
                && (!clockRead || System.nanoTime() - clockReadAt >= clock.interval().toNanos());
    }

    /**
     * The meter's clock as Unix seconds, time-stamped with the hub's time when its time of day
     * arrived. Date and time are two reads: around midnight the date is read again when the time
     * turned over in between, so a clock is never a day off.
     */
    private java.util.Optional<Reading> readClock() throws DeviceException {
        try {
            LocalTime time = readTime();
            Instant hubTime = Instant.now();
            LocalDate date = readDate();
            if (!time.isBefore(NEAR_MIDNIGHT)) {
                LocalTime again = readTime();
                if (again.isBefore(time)) { // midnight passed: which side the date is on is unknown
                    hubTime = Instant.now();
                    time = again;
                    date = readDate();
                }
            }
            clockRead = true;
            clockReadAt = System.nanoTime();
            long seconds = date.atTime(time).atZone(clock.zone()).toEpochSecond();
            return java.util.Optional.of(Reading.good(deviceId, Points.METER_CLOCK, BigDecimal.valueOf(seconds),
                    Unit.NONE, hubTime));
        } catch (DeviceException e) {
            if (e.kind() != Kind.NAK) {
                throw e;
            }
            // the meter does not keep (or does not give) its clock: its values are still good
            clockUnsupported = true;
            LOG.log(System.Logger.Level.WARNING, "{0}: the meter refuses reading its clock; it is not read again"
                    + " (meter.clock missing, clock drift unseen): {1}", label, e.getMessage());
            return java.util.Optional.empty();
        }
    }

    private LocalTime readTime() throws DeviceException {
        return readClockPart(MeterClock.TIME, "read meter clock time (DI 04 00 01 02)", MeterClock::time);
    }

    private LocalDate readDate() throws DeviceException {
        return readClockPart(MeterClock.DATE, "read meter clock date (DI 04 00 01 01)", MeterClock::date);
    }

    /** How one part of the clock is taken from its reply. */
    @FunctionalInterface
    private interface ClockPart<T> {
        T decode(Dlt645Frame frame) throws FrameException;
    }

    private <T> T readClockPart(int identifier, String what, ClockPart<T> part) throws DeviceException {
        Dlt645Client.Reply reply = clockExchange(identifier, what);
        try {
            return part.decode(reply.frame());
        } catch (FrameException e) {
            throw client.failure(e, what, reply.raw());
        }
    }

    private Dlt645Client.Reply clockExchange(int identifier, String what) throws DeviceException {
        Dlt645Client.Reply received = client.exchange(MeterClock.readRequest(address, identifier, wakeUp), what, address);
        checkFrom(received.frame(), what);
        return received;
    }

    private void checkFrom(Dlt645Frame frame, String what) throws DeviceException {
        if (!frame.address().equals(address)) {
            // checked before the content: an error reply from another meter is not this meter's error
            throw new DeviceException(Kind.MALFORMED, label + ": " + what + ": reply from meter " + frame.address()
                    + ", expected " + address);
        }
    }

    private Dlt645Codec.ReadReply read(DataItem item) throws DeviceException {
        String what = "read " + item.point() + " (DI " + item.describeIdentifier() + ")";
        byte[] request = Dlt645Codec.readRequest(address, item, wakeUp);
        Dlt645Client.Reply received = client.exchange(request, what, address);
        Dlt645Frame frame = received.frame();
        checkFrom(frame, what);
        Dlt645Codec.ReadReply reply;
        try {
            reply = Dlt645Codec.decodeReadReply(frame);
        } catch (FrameException e) {
            throw client.failure(e, what, received.raw());
        }
        if (reply.item() != item) {
            throw new DeviceException(Kind.MALFORMED, label + ": " + what + ": reply carries DI "
                    + reply.item().describeIdentifier() + " (" + reply.item().point() + ")");
        }
        return reply;
    }

    @Override
    public CommandResult execute(Command command) {
        return CommandResult.refused(command.requestId(), label + ": DL/T 645 meters have no writable points in heathub");
    }

    /** The identifiers read when all points are wanted, for tests. */
    List<DataItem> configured() {
        return configured;
    }
}
