package io.heathub.camel.hub;

import io.heathub.api.Quality;
import io.heathub.api.Reading;
import io.heathub.api.hub.ReadingSink;
import io.heathub.api.journal.JournalException;
import io.heathub.wire.ReadingInput;
import io.heathub.wire.WireFormatException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultProducer;

/**
 * {@code to: heathub:readings}: the body becomes readings through the same checks, unit conversion,
 * validation and journal as a driver's poll. A body the door refuses, or a batch the journal
 * refuses, fails the exchange with {@link ReadingsRefusedException} saying which reading and why;
 * nothing of that batch is accepted. The body is left as it was; the counts go into headers.
 */
class ReadingsProducer extends DefaultProducer {
    private final String where;
    private final ReadingSink sink;
    private final ReadingInput input = new ReadingInput(ReadingInput.Limits.DEFAULT, Clock.systemUTC());

    ReadingsProducer(HeathubEndpoint endpoint, ReadingSink sink) {
        this(endpoint, sink, "heathub:readings");
    }

    /** @param where the endpoint, for messages */
    ReadingsProducer(HeathubEndpoint endpoint, ReadingSink sink, String where) {
        super(endpoint);
        this.sink = sink;
        this.where = where;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        List<Reading> readings;
        try {
            readings = readings(exchange);
        } catch (WireFormatException | IllegalArgumentException e) {
            throw new ReadingsRefusedException(where + " refused the body of route " + Bodies.route(exchange) + ": "
                    + e.getMessage(), e);
        }
        List<Reading> accepted;
        try {
            accepted = sink.accept(readings);
        } catch (JournalException e) {
            throw new ReadingsRefusedException(where + ": the journal refused " + readings.size() + " readings of route "
                    + Bodies.route(exchange) + ", none accepted: " + e.getMessage(), e);
        }
        exchange.getMessage().setHeader(HeathubHeaders.READINGS_COUNT, accepted.size());
        exchange.getMessage().setHeader(HeathubHeaders.READINGS_NOT_GOOD,
                accepted.stream().filter(r -> r.quality() != Quality.GOOD).count());
    }

    /** The body's readings, checked at the door. */
    List<Reading> readings(Exchange exchange) throws Exception {
        Object body = exchange.getMessage().getBody();
        if (body == null) {
            throw new WireFormatException("the body is empty: expected a JSON array of readings, a List or a Map");
        }
        if (body instanceof Reading r) {
            return input.readObjects(List.of(r));
        }
        if (body instanceof List<?> list) {
            return input.readObjects(list);
        }
        if (body instanceof Map<?, ?> map) {
            return input.readObjects(List.of(map));
        }
        byte[] json = Bodies.bytes(exchange, ReadingInput.Limits.DEFAULT.maxBytes(), where);
        if (json == null) {
            throw new WireFormatException("cannot read a body of " + body.getClass().getName()
                    + ": expected JSON text or bytes, a List or a Map of readings");
        }
        return input.readJson(json);
    }
}
