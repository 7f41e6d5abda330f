package io.heathub.camel.journal.uplink;

import java.lang.System.Logger;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One uplink as the support runs it.
 *
 * @param cursor       the journal cursor it owns (also the name of its dead letters)
 * @param label        how the log names it, e.g. {@code MQTT uplink to tcp://broker:1883}
 * @param log          its logger (its log lines keep the uplink's own logger name)
 * @param batchSize    most entries read per round (1..{@value #MAX_BATCH})
 * @param pollInterval how often the journal is looked at once drained
 * @param firstBackoff first wait after a failure, doubling per failure
 * @param maxBackoff   longest wait between attempts while the backend fails
 * @param hub          the hub id on the wire each round ({@code hubId} configured, else the site id);
 *                     empty: nothing is sent until there is one
 * @param policy       how entries are written and failures judged
 */
public record UplinkSpec(String cursor, String label, Logger log, int batchSize, Duration pollInterval,
                         Duration firstBackoff, Duration maxBackoff, Supplier<Optional<String>> hub,
                         UplinkPolicy policy) {
    /** The most entries one round reads: bounds memory and message sizes. */
    public static final int MAX_BATCH = 10_000;

    public UplinkSpec {
        Objects.requireNonNull(cursor, "cursor");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(hub, "hub");
        Objects.requireNonNull(policy, "policy");
        checkBatchSize(batchSize);
    }

    /** Refuses a batch size outside 1..{@value #MAX_BATCH}. */
    public static int checkBatchSize(int batchSize) {
        if (batchSize < 1 || batchSize > MAX_BATCH) {
            throw new IllegalArgumentException("batchSize must be at least 1 and at most " + MAX_BATCH + ", got " + batchSize);
        }
        return batchSize;
    }

    /** The hub id on the wire: the configured one, else the site's id (empty until a site is applied). */
    public static Supplier<Optional<String>> hubId(String configured, Supplier<Optional<String>> siteId) {
        String fixed = configured == null ? "" : configured.strip();
        return fixed.isEmpty() ? siteId : () -> Optional.of(fixed);
    }
}
