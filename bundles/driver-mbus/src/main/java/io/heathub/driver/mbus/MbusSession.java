package io.heathub.driver.mbus;

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
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * One meter. A poll is REQ_UD2 to the primary address, or — for a secondary address — SND_NKE to
 * 0xFD (deselects whatever was selected), a CI 0x52 select answered by E5, then REQ_UD2 to 0xFD.
 * The FCB of REQ_UD2 toggles from poll to poll (first poll 0x7B) so a meter repeats rather than
 * advances when a reply was lost.
 */
final class MbusSession implements DeviceSession {
    private static final System.Logger LOG = System.getLogger(MbusSession.class.getName());

    private final String device;
    private final String label;
    private final MbusAddress address;
    private final MbusExchange exchange;
    private final Duration timeout;
    private final MbusFrameDecoder decoder;
    private boolean frameCountBit = true;
    private String identityLogged = "";

    MbusSession(String device, String label, MbusAddress address, Link link, Duration timeout,
                MbusFrameDecoder decoder) {
        this.device = device;
        this.label = label;
        this.address = address;
        this.exchange = new MbusExchange(link, label);
        this.timeout = timeout;
        this.decoder = decoder;
    }

    @Override
    public List<Reading> read(Set<String> points) throws DeviceException {
        int target = address.primary();
        try {
            if (address.isSecondary()) {
                select();
                target = MbusFrames.ADDRESS_SELECTED;
            }
            byte[] request = MbusFrames.shortFrame(MbusFrames.C_REQ_UD2 | (frameCountBit ? MbusFrames.FCB : 0), target);
            frameCountBit = !frameCountBit;
            byte[] reply = exchange(request, "REQ_UD2",
                    address.isSecondary() ? MbusExchange.ANY_ADDRESS : target);
            Instant now = Instant.now();
            MbusTelegram telegram;
            try {
                telegram = decoder.decodeTelegram(reply, device, now);
            } catch (FrameException e) {
                throw new DeviceException(e.kind(), label + ": reply to REQ_UD2: " + e.getMessage() + " in "
                        + MbusFrames.hex(reply), e);
            }
            checkIdentity(telegram, target, reply);
            return points.isEmpty() ? telegram.readings()
                    : telegram.readings().stream().filter(r -> points.contains(r.point())).toList();
        } catch (IOException e) {
            throw new DeviceException(Kind.IO, label + ": " + e, e);
        }
    }

    private void select() throws IOException, DeviceException {
        byte[] reset = MbusFrames.shortFrame(MbusFrames.C_SND_NKE, MbusFrames.ADDRESS_SELECTED);
        try { // only a meter still selected answers; silence is normal
            exchange.exchange(reset, timeout, MbusExchange.ANY_ADDRESS);
        } catch (LinkTimeoutException silence) {
            // nobody was selected
        }
        byte[] select = MbusFrames.longFrame(MbusFrames.C_SND_UD, MbusFrames.ADDRESS_SELECTED,
                MbusFrames.CI_SELECT, address.selectData());
        byte[] ack;
        try {
            ack = exchange.exchange(select, timeout, MbusExchange.ANY_ADDRESS);
        } catch (LinkTimeoutException e) {
            throw new DeviceException(Kind.TIMEOUT, label + ": no meter acknowledged the select "
                    + MbusFrames.hex(select) + " within " + timeout.toMillis() + " ms" + exchange.skipped()
                    + partial(e.partial()), e);
        }
        if (ack.length != 1 || (ack[0] & 0xFF) != MbusFrames.ACK) {
            // several meters answering at once garble the E5: a wildcard select matched more than one
            throw new DeviceException(Kind.MALFORMED, label + ": select answered with " + MbusFrames.hex(ack)
                    + " instead of E5 (collision: does the address match more than one meter?)");
        }
    }

    /** One exchange; a timeout names the request, what was skipped and what arrived. */
    private byte[] exchange(byte[] request, String what, int from) throws IOException, DeviceException {
        try {
            return exchange.exchange(request, timeout, from);
        } catch (LinkTimeoutException e) {
            throw new DeviceException(Kind.TIMEOUT, label + ": no reply to " + what + " " + MbusFrames.hex(request)
                    + " within " + timeout.toMillis() + " ms" + exchange.skipped() + partial(e.partial()), e);
        }
    }

    private static String partial(byte[] bytes) {
        return bytes.length == 0 ? "" : "; received only " + MbusFrames.hex(bytes);
    }

    private void checkIdentity(MbusTelegram telegram, int target, byte[] reply) throws DeviceException {
        if (address.isSecondary()) {
            if (!address.matches(telegram)) {
                throw new DeviceException(Kind.MALFORMED, label + ": the selected meter is "
                        + telegram.identification() + " " + telegram.manufacturer() + ", not the one configured: "
                        + MbusFrames.hex(reply));
            }
        } else if (telegram.primaryAddress() != target) {
            throw new DeviceException(Kind.MALFORMED, label + ": reply from primary address "
                    + telegram.primaryAddress() + ", expected " + target + ": " + MbusFrames.hex(reply));
        }
        String identity = String.format("%s %s version 0x%02X medium 0x%02X", telegram.manufacturer(),
                telegram.identification(), telegram.version() & 0xFF, telegram.medium() & 0xFF);
        if (!identity.equals(identityLogged)) {
            identityLogged = identity;
            LOG.log(Level.INFO, () -> "device " + device + " (" + label + "): meter " + identity);
        }
    }

    @Override
    public CommandResult execute(Command command) {
        return CommandResult.refused(command.requestId(), "M-Bus meters have no writable points in heathub");
    }
}
