package io.heathub.api;

/** How far a reading can be trusted. Readings are marked, never silently dropped. */
public enum Quality {
    /** Measured and plausible. */
    GOOD,
    /** Not measured at that instant: interpolated or derived (e.g. a billing cut between two readings). */
    ESTIMATED,
    /** Measured, but failed a plausibility rule; the reading's reason says which. */
    SUSPECT,
    /** Known wrong: the device reported a fault for this value. */
    BAD
}
