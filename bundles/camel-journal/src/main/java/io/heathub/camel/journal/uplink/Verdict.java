package io.heathub.camel.journal.uplink;

import java.util.Objects;

/**
 * What a failed delivery means for the entries it carried.
 *
 * @param kind   what the support does
 * @param reason said in the log, the alarm or the dead letter (bounded, no payload)
 */
public record Verdict(Kind kind, String reason) {
    /** What the support does after a failure. */
    public enum Kind {
        /** The backend is away or busy: keep the cursor, back off, try again. */
        RETRY,
        /**
         * The backend refuses the uplink itself (credentials, authorisation, a wrong URL or topic):
         * like {@link #RETRY}, and an alarm in the journal's health until it delivers again.
         */
        ALARM,
        /**
         * The backend understood and refused what was sent, and will refuse it again: the batch is
         * narrowed down (halved) to the refused entry, which is set aside as a dead letter.
         */
        REFUSED
    }

    public Verdict {
        Objects.requireNonNull(kind, "kind");
        reason = reason == null ? "" : reason;
    }

    public static Verdict retry(String reason) {
        return new Verdict(Kind.RETRY, reason);
    }

    public static Verdict alarm(String reason) {
        return new Verdict(Kind.ALARM, reason);
    }

    public static Verdict refused(String reason) {
        return new Verdict(Kind.REFUSED, reason);
    }
}
