package io.heathub.billing.settlement.runtime;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import io.heathub.billing.Cut;
import io.heathub.billing.Household;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

/** One daily cut as one line of JSON: {@code household, meter, day, at, kWh (3 places), estimated[, why]}. */
final class CutJson {
    private final JsonFactory factory = JsonFactory.builder().enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN).build();

    String line(Household household, LocalDate day, Instant at, Optional<Cut> cut, Optional<String> why) {
        StringWriter text = new StringWriter();
        try (JsonGenerator json = factory.createGenerator(text)) {
            json.writeStartObject();
            json.writeStringField("household", household.id());
            json.writeStringField("meter", household.meter());
            json.writeStringField("day", day.toString());
            json.writeStringField("at", at.toString());
            if (cut.isPresent()) {
                json.writeNumberField("kWh", cut.get().kWh().setScale(3, RoundingMode.HALF_UP));
                json.writeBooleanField("estimated", cut.get().estimated());
            } else {
                json.writeNullField("kWh");
                json.writeNullField("estimated");
                json.writeStringField("why", why.orElse("no cut"));
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }
}
