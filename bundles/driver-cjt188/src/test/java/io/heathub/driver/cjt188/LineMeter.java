package io.heathub.driver.cjt188;

import io.heathub.api.driver.FrameException;
import io.heathub.testkit.line.Reply;
import io.heathub.testkit.line.ScriptedDevice;
import java.time.LocalDateTime;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A CJ/T 188 heat or water meter on a scripted multi-drop line: answers read-address and 901F
 * reads when addressed by its address or the broadcast AA×7, and by its type or AA; ignores
 * replies and what it cannot parse. {@link #heard} holds the requests addressed to it.
 */
final class LineMeter implements ScriptedDevice {
    final String address;
    final int type;
    final boolean unitBefore;
    final List<String> heard = new CopyOnWriteArrayList<>();
    volatile int status0;

    LineMeter(String address, int type, boolean unitBefore) {
        this.address = address;
        this.type = type;
        this.unitBefore = unitBefore;
    }

    static LineMeter heat(String address) {
        return new LineMeter(address, 0x20, false);
    }

    @Override
    public Reply hear(byte[] request) {
        return Reply.of(answer(request));
    }

    private byte[] answer(byte[] request) {
        Cjt188Frame frame;
        try {
            frame = Cjt188Codec.parse(request);
        } catch (FrameException e) {
            return null; // a meter ignores what it cannot read
        }
        boolean addressed = frame.address().equals(address) || frame.address().equals(Cjt188Codec.BROADCAST);
        boolean typed = frame.type() == type || frame.type() == Cjt188Codec.WILDCARD;
        if (frame.isReply() || !addressed || !typed) {
            return null;
        }
        heard.add(Cjt188Codec.hex(request));
        int di = frame.at(frame.bodyOffset()) << 8 | frame.at(frame.bodyOffset() + 1);
        int ser = frame.at(Cjt188Codec.serOffset(frame));
        if (frame.function() == Cjt188Codec.READ_ADDRESS && di == Cjt188Codec.DI_READ_ADDRESS) {
            return Cjt188Codec.encode(0, type, address, 0x83, Cjt188Codec.DI_READ_ADDRESS, ser, new byte[0]);
        }
        if (frame.function() == Cjt188Codec.READ_DATA && di == Cjt188Codec.DI_CURRENT_DATA) {
            if (type == 0x20) {
                return HeatReplies.reply(2, address, ser, unitBefore, false, new HeatReplies.HeatData(
                        new HeatReplies.Field(1234, 0x05), new HeatReplies.Field(5678, 0x05),
                        new HeatReplies.Field(100, 0x17), new HeatReplies.Field(2500, 0x35),
                        new HeatReplies.Field(99, 0x2C), 7000, 4000, 12,
                        LocalDateTime.of(2025, 12, 1, 8, 30, 0), status0, 0));
            }
            return Cjt188Codec.encode(0, type, address, 0x81, Cjt188Codec.DI_CURRENT_DATA, ser, new byte[19]);
        }
        return null;
    }
}
