package io.heathub.tools;

import io.heathub.api.Reading;
import io.heathub.wire.ReadingJson;
import java.nio.charset.StandardCharsets;

/** The one-reading-per-line JSON the integrator tools print. */
final class ReadingLines {
    private static final ReadingJson JSON = new ReadingJson();

    private ReadingLines() {
    }

    /**
     * {@code {"device","point","value","unit","time"?,"quality","reason"?}}.
     *
     * @param withTime false when the reading's time is only when it was decoded (a frame without
     *                 a clock), so printing it would mislead
     */
    static String line(Reading r, boolean withTime) {
        return new String(JSON.render(gen -> {
            gen.writeStartObject();
            gen.writeStringField("device", r.device());
            gen.writeStringField("point", r.point());
            gen.writeFieldName("value");
            gen.writeNumber(r.value());
            gen.writeStringField("unit", r.unit().symbol());
            if (withTime) {
                gen.writeStringField("time", r.time().toString());
            }
            gen.writeStringField("quality", r.quality().name());
            if (!r.reason().isEmpty()) {
                gen.writeStringField("reason", r.reason());
            }
            gen.writeEndObject();
        }), StandardCharsets.UTF_8);
    }
}
