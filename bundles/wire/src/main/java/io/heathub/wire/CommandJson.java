package io.heathub.wire;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.heathub.api.driver.Command;
import io.heathub.api.driver.CommandResult;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The JSON of commands coming in from backends and of their results going back (MQTT, REST).
 *
 * <pre>request: {"requestId":"r-17","device":"room-101","point":"setpoint.room","value":21}
 * result:  {"requestId":"r-17","device":"room-101","point":"setpoint.room","status":"DONE",
 *           "message":"","readBack":21,"time":"2026-11-23T09:30:00Z"}</pre>
 *
 * The checks of every command, whichever way it came in ({@link #problem}): a request id of 1–128
 * letters, digits and {@code . _ : @ + = ~ -} (it is a key of the hub's command book and part of
 * {@code GET /api/commands/{requestId}}), device and point as readings have them
 * ({@link ReadingInput}), a value of at most {@value ReadingInput#MAX_DIGITS} digits before and after
 * the point, {@code requestedBy} of at most 128 printable characters, a body of at most 64 KiB.
 * Thread-safe.
 */
public final class CommandJson {
    /** Request ids: safe in a URL path, a log line and an MQTT payload. */
    public static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@+=~-]{0,127}");
    /** Largest command body. */
    public static final int MAX_BYTES = 64 * 1024;
    private static final int MAX_REQUESTED_BY = 128;

    private final JsonFactory factory = new JsonFactory();
    private final ReadingJson renderer = new ReadingJson();

    /**
     * Parses a command request.
     *
     * @param json          the request body
     * @param defaultDevice the device when the request does not name one (MQTT topics carry
     *                      it), or null
     * @param asker         who asked, for the audit log (e.g. {@code mqtt} or {@code rest});
     *                      a {@code requestedBy} field in the request is appended to it
     */
    public Command read(byte[] json, String defaultDevice, String asker) throws WireFormatException {
        if (json.length > MAX_BYTES) {
            throw new WireFormatException("a command of " + json.length + " bytes is over the limit of " + MAX_BYTES);
        }
        String requestId = null;
        String device = defaultDevice;
        String point = null;
        BigDecimal value = null;
        String requestedBy = null;
        try (JsonParser p = factory.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new WireFormatException("a command is a JSON object like "
                        + "{\"requestId\":\"r1\",\"point\":\"setpoint.room\",\"value\":21}");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                switch (name) {
                    case "requestId" -> requestId = p.getText();
                    case "device" -> device = p.getText();
                    case "point" -> point = p.getText();
                    case "value" -> value = value(p, t);
                    case "requestedBy" -> requestedBy = p.getText();
                    default -> throw new WireFormatException("unknown field \"" + ReadingInput.shorten(name)
                            + "\" (allowed: requestId, device, point, value, requestedBy)");
                }
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new WireFormatException("command is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new WireFormatException("command could not be read: " + e.getMessage(), e);
        }
        if (requestId == null || requestId.isBlank()) {
            throw new WireFormatException("command needs a requestId (echoed in its result)");
        }
        if (device == null || device.isBlank()) {
            throw new WireFormatException("command " + ReadingInput.shorten(requestId) + " needs a device");
        }
        if (point == null || point.isBlank()) {
            throw new WireFormatException("command " + ReadingInput.shorten(requestId) + " needs a point, e.g. setpoint.room");
        }
        if (value == null) {
            throw new WireFormatException("command " + ReadingInput.shorten(requestId) + " needs a value (1/0 for open/close)");
        }
        String who = requestedBy == null || requestedBy.isBlank() ? asker : asker + ":" + requestedBy;
        Command command = new Command(requestId, device, point, value, who);
        Optional<String> problem = problem(command);
        if (problem.isPresent()) {
            throw new WireFormatException(problem.get());
        }
        return command;
    }

    /**
     * The elements of a JSON array of commands (a backend's list of pending commands), each as its
     * own JSON text for {@link #read}, in order. The array may hold at most {@code maxCommands}
     * elements and each at most {@link #MAX_BYTES}.
     *
     * @since 1.4
     */
    public java.util.List<byte[]> commandsOf(byte[] jsonArray, int maxCommands) throws WireFormatException {
        java.util.List<byte[]> commands = new java.util.ArrayList<>();
        try (JsonParser p = factory.createParser(jsonArray)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw new WireFormatException("a list of commands is a JSON array like "
                        + "[{\"requestId\":\"r1\",\"device\":\"room-101\",\"point\":\"setpoint.room\",\"value\":21}]");
            }
            while (p.nextToken() != JsonToken.END_ARRAY) {
                if (commands.size() == maxCommands) {
                    throw new WireFormatException("more than " + maxCommands + " commands in one list");
                }
                java.io.ByteArrayOutputStream element = new java.io.ByteArrayOutputStream();
                try (com.fasterxml.jackson.core.JsonGenerator g = factory.createGenerator(element)) {
                    g.copyCurrentStructure(p);
                }
                if (element.size() > MAX_BYTES) {
                    throw new WireFormatException("command " + (commands.size() + 1) + " of the list has "
                            + element.size() + " bytes, over the limit of " + MAX_BYTES);
                }
                commands.add(element.toByteArray());
            }
            if (p.nextToken() != null) {
                throw new WireFormatException("text after the list of commands");
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new WireFormatException("list of commands is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new WireFormatException("list of commands could not be read: " + e.getMessage(), e);
        }
        return commands;
    }

    /**
     * The request id of a command body that {@link #read} refused, so that the refusal can be
     * answered to whoever sent it: the first top-level {@code "requestId"} string that is a request
     * id ({@link #REQUEST_ID}); empty when the body is not a JSON object, has none or a malformed
     * one. Reads at most {@link #MAX_BYTES} of the body.
     *
     * @since 1.4
     */
    public Optional<String> requestIdOf(byte[] json) {
        if (json == null) {
            return Optional.empty();
        }
        try (JsonParser p = factory.createParser(json, 0, Math.min(json.length, MAX_BYTES))) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (name.equals("requestId")) {
                    return value == JsonToken.VALUE_STRING && REQUEST_ID.matcher(p.getText()).matches()
                            ? Optional.of(p.getText()) : Optional.empty();
                }
                p.skipChildren();
            }
        } catch (IOException e) {
            // not JSON up to the request id: nobody to answer
        }
        return Optional.empty();
    }

    /**
     * Why {@code command} may not enter the hub, or empty: the checks every way in shares (MQTT,
     * REST, routes, the control loop through core's command service).
     */
    public static Optional<String> problem(Command command) {
        String id = command.requestId();
        if (!REQUEST_ID.matcher(id).matches()) {
            String shown = id.length() <= 64 ? id : id.substring(0, 64) + "…";
            return Optional.of("requestId \"" + shown + "\" is not a request id (1-128 of letters, digits and"
                    + " . _ : @ + = ~ -, starting with a letter or digit)");
        }
        Optional<String> problem = ReadingInput.deviceProblem(command.device())
                .or(() -> ReadingInput.pointProblem(command.point()))
                .or(() -> ReadingInput.sourceValueProblem(command.value()));
        if (problem.isEmpty() && (command.requestedBy().length() > MAX_REQUESTED_BY
                || command.requestedBy().chars().anyMatch(Character::isISOControl))) {
            problem = Optional.of("requestedBy: at most " + MAX_REQUESTED_BY + " printable characters");
        }
        return problem.map(p -> "command " + ReadingInput.shorten(id) + ": " + p);
    }

    private static BigDecimal value(JsonParser p, JsonToken t) throws IOException, WireFormatException {
        if (t.isNumeric()) {
            return ReadingJson.decimalValue(p);
        }
        if (t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE) {
            return t == JsonToken.VALUE_TRUE ? BigDecimal.ONE : BigDecimal.ZERO;
        }
        String text = p.getText();
        try {
            return new BigDecimal(text.trim());
        } catch (NumberFormatException e) {
            throw new WireFormatException("value is not a number: \"" + ReadingInput.shorten(text) + "\"");
        }
    }

    /** A command's result, UTF-8. */
    public byte[] write(Command command, CommandResult result, Instant time) {
        return renderer.render(gen -> {
            gen.writeStartObject();
            gen.writeStringField("requestId", result.requestId());
            gen.writeStringField("device", command.device());
            gen.writeStringField("point", command.point());
            gen.writeStringField("status", result.status().name());
            gen.writeStringField("message", result.message());
            if (result.readBack().isPresent()) {
                gen.writeFieldName("readBack");
                gen.writeNumber(result.readBack().get());
            }
            gen.writeStringField("time", time.toString());
            gen.writeEndObject();
        });
    }
}
