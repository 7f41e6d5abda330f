package io.heathub.driver.dlt645;

import io.heathub.api.Reading;
import io.heathub.api.driver.Command;
import io.heathub.api.driver.CommandResult;
import io.heathub.api.driver.DeviceException;
import io.heathub.api.driver.DeviceException.Kind;
import io.heathub.api.driver.DeviceSession;
import io.heathub.api.driver.FrameException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** One open meter: one read request (11h) per data identifier, replies checked against the address. */
final class Dlt645Session implements DeviceSession {
    private final String deviceId;
    private final String label;
    private final MeterAddress address;
    private final List<DataItem> configured;
    private final int wakeUp;
    private final Dlt645Client client;

    Dlt645Session(String deviceId, String label, MeterAddress address, List<DataItem> configured, int wakeUp,
                  Dlt645Client client) {
        this.deviceId = deviceId;
        this.label = label;
        this.address = address;
        this.configured = List.copyOf(configured);
        this.wakeUp = wakeUp;
        this.client = client;
    }

    @Override
    public List<Reading> read(Set<String> wanted) throws DeviceException {
        List<DataItem> items = wanted.isEmpty() ? configured
                : List.of(DataItem.values()).stream().filter(d -> wanted.contains(d.point())).toList();
        Instant now = Instant.now();
        List<Reading> readings = new ArrayList<>(items.size());
        for (DataItem item : items) {
            readings.add(Reading.good(deviceId, item.point(), read(item).value(), item.unit(), now));
        }
        return readings;
    }

    private Dlt645Codec.ReadReply read(DataItem item) throws DeviceException {
        String what = "read " + item.point() + " (DI " + item.describeIdentifier() + ")";
        byte[] request = Dlt645Codec.readRequest(address, item, wakeUp);
        Dlt645Client.Reply received = client.exchange(request, what, address);
        Dlt645Frame frame = received.frame();
        if (!frame.address().equals(address)) {
            // checked before the content: an error reply from another meter is not this meter's error
            throw new DeviceException(Kind.MALFORMED, label + ": " + what + ": reply from meter " + frame.address()
                    + ", expected " + address);
        }
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
