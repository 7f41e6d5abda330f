package io.heathub.camel.hub;

import io.heathub.api.driver.Command;
import io.heathub.api.driver.CommandResult;
import io.heathub.api.hub.CommandService;
import io.heathub.wire.CommandJson;
import io.heathub.wire.ReadingInput;
import io.heathub.wire.WireFormatException;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultProducer;

/**
 * {@code to: heathub:commands}: the body (command JSON as MQTT commands take it, or a
 * {@link Command}) goes through the hub's command path with {@code requestedBy = route:<routeId>};
 * the producer waits for the outcome up to {@code timeout} and puts it in the body (the result
 * JSON) and headers. REFUSED and FAILED fail the exchange unless {@code failOnError=false}.
 */
final class CommandsProducer extends DefaultProducer {
    private static final String WHERE = "heathub:commands";
    private static final int MAX_BODY = 64 * 1024;
    private static final int MAX_REQUEST_ID = 128;

    private final HeathubEndpoint endpoint;
    private final CommandService commands;
    private final CommandJson json = new CommandJson();

    CommandsProducer(HeathubEndpoint endpoint, CommandService commands) {
        super(endpoint);
        this.endpoint = endpoint;
        this.commands = commands;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Command command = command(exchange);
        long timeout = endpoint.timeoutMillis();
        CommandResult result;
        try {
            result = commands.submit(command).toCompletableFuture().get(timeout, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new TimeoutException(WHERE + ": no outcome of command " + command.requestId() + " within " + timeout
                    + " ms; it may still run (see the audit log)");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e; // the service never fails a stage: a bug
        }
        Message message = exchange.getMessage();
        message.setBody(json.write(command, result, Instant.now()));
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        message.setHeader(HeathubHeaders.REQUEST_ID, command.requestId());
        message.setHeader(HeathubHeaders.COMMAND_STATUS, result.status().name());
        message.setHeader(HeathubHeaders.COMMAND_MESSAGE, result.message());
        message.removeHeader(HeathubHeaders.COMMAND_READ_BACK);
        result.readBack().ifPresent(v -> message.setHeader(HeathubHeaders.COMMAND_READ_BACK, v));
        if (endpoint.isFailOnError() && result.status() != CommandResult.Status.DONE) {
            throw new CommandFailedException(WHERE + ": command " + command.requestId() + " (" + command.device() + " "
                    + command.point() + "=" + command.value().toPlainString() + ") " + result.status() + ": "
                    + result.message(), result);
        }
    }

    private Command command(Exchange exchange) throws Exception {
        String asker = "route:" + Bodies.route(exchange);
        Object body = exchange.getMessage().getBody();
        Command command;
        if (body instanceof Command given) {
            command = new Command(given.requestId(), given.device(), given.point(), given.value(),
                    given.requestedBy().isBlank() ? asker : asker + ":" + given.requestedBy());
        } else {
            byte[] bytes = Bodies.bytes(exchange, MAX_BODY, WHERE);
            if (bytes == null) {
                throw new IllegalArgumentException(WHERE + ": cannot read a body of "
                        + (body == null ? "null" : body.getClass().getName())
                        + ": expected command JSON {\"requestId\",\"device\",\"point\",\"value\"} or a Command");
            }
            try {
                command = json.read(bytes, null, asker);
            } catch (WireFormatException e) {
                throw new IllegalArgumentException(WHERE + ": " + e.getMessage(), e);
            }
        }
        if (command.requestId().length() > MAX_REQUEST_ID) {
            throw new IllegalArgumentException(WHERE + ": requestId is over " + MAX_REQUEST_ID + " characters");
        }
        if (!ReadingInput.DEVICE.matcher(command.device()).matches()) {
            throw new IllegalArgumentException(WHERE + ": command " + command.requestId() + ": device \""
                    + command.device() + "\" is not a device id");
        }
        if (command.point().length() > 64 || !ReadingInput.POINT.matcher(command.point()).matches()) {
            throw new IllegalArgumentException(WHERE + ": command " + command.requestId() + ": point \""
                    + command.point() + "\" is not a point name");
        }
        return command;
    }
}
