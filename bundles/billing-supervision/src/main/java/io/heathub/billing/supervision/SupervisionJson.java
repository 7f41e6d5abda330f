package io.heathub.billing.supervision;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link SupervisionFeed} as one JSON object with Jackson's streaming API (the shape is
 * fixed here), decimals plain (60.00, never 6E+1), unknown figures {@code null}. The README shows
 * an example. Thread-safe.
 */
public final class SupervisionJson {
    private final JsonFactory factory = JsonFactory.builder().enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN).build();

    public String write(SupervisionFeed feed) {
        StringWriter text = new StringWriter();
        try (JsonGenerator json = factory.createGenerator(text)) {
            json.writeStartObject();
            json.writeStringField("site", feed.site());
            json.writeStringField("from", feed.from().toString());
            json.writeStringField("to", feed.to().toString());
            json.writeObjectFieldStart("outdoor");
            json.writeNumberField("count", feed.outdoor().count());
            number(json, "meanC", feed.outdoor().meanC());
            number(json, "minC", feed.outdoor().minC());
            number(json, "maxC", feed.outdoor().maxC());
            json.writeEndObject();
            heats(json, "sources", feed.sources());
            heats(json, "substations", feed.substations());
            SupervisionFeed.Indoor indoor = feed.indoor();
            json.writeObjectFieldStart("indoor");
            json.writeNumberField("rooms", indoor.rooms());
            number(json, "meanC", indoor.meanC());
            number(json, "minC", indoor.minC());
            number(json, "p" + indoor.percentile() + "C", indoor.percentileC());
            number(json, "belowC", indoor.belowC());
            number(json, "shareBelowPercent", indoor.shareBelowPercent());
            json.writeEndObject();
            counts(json, "openAlarms", feed.openAlarms());
            counts(json, "openComplaints", feed.openComplaints());
            if (!feed.warmRooms().isEmpty()) {
                // only in the periods that judge it: every other feed stays as it was
                json.writeArrayFieldStart("warmRooms");
                for (WarmRooms w : feed.warmRooms()) {
                    json.writeStartObject();
                    json.writeStringField("building", w.building());
                    json.writeStringField("at", w.at().toString());
                    json.writeNumberField("rooms", w.rooms());
                    json.writeBooleanField("met", w.met());
                    strings(json, "below", w.below());
                    strings(json, "silent", w.silent());
                    json.writeEndObject();
                }
                json.writeEndArray();
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return text.toString();
    }

    private static void strings(JsonGenerator json, String name, List<String> values) throws IOException {
        json.writeArrayFieldStart(name);
        for (String v : values) {
            json.writeString(v);
        }
        json.writeEndArray();
    }

    private static void heats(JsonGenerator json, String name, List<SupervisionFeed.Heat> heats) throws IOException {
        json.writeArrayFieldStart(name);
        for (SupervisionFeed.Heat h : heats) {
            json.writeStartObject();
            json.writeStringField("id", h.id());
            json.writeStringField("meter", h.meter());
            number(json, "heatKWh", h.heatKWh());
            number(json, "heatGJ", h.heatGJ());
            if (h.estimated() == null) {
                json.writeNullField("estimated");
            } else {
                json.writeBooleanField("estimated", h.estimated());
            }
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    private static void counts(JsonGenerator json, String name, Map<Integer, Integer> counts) throws IOException {
        json.writeObjectFieldStart(name);
        for (Map.Entry<Integer, Integer> e : new java.util.TreeMap<>(counts).entrySet()) {
            json.writeNumberField(String.valueOf(e.getKey()), e.getValue());
        }
        json.writeEndObject();
    }

    private static void number(JsonGenerator json, String name, BigDecimal value) throws IOException {
        if (value == null) {
            json.writeNullField(name);
        } else {
            json.writeFieldName(name);
            json.writeNumber(value);
        }
    }
}
