package io.heathub.forward.mqtt;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.heathub.wire.ReadingInput;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One server-side RPC request of ThingsBoard's gateway API, as read from {@code v1/gateway/rpc}:
 *
 * <pre>{"device":"panel-003","data":{"id":7,"method":"setValue","params":{"point":"setpoint.room","value":21}}}</pre>
 *
 * Checked before anything runs: at most {@value #MAX_BYTES} bytes, a device id as in
 * {@code site.yaml}, an integer id in 0..2^31-1 (ThingsBoard's request counter), a method name of
 * at most 64 letters, digits, {@code _ . -}, params a flat object of strings (at most 256 characters), numbers and
 * booleans. Fields ThingsBoard may add beside these are skipped.
 *
 * @param device the device id, as connected with {@code v1/gateway/connect}
 * @param id     ThingsBoard's request id, echoed in the reply
 * @param method the method name
 * @param params the parameters, in order: {@link String}, {@link BigDecimal} or {@link Boolean}
 */
record RpcRequest(String device, long id, String method, Map<String, Object> params) {
    /** ThingsBoard's RPC requests are a few hundred bytes; anything near this is not one. */
    static final int MAX_BYTES = 16 * 1024;
    private static final int MAX_METHOD = 64;
    private static final int MAX_TEXT = 256;
    /** Method names as ThingsBoard widgets send them; nothing that could forge a log line. */
    private static final java.util.regex.Pattern METHOD = java.util.regex.Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,63}");
    private static final int MAX_PARAMS = 16;
    private static final JsonFactory JSON = new JsonFactory();

    /**
     * A request that cannot be run. Its device and id, when they were readable, say where the
     * error reply goes; without them there is no one to answer (ThingsBoard times out).
     */
    static final class BadRequest extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient Optional<String> device;
        private final transient Optional<Long> id;

        BadRequest(String message, String device, Long id) {
            super(message);
            this.device = Optional.ofNullable(device);
            this.id = Optional.ofNullable(id);
        }

        Optional<String> device() {
            return device;
        }

        Optional<Long> id() {
            return id;
        }
    }

    static RpcRequest parse(byte[] payload) throws BadRequest {
        if (payload.length > MAX_BYTES) {
            throw new BadRequest("an RPC request of " + payload.length + " bytes is over the limit of " + MAX_BYTES,
                    null, null);
        }
        String device = null;
        Long id = null;
        String method = null;
        Map<String, Object> params = Map.of();
        try (JsonParser p = JSON.createParser(payload)) {
            expectObject(p, p.nextToken(), "an RPC request", device, id);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                if (name.equals("device")) {
                    device = text(p, t, "device", null, null);
                    if (ReadingInput.deviceProblem(device).isPresent()) {
                        throw new BadRequest(ReadingInput.deviceProblem(device).get(), null, null);
                    }
                } else if (name.equals("data")) {
                    expectObject(p, t, "data", device, id);
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String field = p.currentName();
                        JsonToken v = p.nextToken();
                        switch (field) {
                            case "id" -> id = id(p, v, device);
                            case "method" -> method = text(p, v, "method", device, id);
                            case "params" -> params = params(p, v, device, id);
                            default -> p.skipChildren();
                        }
                    }
                } else {
                    p.skipChildren();
                }
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new BadRequest("the RPC request is not valid JSON: " + e.getOriginalMessage(), device, id);
        } catch (IOException e) {
            throw new BadRequest("the RPC request could not be read: " + e.getMessage(), device, id);
        }
        if (device == null) {
            throw new BadRequest("an RPC request needs a device", null, id);
        }
        if (id == null) {
            throw new BadRequest("an RPC request needs data.id", device, null);
        }
        if (method == null || !METHOD.matcher(method).matches()) {
            throw new BadRequest("an RPC request needs data.method, a name of 1-" + MAX_METHOD
                    + " letters, digits, '_', '.', '-' such as setValue", device, id);
        }
        return new RpcRequest(device, id, method, params);
    }

    /** The text parameter {@code name}, present and non-empty. */
    String textParam(String name) throws BadRequest {
        if (params.get(name) instanceof String s && !s.isEmpty()) {
            return s;
        }
        throw badParams("needs \"" + name + "\" as a string");
    }

    /** The number parameter {@code name} (a boolean counts as 1/0). */
    BigDecimal numberParam(String name) throws BadRequest {
        Object v = params.get(name);
        if (v instanceof BigDecimal n) {
            return n;
        }
        if (v instanceof Boolean b) {
            return b ? BigDecimal.ONE : BigDecimal.ZERO;
        }
        throw badParams("needs \"" + name + "\" as a number");
    }

    /** The boolean parameter {@code name}. */
    boolean booleanParam(String name) throws BadRequest {
        if (params.get(name) instanceof Boolean b) {
            return b;
        }
        throw badParams("needs \"" + name + "\" as true or false");
    }

    /** Refuses parameters the method does not take (a typo would otherwise be silently ignored). */
    void onlyParams(List<String> known) throws BadRequest {
        for (String name : params.keySet()) {
            if (!known.contains(name)) {
                throw badParams("does not take \"" + shorten(name) + "\" (it takes " + known + ")");
            }
        }
    }

    BadRequest badParams(String problem) {
        return new BadRequest("method " + method + " " + problem, device, id);
    }

    private static void expectObject(JsonParser p, JsonToken t, String what, String device, Long id) throws BadRequest {
        if (t != JsonToken.START_OBJECT) {
            throw new BadRequest(what + " must be a JSON object, like {\"device\":\"panel-003\",\"data\":{\"id\":7,"
                    + "\"method\":\"getValue\",\"params\":{\"point\":\"temp.room\"}}}", device, id);
        }
    }

    private static String text(JsonParser p, JsonToken t, String what, String device, Long id)
            throws IOException, BadRequest {
        if (t != JsonToken.VALUE_STRING) {
            throw new BadRequest(what + " must be a string", device, id);
        }
        return p.getText();
    }

    private static long id(JsonParser p, JsonToken t, String device) throws IOException, BadRequest {
        if (t != JsonToken.VALUE_NUMBER_INT || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                || p.getLongValue() < 0 || p.getLongValue() > Integer.MAX_VALUE) {
            throw new BadRequest("data.id must be an integer 0.." + Integer.MAX_VALUE, device, null);
        }
        return p.getLongValue();
    }

    private static Map<String, Object> params(JsonParser p, JsonToken t, String device, Long id)
            throws IOException, BadRequest {
        if (t == JsonToken.VALUE_NULL) {
            return Map.of();
        }
        if (t != JsonToken.START_OBJECT) {
            throw new BadRequest("data.params must be a JSON object", device, id);
        }
        Map<String, Object> params = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            if (params.size() == MAX_PARAMS) {
                throw new BadRequest("data.params has more than " + MAX_PARAMS + " fields", device, id);
            }
            Object value;
            if (v.isNumeric()) {
                value = p.getDecimalValue();
            } else if (v == JsonToken.VALUE_TRUE || v == JsonToken.VALUE_FALSE) {
                value = v == JsonToken.VALUE_TRUE;
            } else if (v == JsonToken.VALUE_STRING && p.getTextLength() <= MAX_TEXT) {
                value = p.getText();
            } else {
                throw new BadRequest("data.params." + shorten(name) + " must be a number, true/false or a"
                        + " string of at most " + MAX_TEXT + " characters", device, id);
            }
            params.put(name, value);
        }
        return params;
    }

    static String shorten(String s) {
        String printable = s.codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return printable.length() <= 64 ? printable : printable.substring(0, 64) + "…";
    }
}
