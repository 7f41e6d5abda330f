package io.heathub.forward.kafka;

import io.heathub.api.Reading;
import io.heathub.api.journal.JournalEntry;
import io.heathub.wire.ReadingJson;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sends one journal batch as Kafka records and says how much of it Kafka acknowledged.
 *
 * <p>One record per reading: key = device id (the default partitioner hashes it, so a device's
 * readings share a partition and keep their order), value = the reading's JSON, header
 * {@value #KEY_HEADER} = the reading's identity. The producer is idempotent with {@code acks=all},
 * so its own retries neither reorder nor repeat records within a partition.
 *
 * <p>The producer is created on demand and thrown away after any failure: that clears a producer
 * stuck in a fatal state and re-resolves the bootstrap servers. Used by one thread at a time
 * (the route's); {@link #close} may come from another.
 */
final class BatchProducer implements AutoCloseable {
    /** Record header with the reading's identity {@link Reading#key()} ({@code device/point/epochMillis}). */
    static final String KEY_HEADER = "heathub-key";

    /**
     * How much of a batch Kafka took.
     *
     * @param acknowledged how many entries from the start of the batch were acknowledged (all
     *                     entries before them too): the cursor may move past these
     * @param failure      why the rest was not, or null when the whole batch was acknowledged
     */
    record Outcome(int acknowledged, Throwable failure) {
    }

    private final KafkaUplinkSettings settings;
    private final ReadingJson json = new ReadingJson();
    private Producer<byte[], byte[]> producer;
    private boolean closed;

    BatchProducer(KafkaUplinkSettings settings) {
        this.settings = settings;
    }

    /** Sends every entry, waits for all acknowledgements (or failures), and reports the acknowledged prefix. */
    Outcome send(List<JournalEntry> entries) {
        Producer<byte[], byte[]> current;
        try {
            current = producer();
        } catch (RuntimeException e) { // e.g. no bootstrap server resolves (KafkaException)
            return new Outcome(0, e);
        }
        List<Future<RecordMetadata>> acks = new ArrayList<>(entries.size());
        AtomicReference<Exception> firstFailure = new AtomicReference<>();
        Callback noteFailure = (metadata, e) -> {
            if (e != null) {
                firstFailure.compareAndSet(null, e);
            }
        };
        Throwable failure = null;
        try {
            for (JournalEntry entry : entries) {
                // Blocks while metadata is missing or the buffer is full, at most max.block.ms; a
                // metadata timeout comes back as an already failed future (callback run at once).
                acks.add(current.send(record(entry.reading()), noteFailure));
                if (firstFailure.get() != null) {
                    break; // the rest would fail too, each after its own wait
                }
            }
        } catch (RuntimeException e) {
            failure = e;
        }
        try {
            current.flush(); // returns when every sent record is acknowledged or failed (delivery timeout)
        } catch (RuntimeException e) { // InterruptException while the uplink stops
            failure = failure == null ? e : failure;
        }
        int acknowledged = 0;
        for (Future<RecordMetadata> ack : acks) {
            if (!ack.isDone()) {
                failure = failure == null ? new IllegalStateException("not acknowledged after flush") : failure;
                break;
            }
            try {
                ack.get();
                acknowledged++;
            } catch (ExecutionException e) {
                failure = e.getCause();
                break;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = e;
                break;
            }
        }
        if (failure != null) {
            discard(current);
        }
        return new Outcome(acknowledged, failure);
    }

    private ProducerRecord<byte[], byte[]> record(Reading reading) {
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(settings.topic(),
                reading.device().getBytes(StandardCharsets.UTF_8), json.write(reading));
        record.headers().add(KEY_HEADER, reading.key().getBytes(StandardCharsets.UTF_8));
        return record;
    }

    private synchronized Producer<byte[], byte[]> producer() {
        if (closed) {
            throw new IllegalStateException("Kafka uplink is stopping");
        }
        if (producer == null) {
            producer = KafkaClassLoading.withBundleLoader(() -> new KafkaProducer<>(settings.producerConfig(),
                    new ByteArraySerializer(), new ByteArraySerializer()));
        }
        return producer;
    }

    private void discard(Producer<byte[], byte[]> failed) {
        synchronized (this) {
            if (producer == failed) {
                producer = null;
            }
        }
        failed.close(Duration.ZERO); // everything it sent has completed or failed already
    }

    /** Ends the connection; a send in progress on another thread fails (its batch is not committed). */
    @Override
    public void close() {
        Producer<byte[], byte[]> last;
        synchronized (this) {
            closed = true;
            last = producer;
            producer = null;
        }
        if (last != null) {
            last.close(Duration.ofSeconds(2));
        }
    }
}
