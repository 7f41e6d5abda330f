package io.heathub.camel.journal;

import io.heathub.api.journal.Journal;
import io.heathub.camel.journal.uplink.UplinkPolicy;
import io.heathub.camel.journal.uplink.UplinkSpec;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.camel.Component;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.ScheduledPollEndpoint;

/**
 * One cursor of the journal as a polling consumer endpoint; it has no producer. A {@code journal:}
 * route's endpoint carries its options; a built-in uplink's carries the uplink's own spec.
 */
public class JournalEndpoint extends ScheduledPollEndpoint {
    private static final System.Logger ROUTES_LOG = System.getLogger(JournalEndpoint.class.getName());

    private final Journal journal;
    private final String cursor;
    private final Supplier<Optional<String>> siteId;
    private final UplinkSpec fixedSpec;
    private int batchSize = 500;
    private String hubId = "";
    private long firstBackoff = 1000;
    private long maxBackoff = 60_000;

    /** A {@code journal:} route's endpoint: options from its URI. */
    JournalEndpoint(String uri, Component component, Journal journal, String cursor,
                    Supplier<Optional<String>> siteId) {
        super(uri, component);
        this.journal = journal;
        this.cursor = cursor;
        this.siteId = siteId;
        this.fixedSpec = null;
    }

    /** A built-in uplink's endpoint (see {@code JournalUplinks}). */
    public static JournalEndpoint forUplink(String uri, Component component, Journal journal, UplinkSpec spec) {
        return new JournalEndpoint(uri, component, journal, spec);
    }

    private JournalEndpoint(String uri, Component component, Journal journal, UplinkSpec spec) {
        super(uri, component);
        this.journal = journal;
        this.cursor = spec.cursor();
        this.siteId = spec.hub();
        this.fixedSpec = spec;
        this.batchSize = spec.batchSize();
        setDelay(spec.pollInterval().toMillis());
        setInitialDelay(0);
    }

    @Override
    public Producer createProducer() {
        throw new UnsupportedOperationException("journal: is read-only: readings enter the journal from the buses, "
                + "or through POST /api/readings");
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        UplinkSpec spec = fixedSpec != null ? fixedSpec
                : new UplinkSpec(cursor, "journal:" + cursor + " route", ROUTES_LOG, batchSize,
                Duration.ofMillis(getDelay()), Duration.ofMillis(firstBackoff), Duration.ofMillis(maxBackoff),
                UplinkSpec.hubId(hubId, siteId), new UplinkPolicy() { });
        JournalConsumer consumer = new JournalConsumer(this, processor, journal, spec, fixedSpec == null);
        configureConsumer(consumer);
        return consumer;
    }

    public int getBatchSize() {
        return batchSize;
    }

    /** Most readings per exchange (default 500, at most 10,000). */
    public void setBatchSize(int batchSize) {
        this.batchSize = batchSize;
    }

    public String getHubId() {
        return hubId;
    }

    /** The hub id written into every reading (default: the site id). */
    public void setHubId(String hubId) {
        this.hubId = hubId == null ? "" : hubId;
    }

    public long getFirstBackoff() {
        return firstBackoff;
    }

    /** Milliseconds to wait after the target's first failure (doubling per failure; default 1000). */
    public void setFirstBackoff(long firstBackoff) {
        this.firstBackoff = firstBackoff;
    }

    public long getMaxBackoff() {
        return maxBackoff;
    }

    /** Longest wait in milliseconds between attempts while the target fails (default 60000). */
    public void setMaxBackoff(long maxBackoff) {
        this.maxBackoff = maxBackoff;
    }
}
