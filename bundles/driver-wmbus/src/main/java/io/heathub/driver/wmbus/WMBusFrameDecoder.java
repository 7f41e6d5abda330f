package io.heathub.driver.wmbus;

import io.heathub.api.Reading;
import io.heathub.api.Unit;
import io.heathub.api.driver.DeviceException;
import io.heathub.api.driver.DeviceException.Kind;
import io.heathub.api.driver.FrameDecoder;
import io.heathub.api.driver.FrameException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.openmuc.jmbus.DecodingException;
import org.openmuc.jmbus.DeviceType;
import org.openmuc.jmbus.EncryptionMode;
import org.openmuc.jmbus.SecondaryAddress;
import org.openmuc.jmbus.VariableDataStructure;

/**
 * Decodes what an iM871A receiver sent (one or more HCI frames) into the readings of the first
 * telegram among them, without a device or a line: the session uses it for every poll,
 * {@code bin/heathub decode --protocol wmbus} and the fuzz tests use it alone. Settings:
 * {@code key} (the meter's AES-128 key), {@code zone}, {@code dueDayStorage}, and {@code meter} (the
 * 8-digit id of the meter to decode when the bytes hold several meters' telegrams). Listed in
 * {@code META-INF/services/io.heathub.api.driver.FrameDecoder}.
 */
public final class WMBusFrameDecoder implements FrameDecoder {
    /** Decoder setting: the identification number of the meter whose telegram to decode (default: the first). */
    static final String METER = "meter";
    private static final int CI_LONG_HEADER = 0x72;
    private static final int CI_SHORT_HEADER = 0x7A;
    private static final int CI_NO_HEADER = 0x78;

    @Override
    public String protocol() {
        return WMBusDriver.ID;
    }

    /** The readings' device id is the meter in the telegram, {@code KAM 12345678}. */
    @Override
    public List<Reading> decode(byte[] frames, Map<String, String> settings, Instant receivedAt) throws FrameException {
        MeterSettings meter;
        try {
            meter = MeterSettings.of(settings);
        } catch (DeviceException e) {
            throw new FrameException(Kind.CONFIG, -1, e.getMessage());
        }
        String wanted = settings.get(METER);
        int at = 0;
        while (at < frames.length) {
            int length = Hci.frameLength(Arrays.copyOfRange(frames, at, frames.length), frames.length - at);
            if (length < 0 || at + length > frames.length) {
                throw new FrameException(Kind.MALFORMED, frames.length, "HCI frame at byte " + at + " cut short: "
                        + Hci.hex(frames));
            }
            byte[] one = Arrays.copyOfRange(frames, at, at + length);
            Hci.Frame frame = Hci.parse(one, at);
            if (frame.is(Hci.RADIOLINK, Hci.WMBUSMSG_IND)) {
                Telegram header = Telegram.header(frame.payload(), at + 4);
                if (wanted == null || wanted.equals(header.id())) {
                    return readings(header.meter(), frame, header, meter, receivedAt);
                }
            }
            at += length;
        }
        throw new FrameException(Kind.MALFORMED, -1, "no received telegram (HCI RADIOLINK WMBUSMSG_IND)"
                + (wanted == null ? "" : " of meter " + wanted) + " in " + Hci.hex(frames));
    }

