package io.heathub.wire;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.heathub.api.Quality;
import io.heathub.api.Reading;
import io.heathub.api.Unit;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes and reads readings as JSON with Jackson's streaming API (no reflection, so the shape is
 * fixed here and nowhere else). Thread-safe.
 *
 * <pre>{"device":"plc-1","point":"temp.supply","value":71.25,"unit":"°C",
 *  "time":"2026-11-23T09:30:00Z","quality":"GOOD","reason":""}</pre>
 */
public final class ReadingJson {
    /**
     * Most digits of a plain number a JSON reader takes: Jackson's default (and so this class's
     * {@link #read}) refuses longer numbers, so an uplink must not send one.
     */
    static final int MAX_PLAIN_DIGITS = com.fasterxml.jackson.core.StreamReadConstraints.DEFAULT_MAX_NUM_LEN;
    // Plain decimals on the wire: 60, never 6E+1 (exact counters must read as written).
    private final JsonFactory factory = JsonFactory.builder()
            .enable(com.fasterxml.jackson.core.StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN).build();

    /** One reading as a JSON object, UTF-8. */
    public byte[] write(Reading reading) {
        return write(gen -> writeObject(gen, reading));
    }

    /**
     * One reading as a JSON object on an uplink's wire, with the hub it comes from first:
     * {@code {"hub":"site-a","device":…}}. Across hubs a reading's identity is (hub, device, point,
     * time): two hubs may both have a device {@code heat-101}.
     *
     * @throws WireFormatException when the reading cannot be written (a value whose plain form
     *                             JSON writers refuse or is longer than JSON readers accept, a
     *                             time beyond epoch milliseconds): such an entry is set aside by
     *                             the uplink, never sent half-written or unreadable
     */
    public byte[] write(Reading reading, String hub) throws WireFormatException {
        int digits = plainDigits(reading.value());
        if (digits > MAX_PLAIN_DIGITS) {
            throw new WireFormatException("reading " + reading.device() + " " + reading.point() + " cannot be written"
                    + " as JSON: its value has " + digits + " digits written plain, more than JSON readers accept ("
                    + MAX_PLAIN_DIGITS + ")");
        }
        try {
            reading.time().toEpochMilli(); // identities carry epoch millis: must fit
            return write(gen -> writeObject(gen, reading, hub));
        } catch (ArithmeticException | UncheckedIOException e) {
            Throwable cause = e instanceof UncheckedIOException u ? u.getCause() : e;
            throw new WireFormatException("reading " + reading.device() + " " + reading.point() + " cannot be written"
                    + " as JSON: " + cause.getMessage(), cause);
        }
    }

    /** Digits of {@code value} written plain, without building the text (1e999999999 would be a gigabyte). */
    private static int plainDigits(BigDecimal value) {
        long integer = Math.max(1L, (long) value.precision() - value.scale());
        long fraction = Math.max(0, value.scale());
        return (int) Math.min(Integer.MAX_VALUE, integer + fraction);
    }

    /** Readings as a JSON array whose elements are already written objects ({@link #write(Reading, String)}). */
    public static byte[] joinArray(List<byte[]> objects) {
        int size = 2 + Math.max(0, objects.size() - 1);
        for (byte[] o : objects) {
            size += o.length;
        }
        byte[] out = new byte[size];
        int at = 0;
        out[at++] = '[';
        for (int i = 0; i < objects.size(); i++) {
            if (i > 0) {
                out[at++] = ',';
            }
            byte[] o = objects.get(i);
            System.arraycopy(o, 0, out, at, o.length);
            at += o.length;
        }
        out[at] = ']';
        return out;
    }

    /** Readings as a JSON array, UTF-8. */
    public byte[] writeArray(List<Reading> readings) {
        return write(gen -> {
            gen.writeStartArray();
            for (Reading r : readings) {
                writeObject(gen, r);
            }
            gen.writeEndArray();
        });
    }

    /** Writes one reading's object onto a generator the caller controls (for envelopes). */
    public void writeObject(JsonGenerator gen, Reading r) throws IOException {
        writeObject(gen, r, null);
    }

    /** The same with the hub the reading comes from ({@code null}: no {@code hub} field). */
    public void writeObject(JsonGenerator gen, Reading r, String hub) throws IOException {
        gen.writeStartObject();
        if (hub != null) {
            gen.writeStringField("hub", hub);
        }
        gen.writeStringField("device", r.device());
        gen.writeStringField("point", r.point());
        gen.writeFieldName("value");
        gen.writeNumber(r.value());
        gen.writeStringField("unit", r.unit().symbol());
        gen.writeStringField("time", IsoInstants.format(r.time()));
        gen.writeStringField("quality", r.quality().name());
        gen.writeStringField("reason", r.reason());
        gen.writeEndObject();
    }

