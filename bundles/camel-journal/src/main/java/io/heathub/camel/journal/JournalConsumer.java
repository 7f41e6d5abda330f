package io.heathub.camel.journal;

import io.heathub.api.Reading;
import io.heathub.api.journal.Journal;
import io.heathub.api.journal.JournalEntry;
import io.heathub.wire.ReadingJson;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.ScheduledPollConsumer;

/**
 * Reads a batch from the cursor and sends it through the route; commits the cursor after the
 * route completed the exchange without an exception. A failed exchange leaves the cursor, so the
 * next poll sends the same readings again (at least once; identities let targets drop repeats).
 */
final class JournalConsumer extends ScheduledPollConsumer {
    /** Header: journal position of the batch's first reading. */
    static final String FIRST_POSITION = "HeathubJournalFirst";
    /** Header: journal position of the batch's last reading (the cursor moves here). */
    static final String LAST_POSITION = "HeathubJournalLast";
    /** Header: how many readings the batch holds. */
    static final String COUNT = "HeathubJournalCount";

    private final Journal journal;
    private final String cursor;
    private final int batchSize;
    private final ReadingJson json = new ReadingJson();

    JournalConsumer(JournalEndpoint endpoint, Processor processor, Journal journal, String cursor) {
        super(endpoint, processor);
        this.journal = journal;
        this.cursor = cursor;
        this.batchSize = endpoint.getBatchSize();
    }

    @Override
    protected int poll() throws Exception {
        List<JournalEntry> entries = journal.read(cursor, batchSize);
        if (entries.isEmpty()) {
            return 0;
        }
        List<Reading> readings = entries.stream().map(JournalEntry::reading).toList();
        Exchange exchange = createExchange(false);
        exchange.getIn().setBody(json.writeArray(readings));
        exchange.getIn().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getIn().setHeader(FIRST_POSITION, entries.get(0).position());
        exchange.getIn().setHeader(LAST_POSITION, entries.get(entries.size() - 1).position());
        exchange.getIn().setHeader(COUNT, entries.size());
        Exception failure;
        try {
            getProcessor().process(exchange);
            failure = exchange.getException();
            if (failure != null) {
                // The target failed: keep the cursor; the scheduler retries (backoff options apply).
                getExceptionHandler().handleException("journal:" + cursor + ": batch of " + entries.size()
                        + " readings not delivered, will be sent again", exchange, failure);
            }
        } finally {
            releaseExchange(exchange, false);
        }
        if (failure != null) {
            return 0;
        }
        journal.commit(cursor, entries.get(entries.size() - 1).position());
        return entries.size();
    }
}