    /**
     * The readings of one telegram. Their time is the meter clock when the telegram carries one,
     * else {@code pollTime}.
     */
    static List<Reading> readings(String device, Hci.Frame frame, Telegram header, MeterSettings settings,
                                  Instant pollTime) throws FrameException {
        if (!header.carriesData()) {
            throw new FrameException(Kind.MALFORMED, 4, String.format("C field %02X of meter %s is no data telegram",
                    header.control(), header.meter()));
        }
        byte[] payload = frame.payload();
        // jMBus wants the telegram from its L field: L C M M A A A A V T CI…
        byte[] telegram = new byte[payload.length + 1];
        telegram[0] = (byte) payload.length;
        System.arraycopy(payload, 0, telegram, 1, payload.length);
        SecondaryAddress address = SecondaryAddress.newFromWMBusHeader(telegram, 2);
        VariableDataStructure data = new VariableDataStructure(telegram, 10, payload.length - 9, address,
                settings.key().map(k -> Map.of(address, k)).orElse(Map.of()));
        try {
            data.decode();
        } catch (DecodingException e) {
            throw new FrameException(Kind.MALFORMED, -1, "telegram of meter " + header.meter() + ": " + explain(e, data,
                    settings) + ": " + Hci.hex(telegram));
        } catch (RuntimeException e) {
            // jMBus reads records by their own lengths and may run off the end of a damaged telegram
            throw new FrameException(Kind.MALFORMED, -1, "telegram of meter " + header.meter() + " does not decode ("
                    + e.getClass().getSimpleName() + "): " + Hci.hex(telegram));
        }
        if (data.getEncryptionMode() != EncryptionMode.NONE && data.getEncryptionMode() != EncryptionMode.AES_CBC_IV) {
            throw new FrameException(Kind.MALFORMED, -1, "telegram of meter " + header.meter() + " uses encryption "
                    + data.getEncryptionMode() + "; this driver decrypts mode 5 (AES-CBC-IV) only");
        }
        if (settings.key().isPresent() && data.getEncryptionMode() == EncryptionMode.NONE) {
            // a forged plain telegram must not pass for a meter that is known to encrypt
            throw new FrameException(Kind.MALFORMED, -1, "meter " + header.meter() + " sent an unencrypted telegram,"
                    + " but settings.key says it encrypts: " + Hci.hex(telegram));
        }
        int ci = payload[9] & 0xFF;
        int transportHeader = ci == CI_SHORT_HEADER ? 4 : ci == CI_LONG_HEADER ? 12 : ci == CI_NO_HEADER ? 0 : -1;
        if (transportHeader >= 0) {
            // the 2F 2F in front of the records: checked by jMBus behind a decryption, counted here otherwise
            int start = 10 + transportHeader;
            int fill = data.getEncryptionMode() == EncryptionMode.AES_CBC_IV ? 2 : 0;
            while (data.getEncryptionMode() == EncryptionMode.NONE && start + fill < payload.length
                    && payload[start + fill] == 0x2F) {
                fill++;
            }
            RecordMapping.checkRecordsFit(data.getDataRecords(), payload.length - start - fill, header.meter());
        }
        DeviceType type = DeviceType.getInstance(header.type());
        Instant time = RecordMapping.meterClock(data.getDataRecords(), settings.zone()).orElse(pollTime);
        List<Reading> readings = new ArrayList<>(RecordMapping.readings(device, type, data.getDataRecords(), settings,
                time));
        if (ci == CI_SHORT_HEADER || ci == CI_LONG_HEADER) {
            readings.addAll(status(device, data.getStatus(), time));
        }
        if (frame.rssi() >= 0) {
            readings.add(Reading.good(device, RecordMapping.RSSI, BigDecimal.valueOf(frame.rssi()), Unit.NONE, time));
        }
        return readings;
    }

    /** The status byte of the transport header (EN 13757-7): power low, permanent and temporary error. */
    private static List<Reading> status(String device, int status, Instant time) {
        return List.of(flag(device, "status.powerLow", status & 0x04, time),
                flag(device, "status.permanentError", status & 0x08, time),
                flag(device, "status.temporaryError", status & 0x10, time));
    }

    private static Reading flag(String device, String point, int bit, Instant time) {
        return Reading.good(device, point, bit == 0 ? BigDecimal.ZERO : BigDecimal.ONE, Unit.NONE, time);
    }

    /** What jMBus's refusal means for the integrator; never quotes the key. */
    private static String explain(DecodingException e, VariableDataStructure data, MeterSettings settings) {
        String message = String.valueOf(e.getMessage()).replace('\n', ' ');
        if (message.contains("key") || message.contains("Key")) {
            return settings.key().isEmpty()
                    ? "the telegram is encrypted (mode " + data.getEncryptionMode() + ") and settings.key is not set"
                    : "decryption failed (the decrypted data does not start with 2F 2F): settings.key is not this"
                    + " meter's key, or the telegram was damaged";
        }
        return message;
    }
}
