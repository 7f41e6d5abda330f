package io.heathub.api.journal;

import io.heathub.api.Reading;
import java.time.Instant;
import java.util.Objects;

/**
 * A journal entry one uplink could not deliver and set aside so that it could go on with the
 * entries after it: the reading cannot be written in the uplink's wire form, or the backend
 * understood it and refused it for good. The other uplinks are not affected.
 *
 * @param uplink          the uplink's cursor name
 * @param position        the entry's journal position
 * @param reading         the entry as journaled
 * @param reason          why it was set aside (what the encoder or the backend said)
 * @param setAsideAt      when it was (last) set aside
 * @param resendRequested an operator asked for it to be sent again; the uplink tries on its next round
 */
public record DeadLetter(String uplink, long position, Reading reading, String reason, Instant setAsideAt,
                         boolean resendRequested) {
    public DeadLetter {
        Objects.requireNonNull(uplink, "uplink");
        Objects.requireNonNull(reading, "reading");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(setAsideAt, "setAsideAt");
    }
}
