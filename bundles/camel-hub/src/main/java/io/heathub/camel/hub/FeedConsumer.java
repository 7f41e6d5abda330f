package io.heathub.camel.hub;

import io.heathub.api.Reading;
import io.heathub.api.hub.ReadingFeed;
import io.heathub.wire.ReadingJson;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;

/**
 * {@code from: heathub:readings} / {@code heathub:alarms}: one exchange per accepted batch (its
 * readings that pass the filter), in the order the hub accepted them. The feed calls on the thread
 * that accepted the batch (a bus worker): the batch is handed to this consumer's own thread
 * through a bounded queue, so a slow route never holds up polling; when the queue is full the
 * batch is dropped, counted and logged. A live feed, not a durable one: use {@code journal:} for
 * at-least-once delivery.
 */
final class FeedConsumer extends DefaultConsumer {
    private static final System.Logger LOG = System.getLogger(FeedConsumer.class.getName());

    private final HeathubEndpoint endpoint;
    private final ReadingFeed feed;
    private final ReadingJson json = new ReadingJson();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong droppedSinceLast = new AtomicLong();
    private ThreadPoolExecutor deliverer;
    private AutoCloseable subscription;

    FeedConsumer(HeathubEndpoint endpoint, Processor processor, ReadingFeed feed) {
        super(endpoint, processor);
        this.endpoint = endpoint;
        this.feed = feed;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        String name = "heathub-" + endpoint.kind().path + "-" + (getRouteId() == null ? "route" : getRouteId());
        deliverer = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(endpoint.getQueueSize()),
                r -> {
                    Thread t = new Thread(r, name);
                    t.setDaemon(true);
                    return t;
                });
        Predicate<Reading> wanted = endpoint.filter();
        subscription = feed.subscribe(batch -> {
            List<Reading> mine = batch.stream().filter(wanted).toList();
            if (!mine.isEmpty()) {
                hand(mine);
            }
        });
    }

    private void hand(List<Reading> readings) {
        try {
            deliverer.execute(() -> deliver(readings));
        } catch (RejectedExecutionException full) {
            long total = dropped.incrementAndGet();
            droppedSinceLast.incrementAndGet();
            if (total == 1 || total % 100 == 0) {
                LOG.log(Level.WARNING, "{0}: route {1} falls behind: {2} batches dropped so far (queueSize={3})",
                        endpoint.getEndpointUri(), getRouteId(), total, endpoint.getQueueSize());
            }
        }
    }

    private void deliver(List<Reading> readings) {
        Exchange exchange = createExchange(true);
        try {
            exchange.getMessage().setBody(endpoint.jsonBody() ? json.writeArray(readings) : readings);
            if (endpoint.jsonBody()) {
                exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
            }
            exchange.getMessage().setHeader(HeathubHeaders.READINGS_COUNT, readings.size());
            exchange.getMessage().setHeader(HeathubHeaders.READINGS_DROPPED, droppedSinceLast.getAndSet(0));
            getProcessor().process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        }
        if (exchange.getException() != null) {
            getExceptionHandler().handleException("Error processing " + readings.size() + " readings from "
                    + endpoint.getEndpointUri(), exchange, exchange.getException());
        }
        releaseExchange(exchange, true);
    }

    @Override
    protected void doStop() throws Exception {
        if (subscription != null) {
            subscription.close();
            subscription = null;
        }
        if (deliverer != null) {
            deliverer.shutdown();
            if (!deliverer.awaitTermination(5, TimeUnit.SECONDS)) {
                deliverer.shutdownNow();
            }
        }
        super.doStop();
    }
}
