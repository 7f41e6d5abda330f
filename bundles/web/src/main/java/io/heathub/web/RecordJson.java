package io.heathub.web;

import com.fasterxml.jackson.core.JsonGenerator;
import io.heathub.api.rest.JsonText;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.time.temporal.TemporalAccessor;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Writes the values resources answer (the control loop's report, alarms and the like) as JSON by
 * their components, so a new field in a report shows up in the API without a hand-written writer.
 * Empty optionals and non-finite numbers become null; times are ISO-8601 strings; a
 * {@link JsonText} is placed as it is.
 */
final class RecordJson {
    private RecordJson() {
    }

    static void write(JsonGenerator gen, Object value) throws IOException {
        if (value == null) {
            gen.writeNull();
        } else if (value instanceof JsonText text) {
            gen.writeRawValue(text.json());
        } else if (value instanceof Record record) {
            gen.writeStartObject();
            for (RecordComponent c : record.getClass().getRecordComponents()) {
                gen.writeFieldName(c.getName());
                write(gen, component(record, c));
            }
            gen.writeEndObject();
        } else if (value instanceof CharSequence || value instanceof Enum<?> || value instanceof TemporalAccessor) {
            gen.writeString(value.toString());
        } else if (value instanceof Boolean b) {
            gen.writeBoolean(b);
        } else if (value instanceof BigDecimal d) {
            gen.writeNumber(d);
        } else if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (Double.isFinite(d)) {
                gen.writeNumber(d);
            } else {
                gen.writeNull();
            }
        } else if (value instanceof Number n) {
            gen.writeNumber(n.longValue());
        } else if (value instanceof Optional<?> o) {
            write(gen, o.orElse(null));
        } else if (value instanceof OptionalDouble o) {
            write(gen, o.isPresent() ? o.getAsDouble() : null);
        } else if (value instanceof OptionalInt o) {
            write(gen, o.isPresent() ? o.getAsInt() : null);
        } else if (value instanceof OptionalLong o) {
            write(gen, o.isPresent() ? o.getAsLong() : null);
        } else if (value instanceof Map<?, ?> map) {
            gen.writeStartObject();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                gen.writeFieldName(String.valueOf(e.getKey()));
                write(gen, e.getValue());
            }
            gen.writeEndObject();
        } else if (value instanceof Iterable<?> items) {
            gen.writeStartArray();
            for (Object item : items) {
                write(gen, item);
            }
            gen.writeEndArray();
        } else {
            gen.writeString(value.toString());
        }
    }

    private static Object component(Record record, RecordComponent c) {
        try {
            return c.getAccessor().invoke(record);
        } catch (IllegalAccessException | InvocationTargetException e) {
            return "unreadable: " + e;
        }
    }
}
