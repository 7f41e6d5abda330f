package io.heathub.driver.dlt645;

import io.heathub.api.driver.FrameException;
import io.heathub.testkit.line.Reply;
import io.heathub.testkit.line.ScriptedDevice;
import java.math.BigDecimal;

/**
 * A DL/T 645 meter on a scripted multi-drop line, with its address and forward active energy:
 * answers the read-address request to the all-AA wildcard and energy reads to its own address.
 */
record LineMeter(MeterAddress address, BigDecimal energy) implements ScriptedDevice {
    static LineMeter of(String address, String energy) {
        return new LineMeter(new MeterAddress(address), new BigDecimal(energy));
    }

    @Override
    public Reply hear(byte[] request) {
        Dlt645Frame frame;
        try {
            frame = Dlt645Codec.parse(request);
        } catch (FrameException e) {
            return Reply.silence();
        }
        if (frame.isReply()) {
            return Reply.silence();
        }
        if (frame.function() == Dlt645Codec.READ_ADDRESS && frame.address().equals(MeterAddress.WILDCARD)) {
            return Reply.of(Dlt645Codec.readAddressReply(address, 2));
        }
        if (frame.function() == Dlt645Codec.READ_DATA && frame.address().equals(address)) {
            return Reply.of(Dlt645Codec.readReply(address, DataItem.FORWARD_ACTIVE_ENERGY, energy, 2));
        }
        return Reply.silence();
    }
}
