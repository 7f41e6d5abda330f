package io.heathub.camel.modbus;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.support.ScheduledPollConsumer;

/**
 * Reads the endpoint's block on every poll and emits it as one exchange (all registers of the
 * block in one body, not one exchange per register). A failed read emits nothing; Camel's poll
 * strategy logs it and the next poll reconnects.
 */
public class ModbusConsumer extends ScheduledPollConsumer {
    private final ModbusEndpoint endpoint;

    ModbusConsumer(ModbusEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
    }

    @Override
    protected int poll() throws Exception {
        ModbusEndpoint.Settings s = endpoint.getSettings();
        Object values = endpoint.read();
        Exchange exchange = createExchange(false);
        try {
            Message message = exchange.getMessage();
            message.setBody(values);
            ModbusProducer.setHeaders(message, s, s.count());
            getProcessor().process(exchange);
            if (exchange.getException() != null) {
                getExceptionHandler().handleException("Error processing Modbus poll of " + endpoint.getEndpointUri(),
                        exchange, exchange.getException());
            }
        } finally {
            releaseExchange(exchange, false);
        }
        return 1;
    }
}
