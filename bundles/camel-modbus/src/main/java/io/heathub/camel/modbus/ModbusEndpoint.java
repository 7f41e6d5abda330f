package io.heathub.camel.modbus;

import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.ScheduledPollEndpoint;

/**
 * A block of Modbus registers or bits on one unit behind one connection. Producers read or
 * write it on demand; the consumer polls it on the scheduled-poll options ({@code delay},
 * {@code initialDelay}, …). The endpoint opens one connection when it starts, shared by its
 * producers and its consumer (a serial port is shared with the other endpoints on it), and
 * closes it when it stops.
 */
public class ModbusEndpoint extends ScheduledPollEndpoint {

    /** The endpoint's options, already validated by {@link ModbusComponent}. */
    public record Settings(ModbusTarget target, int unitId, ModbusFunction function, int address, int count,
                           int timeoutMillis, boolean write) {
    }

    private final Settings settings;
    private final ModbusComponent component;
    private volatile ModbusConnection connection;

    ModbusEndpoint(String uri, ModbusComponent component, Settings settings) {
        super(uri, component);
        this.settings = settings;
        this.component = component;
    }

    public Settings getSettings() {
        return settings;
    }

    @Override
    public Producer createProducer() {
        return new ModbusProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        ModbusConsumer consumer = new ModbusConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }

    ModbusConnection connection() {
        ModbusConnection current = connection;
        if (current == null) {
            throw new IllegalStateException("Modbus endpoint " + getEndpointUri() + " is not started");
        }
        return current;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        connection = component.openConnection(settings.target());
    }

    @Override
    protected void doStop() throws Exception {
        ModbusConnection current = connection;
        connection = null;
        if (current != null) {
            component.closeConnection(current);
        }
        super.doStop();
    }
}
