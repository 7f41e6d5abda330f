package ${package};

import io.heathub.api.Reading;
import io.heathub.api.driver.Command;
import io.heathub.api.driver.CommandResult;
import io.heathub.api.driver.DeviceException;
import io.heathub.api.driver.DeviceException.Kind;
import io.heathub.api.driver.DeviceSession;
import io.heathub.api.driver.FrameException;
import io.heathub.api.driver.Link;
import io.heathub.api.driver.LinkTimeoutException;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * One ${driverClass} meter. The hub calls it from the bus's worker thread, one call at a time; a
 * poll is one request and its reply within the timeout.
 */
final class ${driverClass}Session implements DeviceSession {
    private final String device;
    private final int address;
    private final Link link;
    private final Duration timeout;

    ${driverClass}Session(String device, int address, Link link, Duration timeout) {
        this.device = device;
        this.address = address;
        this.link = link;
        this.timeout = timeout;
    }

    @Override
    public List<Reading> read(Set<String> points) throws DeviceException {
        Instant now = Instant.now();
        byte[] request = ${driverClass}Codec.frame(address, ${driverClass}Codec.READ);
        byte[] reply = exchange(request);
        List<Reading> readings;
        try {
            readings = ${driverClass}FrameDecoder.readings(device, ${driverClass}Codec.reply(reply, ${driverClass}Codec.READ), now);
        } catch (FrameException e) {
            // keeps the kind (CHECKSUM, MALFORMED, NAK); the message already shows the reply in hex
            throw new DeviceException(e.kind(), "read: " + e.getMessage() + "; request " + ${driverClass}Codec.hex(request), e);
        }
        return points.isEmpty() ? readings : readings.stream().filter(r -> points.contains(r.point())).toList();
    }

    /**
     * Purge, send, and the first frame that is ours within the timeout: the echo of the request
     * (RS-485 adapters hear themselves) and replies from other addresses (a late answer to an
     * earlier request) are skipped. A garbled frame is taken, so that the caller reports it.
     */
    private byte[] exchange(byte[] request) throws DeviceException {
        try {
            return link.exchange(request, ${driverClass}Codec::frameLength, timeout, frame -> !${driverClass}Codec.isRequest(frame)
                    && (${driverClass}Codec.address(frame) == address || ${driverClass}Codec.address(frame) < 0));
        } catch (LinkTimeoutException e) {
            throw new DeviceException(Kind.TIMEOUT, "no reply to " + ${driverClass}Codec.hex(request) + " within "
                    + timeout.toMillis() + " ms; received [" + ${driverClass}Codec.hex(e.partial()) + "]", e);
        } catch (IOException e) {
            throw new DeviceException(Kind.IO, e.getMessage(), e);
        }
    }

    /** This meter has no writable points; a write goes here (send, check the reply, read back). */
    @Override
    public CommandResult execute(Command command) {
        return CommandResult.refused(command.requestId(), "${driverClass} meters have no writable points");
    }
}
