package io.heathub.billing.settlement.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import io.heathub.billing.settlement.HouseholdSettlement;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.Map;

/**
 * One settlement as one line of JSON: {@code household, heatKWh, estimated, prepaid, twoPart,
 * refund, charge, coldDays, coldRoomRefund}, then {@code elasticKWh, elasticCharge} for
 * households with elastic heating, {@code extensionKWh} when the season has decree extensions,
 * {@code excludedDays, interruptedDays} when either is not 0, then {@code error} when there is one. Amounts are plain
 * decimals with 2 places, heat with 3; unknown values are {@code null}.
 */
public final class SettlementJson {
    private final JsonFactory factory = JsonFactory.builder().enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN).build();
    private final boolean extensions;

    /** Lines of a season without decree extensions. */
    public SettlementJson() {
        this(false);
    }

    /** @param extensions whether the season has decree extensions: each line then says their heat ({@code extensionKWh}) */
    public SettlementJson(boolean extensions) {
        this.extensions = extensions;
    }

    /** The settlement as printed by {@code heathub settle} (also the hub's GET /api/settlement items). */
    public String line(HouseholdSettlement s) {
        StringWriter text = new StringWriter();
        try (JsonGenerator json = factory.createGenerator(text)) {
            json.writeStartObject();
            json.writeStringField("household", s.household().id());
            number(json, "heatKWh", s.heatKWh());
            if (s.estimated() == null) {
                json.writeNullField("estimated");
            } else {
                json.writeBooleanField("estimated", s.estimated());
            }
            number(json, "prepaid", s.prepaid());
            number(json, "twoPart", s.twoPart());
            number(json, "refund", s.refund());
            number(json, "charge", s.charge());
            json.writeObjectFieldStart("coldDays");
            for (Map.Entry<String, Integer> e : s.coldDays().entrySet()) {
                json.writeNumberField(e.getKey(), e.getValue());
            }
            json.writeEndObject();
            number(json, "coldRoomRefund", s.coldRoomRefund());
            if (!s.household().elasticPeriods().isEmpty()) {
                number(json, "elasticKWh", s.elasticKWh());
                number(json, "elasticCharge", s.elasticCharge());
            }
            if (extensions) {
                number(json, "extensionKWh", s.extensionKWh());
            }
            if (s.excludedDays() > 0 || s.interruptedDays() > 0) {
                json.writeNumberField("excludedDays", s.excludedDays());
                json.writeNumberField("interruptedDays", s.interruptedDays());
            }
            if (s.error() != null) {
                json.writeStringField("error", s.error());
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return text.toString();
    }

    private static void number(JsonGenerator json, String name, BigDecimal value) throws IOException {
        if (value == null) {
            json.writeNullField(name);
        } else {
            json.writeNumberField(name, value);
        }
    }
}
