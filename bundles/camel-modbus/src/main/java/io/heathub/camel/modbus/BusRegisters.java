package io.heathub.camel.modbus;

import io.heathub.api.driver.Command;
import io.heathub.api.driver.CommandResult;
import io.heathub.api.hub.BusAccess;
import io.heathub.driver.modbus.ModbusLinkMaster;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * A {@code modbus:bus/ID} endpoint's block on the hub's bus, which has one owner: reads are
 * {@link BusAccess} work on the bus's worker (between polls, on its connection and statistics);
 * writes are raw-write commands to the site device at the unit through the command path, so the
 * site's rate limit and audit and the profile's limits apply.
 */
final class BusRegisters {
    /** Longest request id taken from the {@value ModbusHeaders#REQUEST_ID} header. */
    private static final int MAX_REQUEST_ID = 128;

    private final ModbusComponent component;
    private final ModbusTarget.Bus bus;
    private final ModbusEndpoint.Settings settings;
    private final String uri;

    BusRegisters(ModbusComponent component, ModbusTarget.Bus bus, ModbusEndpoint.Settings settings, String uri) {
        this.component = component;
        this.bus = bus;
        this.settings = settings;
        this.uri = uri;
    }

    /** The block as {@code int[]} registers or {@code boolean[]} bits, read on the bus's worker. */
    Object read() throws Exception {
        ModbusEndpoint.Settings s = settings;
        int[] values = await(component.busAccess().run(bus.id(), link -> {
            boolean rtu = bus.rtuFraming() == null ? ModbusLinkMaster.rtuByDefault(link) : bus.rtuFraming();
            ModbusLinkMaster master = ModbusLinkMaster.over(link, s.unitId(), rtu, Duration.ofMillis(s.timeoutMillis()),
                    uri + " (unit " + s.unitId() + " on bus " + bus.id() + ")");
            return switch (s.function()) {
                case HOLDING -> master.readHoldingRegisters(s.address(), s.count());
                case INPUT -> master.readInputRegisters(s.address(), s.count());
                case COIL -> master.readCoils(s.address(), s.count());
                case DISCRETE -> master.readDiscreteInputs(s.address(), s.count());
            };
        }).toCompletableFuture(), "its turn on bus " + bus.id());
        if (!s.function().isBits()) {
            return values;
        }
        boolean[] bits = new boolean[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = values[i] != 0;
        }
        return bits;
    }

    /**
     * Sends the body as a raw write command to the device at the unit and waits for its outcome;
     * anything but DONE fails the exchange with the reason.
     *
     * @return the registers or coils written
     */
    int write(Exchange exchange) throws Exception {
        ModbusEndpoint.Settings s = settings;
        Message message = exchange.getMessage();
        String device = component.busAccess().deviceAt(bus.id(), Integer.toString(s.unitId()))
                .orElseThrow(() -> new IllegalStateException(uri + ": no device with address " + s.unitId()
                        + " on bus " + bus.id() + " in site.yaml: a write through a hub bus is a command to a declared"
                        + " device (bounds, rate limit, audit, the profile's limits)"));
        String point;
        BigDecimal value;
        int count;
        if (s.function().isBits()) {
            boolean[] bits = ModbusProducer.coilValues(message.getBody());
            if (bits.length != 1) {
                throw new IllegalArgumentException("Cannot write " + bits.length + " coils through bus " + bus.id()
                        + ": one coil per write (a command to one point)");
            }
            point = ModbusLinkMaster.rawWritePoint("coil", s.address(), 1);
            value = bits[0] ? BigDecimal.ONE : BigDecimal.ZERO;
            count = 1;
        } else {
            int[] registers = ModbusProducer.registerValues(message.getBody());
            if (registers.length > 4) {
                throw new IllegalArgumentException("Cannot write " + registers.length + " registers through bus "
                        + bus.id() + ": 1..4, the registers of one writable point of the device's profile");
            }
            for (int i = 0; i < registers.length; i++) {
                registers[i] &= 0xFFFF; // negative values go out as two's complement
            }
            point = ModbusLinkMaster.rawWritePoint("holding", s.address(), registers.length);
            value = ModbusLinkMaster.rawWriteValue(registers);
            count = registers.length;
        }
        String requestId = requestId(exchange);
        String routeId = exchange.getFromRouteId() == null ? "unknown" : exchange.getFromRouteId();
        Command command = new Command(requestId, device, point, value, "route:" + routeId);
        CommandResult result = await(component.commandService().submit(command).toCompletableFuture(),
                "the outcome of command " + requestId + " (it may still run: see the audit log)");
        message.setHeader(ModbusHeaders.REQUEST_ID, requestId);
        message.setHeader(ModbusHeaders.COMMAND_STATUS, result.status().name());
        message.setHeader(ModbusHeaders.COMMAND_MESSAGE, result.message());
        result.readBack().ifPresent(v -> message.setHeader(ModbusHeaders.COMMAND_READ_BACK, v));
        if (result.status() != CommandResult.Status.DONE) {
            throw new ModbusCommandException(uri + ": write of " + point + " = " + value.toPlainString() + " to device "
                    + device + " " + result.status() + ": " + result.message(), result);
        }
        return count;
    }

    private static String requestId(Exchange exchange) {
        Object header = exchange.getMessage().getHeader(ModbusHeaders.REQUEST_ID);
        String id = header == null ? exchange.getExchangeId() : header.toString().strip();
        if (id.isEmpty() || id.length() > MAX_REQUEST_ID) {
            throw new IllegalArgumentException("Invalid header " + ModbusHeaders.REQUEST_ID + ": 1.." + MAX_REQUEST_ID
                    + " characters, got " + id.length());
        }
        return id;
    }

    private <T> T await(java.util.concurrent.CompletableFuture<T> stage, String what) throws Exception {
        try {
            return stage.get(settings.resultTimeoutMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new TimeoutException(uri + ": no " + what + " within resultTimeout=" + settings.resultTimeoutMillis()
                    + " ms");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }
}
