package io.heathub.store;

import io.heathub.api.Reading;
import io.heathub.api.journal.DeadLetter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The stored form of a dead letter: key {@code <uplink>/<position, 19 digits>} (so one uplink's
 * letters are contiguous and in position order), value = format byte, flags (bit 0: re-send
 * requested), set-aside time (epoch millis), reason (length + UTF-8), then the reading in
 * {@link ReadingCodec}'s form.
 */
final class DeadLetterRecord {
    private static final byte FORMAT = 1;
    private static final byte RESEND = 1;
    /** A reason is what an encoder or a backend said: kept, but bounded. */
    static final int MAX_REASON_CHARS = 1000;

    private DeadLetterRecord() {
    }

    static String key(String uplink, long position) {
        return prefix(uplink) + String.format("%019d", position);
    }

    /** Every key of the uplink starts with this; none of another uplink does (cursor names have no '/'). */
    static String prefix(String uplink) {
        return uplink + '/';
    }

    static long position(String key) {
        return Long.parseLong(key.substring(key.lastIndexOf('/') + 1));
    }

    static byte[] encode(Reading reading, String reason, Instant at, boolean resend) {
        byte[] text = bounded(reason).getBytes(StandardCharsets.UTF_8);
        byte[] encoded = ReadingCodec.encode(reading);
        return ByteBuffer.allocate(2 + 8 + 4 + text.length + encoded.length).put(FORMAT).put(resend ? RESEND : 0)
                .putLong(at.toEpochMilli()).putInt(text.length).put(text).put(encoded).array();
    }

    static DeadLetter decode(String key, byte[] value) {
        ByteBuffer in = ByteBuffer.wrap(value);
        byte format = in.get();
        if (format != FORMAT) {
            throw new IllegalArgumentException("unknown dead letter format " + format + " at " + key);
        }
        boolean resend = (in.get() & RESEND) != 0;
        Instant at = Instant.ofEpochMilli(in.getLong());
        byte[] text = new byte[in.getInt()];
        in.get(text);
        byte[] reading = new byte[in.remaining()];
        in.get(reading);
        String uplink = key.substring(0, key.lastIndexOf('/'));
        return new DeadLetter(uplink, position(key), ReadingCodec.decode(reading),
                new String(text, StandardCharsets.UTF_8), at, resend);
    }

    static byte[] withResend(String key, byte[] value) {
        DeadLetter d = decode(key, value);
        return encode(d.reading(), d.reason(), d.setAsideAt(), true);
    }

    private static String bounded(String reason) {
        String oneLine = reason == null ? "" : reason.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= MAX_REASON_CHARS ? oneLine : oneLine.substring(0, MAX_REASON_CHARS) + "…";
    }
}