    /** Parses one reading object. */
    public Reading read(byte[] json) throws WireFormatException {
        try (JsonParser p = factory.createParser(json)) {
            expect(p, p.nextToken(), JsonToken.START_OBJECT);
            return readObject(p);
        } catch (IOException e) {
            throw new WireFormatException("not a reading: " + e.getMessage(), e);
        }
    }

    /** Parses an array of reading objects. */
    public List<Reading> readArray(byte[] json) throws WireFormatException {
        try (JsonParser p = factory.createParser(json)) {
            expect(p, p.nextToken(), JsonToken.START_ARRAY);
            List<Reading> out = new ArrayList<>();
            JsonToken t;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                expect(p, t, JsonToken.START_OBJECT);
                out.add(readObject(p));
            }
            return out;
        } catch (IOException e) {
            throw new WireFormatException("not a reading array: " + e.getMessage(), e);
        }
    }

    private Reading readObject(JsonParser p) throws IOException, WireFormatException {
        String device = null;
        String point = null;
        BigDecimal value = null;
        Unit unit = null;
        Instant time = null;
        Quality quality = Quality.GOOD;
        String reason = "";
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            switch (name) {
                case "device" -> device = p.getText();
                case "point" -> point = p.getText();
                case "value" -> value = t.isNumeric() ? decimalValue(p) : decimal(p.getText());
                case "unit" -> unit = Unit.bySymbol(p.getText())
                        .orElseThrow(() -> new WireFormatException("unknown unit \"" + ReadingInput.shorten(text(p)) + "\""));
                case "time" -> time = instant(p.getText());
                case "quality" -> quality = quality(p.getText());
                case "reason" -> reason = p.getText();
                default -> p.skipChildren();
            }
        }
        if (device == null || point == null || value == null || unit == null || time == null) {
            throw new WireFormatException("a reading needs device, point, value, unit and time");
        }
        return new Reading(device, point, value, unit, time, quality, reason);
    }

    private static String text(JsonParser p) {
        try {
            return p.getText();
        } catch (IOException e) {
            return "?";
        }
    }

    /**
     * The number the parser is on. Jackson refuses some numbers it tokenised (an exponent beyond
     * an int, {@code 2e1077777777777}) with a NumberFormatException, not an IOException: that is a
     * refusal of the input like any other. Shared by the package's readers.
     */
    static BigDecimal decimalValue(JsonParser p) throws IOException, WireFormatException {
        try {
            return p.getDecimalValue();
        } catch (NumberFormatException e) {
            throw new WireFormatException("value: " + ReadingInput.shorten(p.getText())
                    + " is not a number that can be read (exponent out of range)");
        }
    }

    private static BigDecimal decimal(String s) throws WireFormatException {
        try {
            return new BigDecimal(s);
        } catch (NumberFormatException e) {
            throw new WireFormatException("value is not a number: \"" + ReadingInput.shorten(s) + "\"");
        }
    }

    private static Instant instant(String s) throws WireFormatException {
        try {
            return IsoInstants.parse(s);
        } catch (DateTimeParseException e) {
            throw new WireFormatException("time is not an ISO-8601 UTC instant: \"" + ReadingInput.shorten(s) + "\"");
        }
    }

    private static Quality quality(String s) throws WireFormatException {
        try {
            return Quality.valueOf(s);
        } catch (IllegalArgumentException e) {
            throw new WireFormatException("unknown quality \"" + ReadingInput.shorten(s) + "\"");
        }
    }

    private static void expect(JsonParser p, JsonToken got, JsonToken wanted) throws WireFormatException {
        if (got != wanted) {
            throw new WireFormatException("expected " + wanted + " at " + p.currentLocation().getCharOffset() + ", got " + got);
        }
    }

    /**
     * Renders any JSON document (e.g. an API envelope holding readings) with the same generator
     * settings as the readings themselves, so numbers look the same everywhere.
     */
    public byte[] render(GeneratorWork work) {
        return write(work);
    }

    private byte[] write(GeneratorWork work) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator gen = factory.createGenerator(out)) {
            work.run(gen);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen writing to memory
        }
        return out.toByteArray();
    }

    /** Writes a JSON document onto the generator it is given. */
    @FunctionalInterface
    public interface GeneratorWork {
        void run(JsonGenerator gen) throws IOException;
    }
}
