package io.heathub.camel.modbus;

import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.ScheduledPollEndpoint;

/**
 * A block of Modbus registers or bits on one unit. Producers read or write it on demand; the
 * consumer polls it on the scheduled-poll options ({@code delay}, {@code initialDelay}, …). A
 * {@code bus/} endpoint goes through the hub's bus worker and command path and has no connection;
 * the others open one connection when they start, shared by their producers and consumer (a
 * serial port is shared with the other endpoints on it), and close it when they stop.
 */
public class ModbusEndpoint extends ScheduledPollEndpoint {

    /**
     * The endpoint's options, already validated by {@link ModbusComponent}.
     *
     * @param resultTimeoutMillis bus endpoints: most time to wait for the turn on the line (reads)
     *                            or the command's outcome (writes); 0 for other targets
     * @param dataType            registers read as numbers of this type; null for the raw registers
     * @param highWordFirst       word order of two-register values
     */
    public record Settings(ModbusTarget target, int unitId, ModbusFunction function, int address, int count,
                           int timeoutMillis, boolean write, int resultTimeoutMillis, RegisterValues dataType,
                           boolean highWordFirst) {
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

    /** Reads the endpoint's block: on the hub bus's worker, or over the endpoint's own connection. */
    Object read() throws Exception {
        Object values = settings.target() instanceof ModbusTarget.Bus bus
                ? new BusRegisters(component, bus, settings, getEndpointUri()).read()
                : connection().read(settings.unitId(), settings.function(), settings.address(), settings.count(),
                        settings.timeoutMillis());
        return settings.dataType() == null ? values
                : settings.dataType().decode((int[]) values, settings.address(), settings.highWordFirst());
    }

    ModbusComponent component() {
        return component;
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
        if (!(settings.target() instanceof ModbusTarget.Bus)) {
            connection = component.openConnection(settings.target());
        }
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
