package io.heathub.billing.records;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The hub's complaints, for the features that count them (the supervision feed, the energy
 * figures) without depending on the bundle that records them: registered by heathub-complaints.
 */
public interface Complaints {

    /** Complaints made in [from, to), of one household or all, by time. */
    List<Complaint> between(Instant from, Instant to, Optional<String> household);

    /** Complaints open at {@code at}: made before it, not resolved by then. */
    List<Complaint> openAt(Instant at);
}
