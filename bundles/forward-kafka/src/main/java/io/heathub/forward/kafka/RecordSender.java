package io.heathub.forward.kafka;

import io.heathub.camel.journal.uplink.Verdict;
import io.heathub.camel.journal.uplink.Verdicts;
import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.camel.AsyncProcessor;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Producer;
import org.apache.camel.component.kafka.DefaultKafkaClientFactory;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.KafkaEndpoint;
import org.apache.camel.support.AsyncProcessorConverterHelper;
import org.apache.camel.support.service.ServiceHelper;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Sends an exchange's records through camel-kafka's producer and waits until Kafka answered for
 * every one of them (camel-kafka completes the exchange when the last record's callback ran; each
 * record's metadata lands on its own message), and owns that producer's life: it is thrown away after any
 * failure, so a Kafka producer stuck in a fatal state cannot stick and the bootstrap servers are
 * resolved again, and it is closed at once (no wait for records in flight) when the uplink stops.
 * Used by the route's single thread; {@link #close} may come from another.
 */
final class RecordSender implements AutoCloseable {
    private final KafkaEndpoint endpoint;
    /** The Kafka producer camel-kafka created last (through our factory), to close it without waiting. */
    private volatile org.apache.kafka.clients.producer.Producer<?, ?> kafkaProducer;
    private Producer camelProducer;
    private volatile boolean closed;

    RecordSender(KafkaEndpoint endpoint) {
        this.endpoint = endpoint;
        endpoint.setKafkaClientFactory(new DefaultKafkaClientFactory() {
            @Override
            public org.apache.kafka.clients.producer.Producer getProducer(Properties kafkaProps) {
                org.apache.kafka.clients.producer.Producer<?, ?> created = super.getProducer(kafkaProps);
                kafkaProducer = created;
                return created;
            }
        });
    }

    /**
     * Sends the exchange's body (a list of messages, one record each) and returns when Kafka
     * answered for all of them. On a failure the exchange's property {@code confirmed} is the
     * {@link BitSet} of the records Kafka did acknowledge (those with an offset), and the producer
     * is discarded.
     *
     * <p>A failure that is not about one record (broker away, timeout, authentication) discards
     * the producer at once, aborting the records still pending: once one record of a partition has
     * failed, a later one of the same partition must not be written before it is sent again, or a
     * device's readings would land out of order. A record Kafka refuses (too large, invalid) does
     * not stop the others: they are waited for, so only the refused one is sent again.
     */
    void send(Exchange exchange, String confirmed) throws InterruptedException {
        @SuppressWarnings("unchecked")
        List<Message> records = exchange.getIn().getBody(List.class);
        CountDownLatch answered = new CountDownLatch(1);
        try {
            AsyncProcessor producer = AsyncProcessorConverterHelper.convert(producer());
            producer.process(exchange, doneSync -> answered.countDown());
        } catch (Exception e) {
            exchange.setException(e);
            answered.countDown();
        }
        while (!answered.await(20, TimeUnit.MILLISECONDS)) {
            Exception failure = exchange.getException();
            if (failure != null && Verdicts.of(failure).kind() != Verdict.Kind.REFUSED) {
                abortPending();
            }
        }
        if (exchange.getException() != null) {
            BitSet acknowledged = new BitSet(records.size());
            for (int i = 0; i < records.size(); i++) {
                List<?> metadata = records.get(i).getHeader(KafkaConstants.KAFKA_RECORD_META, List.class);
                if (metadata != null && !metadata.isEmpty() && metadata.get(0) instanceof RecordMetadata m && m.hasOffset()) {
                    acknowledged.set(i);
                }
            }
            exchange.setProperty(confirmed, acknowledged);
            discard();
        }
    }

    private synchronized Producer producer() throws Exception {
        if (closed) {
            throw new IllegalStateException("Kafka uplink is stopping");
        }
        if (camelProducer == null) {
            Producer created = endpoint.createProducer();
            ServiceHelper.startService(created); // camel-kafka creates the Kafka producer with its class loader
            camelProducer = created;
        }
        return camelProducer;
    }

    /** Fails every record still pending in the Kafka producer now. */
    private void abortPending() {
        org.apache.kafka.clients.producer.Producer<?, ?> kafka = kafkaProducer;
        if (kafka != null) {
            kafka.close(Duration.ZERO);
        }
    }

    /** Closes the Kafka producer without waiting (everything it sent has completed or failed), then camel's. */
    private synchronized void discard() {
        org.apache.kafka.clients.producer.Producer<?, ?> kafka = kafkaProducer;
        kafkaProducer = null;
        if (kafka != null) {
            kafka.close(Duration.ZERO);
        }
        Producer old = camelProducer;
        camelProducer = null;
        ServiceHelper.stopAndShutdownService(old);
    }

    /** Ends the connection; a send in progress on the route's thread fails (its batch is not committed). */
    @Override
    public void close() {
        closed = true;
        org.apache.kafka.clients.producer.Producer<?, ?> kafka = kafkaProducer;
        if (kafka != null) {
            kafka.close(Duration.ZERO); // first: a round blocked on Kafka ends now
        }
        synchronized (this) {
            discard();
        }
    }
}
