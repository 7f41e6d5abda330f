package io.heathub.camel.journal;

import io.heathub.api.journal.Journal;
import io.heathub.camel.journal.uplink.Outgoing;
import io.heathub.camel.journal.uplink.UplinkPolicy;
import io.heathub.camel.journal.uplink.UplinkSpec;
import java.util.BitSet;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.ScheduledPollConsumer;

/**
 * The Camel side of {@link UplinkDelivery}: each poll runs one round, and each batch of the round
 * is one exchange through the route. The route confirmed the batch when the exchange completed
 * without an exception; its exception says what failed ({@link UplinkPolicy#judge}).
 */
final class JournalConsumer extends ScheduledPollConsumer {
    /** Header: journal position of the batch's first reading. */
    static final String FIRST_POSITION = "HeathubJournalFirst";
    /** Header: journal position of the batch's last reading. */
    static final String LAST_POSITION = "HeathubJournalLast";
    /** Header: how many readings the batch holds. */
    static final String COUNT = "HeathubJournalCount";

    private final UplinkSpec spec;
    private final UplinkDelivery delivery;
    private final boolean positionHeaders;

    JournalConsumer(JournalEndpoint endpoint, Processor processor, Journal journal, UplinkSpec spec,
                    boolean positionHeaders) {
        super(endpoint, processor);
        this.spec = spec;
        this.delivery = new UplinkDelivery(journal, spec);
        this.positionHeaders = positionHeaders;
    }

    @Override
    protected int poll() throws Exception {
        return delivery.round(this::send);
    }

    private UplinkDelivery.Attempt send(List<Outgoing> batch) throws Exception {
        Exchange exchange = createExchange(false);
        try {
            exchange.setProperty(UplinkPolicy.BATCH, batch);
            exchange.getIn().setBody(spec.policy().body(batch));
            if (positionHeaders) {
                exchange.getIn().setHeader(Exchange.CONTENT_TYPE, "application/json");
                exchange.getIn().setHeader(FIRST_POSITION, batch.get(0).position());
                exchange.getIn().setHeader(LAST_POSITION, batch.get(batch.size() - 1).position());
                exchange.getIn().setHeader(COUNT, batch.size());
            }
            getProcessor().process(exchange);
            Exception failure = exchange.getException();
            if (failure == null) {
                return UplinkDelivery.Attempt.DELIVERED;
            }
            BitSet confirmed = exchange.getProperty(UplinkPolicy.CONFIRMED, BitSet.class);
            return new UplinkDelivery.Attempt(failure, confirmed == null ? new BitSet() : confirmed);
        } finally {
            releaseExchange(exchange, false);
        }
    }

    @Override
    protected void doStop() throws Exception {
        delivery.stop(); // a round in progress ends after its current send
        super.doStop();
        delivery.clearAlarm();
    }
}
