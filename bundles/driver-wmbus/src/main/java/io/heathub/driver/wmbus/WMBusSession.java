package io.heathub.driver.wmbus;

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
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One radio meter heard through an iM871A receiver. Radio meters send on their own schedule
 * (every 16 s to a few minutes); a poll asks the receiver a light question (a ping, or its link
 * mode when {@code mode} is set, which also puts it back after a replug) and listens for this
 * meter's next telegram for at most the timeout. Telegrams of other meters heard meanwhile are
 * skipped (and named in the timeout's message).
 */
final class WMBusSession implements DeviceSession {
    /** Bound on the skipped meters a TIMEOUT message names. */
    private static final int NAMED_AT_MOST = 8;
    private final String meterId;
    private final Optional<String> manufacturer;
    private final MeterSettings settings;
    private final Link link;
    private final Duration timeout;
    private final Optional<LinkMode> mode;
    private final String device;

    WMBusSession(String device, String meterId, Optional<String> manufacturer, MeterSettings settings,
                 Optional<LinkMode> mode, Link link, Duration timeout) {
        this.device = device;
        this.meterId = meterId;
        this.manufacturer = manufacturer;
        this.settings = settings;
        this.mode = mode;
        this.link = link;
        this.timeout = timeout;
    }

    @Override
    public List<Reading> read(Set<String> points) throws DeviceException {
        Instant pollTime = Instant.now();
        byte[] request = mode.map(LinkMode::setConfigRequest).orElseGet(() -> Hci.request(Hci.DEVMGMT, Hci.PING_REQ));
        Listening listening = new Listening(request);
        byte[] received;
        try {
            received = link.exchange(request, Hci::frameLength, timeout, listening::ours);
        } catch (LinkTimeoutException e) {
            throw new DeviceException(Kind.TIMEOUT, listening.silence(e.partial()), e);
        } catch (IOException e) {
            throw new DeviceException(Kind.IO, e.getMessage(), e);
        }
        List<Reading> readings;
        try {
            Hci.Frame frame = Hci.parse(received, 0);
            if (frame.is(Hci.DEVMGMT, Hci.SET_CONFIG_RSP)) {
                throw new DeviceException(Kind.NAK, "the receiver refused link mode " + mode.map(LinkMode::name)
                        .orElse("?") + " (status " + Hci.hex(frame.payload()) + "): " + Hci.hex(received));
            }
            readings = WMBusFrameDecoder.readings(device, frame, Telegram.header(frame.payload(), 4), settings,
                    pollTime);
        } catch (FrameException e) {
            // keeps the kind (CHECKSUM, MALFORMED); the message shows the bytes
            throw new DeviceException(e.kind(), "meter " + meterId + ": " + e.getMessage(), e);
        }
        return points.isEmpty() ? readings : readings.stream().filter(r -> points.contains(r.point())).toList();
    }

    /** What one poll heard: the receiver's answer and the other meters' telegrams it skipped. */
    private final class Listening {
        private final byte[] request;
        private boolean receiverAnswered;
        private final Set<String> others = new LinkedHashSet<>();
        private int otherFrames;

        Listening(byte[] request) {
            this.request = request;
        }

        /**
         * This meter's telegram, a receiver's refusal and anything that does not check out are
         * taken (the caller reports the latter); the echo of the request, the receiver's
         * confirmation and other meters' telegrams are skipped.
         */
        boolean ours(byte[] bytes) {
            if (Arrays.equals(bytes, request)) {
                return false;
            }
            Hci.Frame frame;
            Telegram header;
            try {
                frame = Hci.parse(bytes, 0);
                if (frame.is(Hci.DEVMGMT, Hci.PING_RSP) || frame.is(Hci.DEVMGMT, Hci.SET_CONFIG_RSP)) {
                    receiverAnswered = true;
                    return frame.message() == Hci.SET_CONFIG_RSP && !accepted(frame);
                }
                if (!frame.is(Hci.RADIOLINK, Hci.WMBUSMSG_IND)) {
                    otherFrames++;
                    return false;
                }
                header = Telegram.header(frame.payload(), 4);
            } catch (FrameException garbled) {
                return true;
            }
            boolean mine = header.id().equals(meterId)
                    && manufacturer.map(m -> m.equals(header.manufacturer())).orElse(true);
            if (!mine) {
                others.add(header.meter());
            }
            return mine;
        }

        private static boolean accepted(Hci.Frame response) {
            return response.payload().length == 0 || response.payload()[0] == 0;
        }

        String silence(byte[] partial) {
            String heard = others.isEmpty() ? "no other meter's telegram"
                    : others.size() + " other meters' telegrams (" + String.join(", ", others.stream()
                    .limit(NAMED_AT_MOST).toList()) + (others.size() > NAMED_AT_MOST ? ", …" : "") + ")";
            String receiver = receiverAnswered ? "the receiver answered " + Hci.hex(request)
                    : "the receiver did not answer " + Hci.hex(request) + " (is it an iM871A, and is the bus the"
                    + " right port?)";
            return "no telegram from meter " + manufacturer.map(m -> m + " ").orElse("") + meterId + " within "
                    + timeout.toMillis() + " ms: " + receiver + "; heard " + heard
                    + (otherFrames > 0 ? " and " + otherFrames + " other receiver messages" : "")
                    + "; received [" + Hci.hex(partial) + "]";
        }
    }

    /** Radio meters take no commands through a receiver. */
    @Override
    public CommandResult execute(Command command) {
        return CommandResult.refused(command.requestId(), "wireless M-Bus meters heard through a receiver have no"
                + " writable points");
    }
}
