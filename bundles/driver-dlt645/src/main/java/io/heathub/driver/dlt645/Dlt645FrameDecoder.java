package io.heathub.driver.dlt645;

import io.heathub.api.Reading;
import io.heathub.api.driver.DeviceException.Kind;
import io.heathub.api.driver.FrameDecoder;
import io.heathub.api.driver.FrameException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Decodes one DL/T 645-2007 meter reply without a bus (protocol {@code dlt645}). A read reply
 * (91h) gives one reading whose device id is the meter's 12-digit address; a read-address reply
 * (93h) is checked and gives no reading; error replies (D1h) are FrameExceptions of kind NAK.
 * No settings.
 */
public final class Dlt645FrameDecoder implements FrameDecoder {

    @Override
    public String protocol() {
        return "dlt645";
    }

    @Override
    public List<Reading> decode(byte[] frame, Map<String, String> settings, Instant receivedAt) throws FrameException {
        Dlt645Frame parsed = Dlt645Codec.parse(frame);
        int function = parsed.function();
        if (function == Dlt645Codec.READ_ADDRESS && parsed.isReply() && !parsed.isErrorReply()) {
            Dlt645Codec.decodeReadAddressReply(parsed);
            return List.of();
        }
        if (function != Dlt645Codec.READ_DATA) {
            // let the common checks name requests and error replies before refusing the function
            Dlt645Codec.requireReply(parsed, function);
            throw new FrameException(Kind.MALFORMED, parsed.controlOffset(), String.format(
                    "control code %02X: function %02Xh%s is not decoded (only 11h read data and 13h read address)",
                    parsed.control(), function, Dlt645Codec.functionNote(function)));
        }
        Dlt645Codec.ReadReply reply = Dlt645Codec.decodeReadReply(parsed);
        DataItem item = reply.item();
        return List.of(Reading.good(reply.address().text(), item.point(), reply.value(), item.unit(), receivedAt));
    }
}
