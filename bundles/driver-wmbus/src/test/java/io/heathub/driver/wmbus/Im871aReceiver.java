package io.heathub.driver.wmbus;

import io.heathub.testkit.line.Reply;
import io.heathub.testkit.line.ScriptedDevice;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An iM871A receiver on the kit's scripted line, with the telegrams its meters send: it answers a
 * ping (or a SET_CONFIG) with its confirmation, and the meters' telegrams follow, each at its own
 * delay, as they arrive over the radio while the poll listens. It ignores everything that is not
 * one of its requests with a good CRC (other protocols, garbage), as the real receiver does.
 */
final class Im871aReceiver implements ScriptedDevice {
    private record Heard(Duration after, byte[] indication) {
    }

    private final List<Heard> telegrams = new ArrayList<>();
    private int configStatus = 0;

    /** A telegram the receiver passes on {@code after} the poll's request. */
    Im871aReceiver hears(Duration after, byte[] indication) {
        telegrams.add(new Heard(after, indication.clone()));
        return this;
    }

    /** The status byte it answers SET_CONFIG with (0: done). */
    Im871aReceiver configStatus(int status) {
        this.configStatus = status;
        return this;
    }

    @Override
    public Reply hear(byte[] frame) {
        byte[] confirmation;
        if (Arrays.equals(frame, Hci.request(Hci.DEVMGMT, Hci.PING_REQ))) {
            confirmation = Hci.request(Hci.DEVMGMT, Hci.PING_RSP);
        } else if (isSetConfig(frame)) {
            confirmation = Hci.request(Hci.DEVMGMT, Hci.SET_CONFIG_RSP, (byte) configStatus);
        } else {
            return Reply.silence();
        }
        Reply reply = Reply.of(confirmation);
        Duration last = Duration.ZERO;
        for (Heard t : telegrams) {
            reply = reply.then(t.after().minus(last), t.indication());
            last = t.after();
        }
        return reply;
    }

    private static boolean isSetConfig(byte[] frame) {
        if (frame.length < 6 || (frame[0] & 0xFF) != Hci.START || frame[2] != Hci.SET_CONFIG_REQ
                || frame.length != 6 + (frame[3] & 0xFF)) {
            return false;
        }
        byte[] copy = frame.clone();
        return Arrays.equals(Hci.withCrc(copy), frame);
    }
}
