package io.heathub.camel.journal;

import io.heathub.api.journal.Journal;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.ScheduledPollEndpoint;

/** One cursor of the journal as a polling consumer endpoint; it has no producer. */
public class JournalEndpoint extends ScheduledPollEndpoint {
    private final Journal journal;
    private final String cursor;
    private int batchSize = 500;

    JournalEndpoint(String uri, JournalComponent component, Journal journal, String cursor) {
        super(uri, component);
        this.journal = journal;
        this.cursor = cursor;
    }

    @Override
    public Producer createProducer() {
        throw new UnsupportedOperationException("journal: is read-only: readings enter the journal from the buses, "
                + "or through POST /api/readings");
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        JournalConsumer consumer = new JournalConsumer(this, processor, journal, cursor);
        configureConsumer(consumer);
        return consumer;
    }

    public int getBatchSize() {
        return batchSize;
    }

    /** Most readings per exchange (default 500). */
    public void setBatchSize(int batchSize) {
        this.batchSize = batchSize;
    }
}
