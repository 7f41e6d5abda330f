package io.heathub.billing.records;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reading and writing the JSON of operations records, from a log line or a request body: each field
 * checked and bounded, every problem an {@link IllegalArgumentException} naming the field
 * ({@code household: expected text, got 12}).
 */
public final class RecordJson {
    /** Longest free text (a complaint, a reason, a note). */
    public static final int MAX_TEXT = 2000;
    /** Longest id, household, category or user name. */
    public static final int MAX_NAME = 64;
    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(8).maxStringLength(64 * 1024).build())
            .build());

    private final JsonNode node;

    private RecordJson(JsonNode node) {
        this.node = node;
    }

    /**
     * One JSON object with only the {@code allowed} fields.
     *
     * @throws IllegalArgumentException when it is not, naming the first unknown field
     */
    public static RecordJson parse(String json, Set<String> allowed) {
        JsonNode node;
        try {
            node = MAPPER.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new IllegalArgumentException("malformed JSON: " + e.getMessage());
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("expected a JSON object");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw new IllegalArgumentException("unknown field '" + name + "'"
                        + io.heathub.config.DidYouMean.hint(name, allowed) + "; expected " + String.join(", ", sorted(allowed)));
            }
        }
        return new RecordJson(node);
    }

    private static List<String> sorted(Collection<String> names) {
        List<String> out = new ArrayList<>(names);
        out.sort(null);
        return out;
    }

    /** Text of at most {@code max} characters without control characters; empty when absent or null. */
    public Optional<String> text(String field, int max) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException(field + ": expected text, got " + value);
        }
        String text = value.asText().strip();
        if (text.length() > max) {
            throw new IllegalArgumentException(field + ": at most " + max + " characters, got " + text.length());
        }
        if (text.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\t')) {
            throw new IllegalArgumentException(field + ": control characters are not allowed");
        }
        return text.isEmpty() ? Optional.empty() : Optional.of(text);
    }

    /** Required text, a name (at most {@link #MAX_NAME}, one line). */
    public String name(String field) {
        String text = text(field, MAX_NAME).orElseThrow(() -> new IllegalArgumentException(field + ": required"));
        if (text.indexOf('\n') >= 0 || text.indexOf('\t') >= 0) {
            throw new IllegalArgumentException(field + ": one line without tabs");
        }
        return text;
    }

    /** An optional ISO instant ({@code 2025-11-20T08:30:00Z}, or with an offset). */
    public Optional<Instant> instant(String field) {
        return text(field, 40).map(text -> {
            try {
                return java.time.OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeException e) {
                throw new IllegalArgumentException(field + ": expected an ISO time like 2025-11-20T08:30:00+08:00, got \""
                        + text + "\"");
            }
        });
    }

    /** A required ISO date. */
    public LocalDate date(String field) {
        String text = text(field, 20).orElseThrow(() -> new IllegalArgumentException(field + ": required"));
        try {
            return LocalDate.parse(text);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException(field + ": expected a date like 2025-11-20, got \"" + text + "\"");
        }
    }

    /** A list of names; empty when absent. */
    public List<String> names(String field, int maxItems) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (!value.isArray() || value.size() > maxItems) {
            throw new IllegalArgumentException(field + ": expected a list of at most " + maxItems + " names");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : value) {
            if (!item.isTextual() || item.asText().isBlank() || item.asText().length() > MAX_NAME) {
                throw new IllegalArgumentException(field + ": expected names of 1–" + MAX_NAME + " characters, got " + item);
            }
            out.add(item.asText().strip());
        }
        return List.copyOf(out);
    }

    /** Writes one JSON object with {@code body}; null values are written as null. */
    public static String write(Writer body) {
        StringWriter text = new StringWriter();
        try (JsonGenerator json = MAPPER.getFactory().createGenerator(text)) {
            json.writeStartObject();
            body.write(json);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return text.toString();
    }

    /** Writes the fields of a record. */
    @FunctionalInterface
    public interface Writer {
        void write(JsonGenerator json) throws IOException;
    }

    /** {@code name: value} or {@code name: null}. */
    public static void field(JsonGenerator json, String name, Object value) throws IOException {
        if (value == null) {
            json.writeNullField(name);
        } else if (value instanceof Collection<?> items) {
            json.writeArrayFieldStart(name);
            for (Object item : items) {
                json.writeString(item.toString());
            }
            json.writeEndArray();
        } else {
            json.writeStringField(name, value.toString());
        }
    }
}
