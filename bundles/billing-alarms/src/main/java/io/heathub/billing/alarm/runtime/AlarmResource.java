package io.heathub.billing.alarm.runtime;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.heathub.api.rest.RestRequest;
import io.heathub.api.rest.RestResource;
import io.heathub.api.rest.RestResponse;
import io.heathub.billing.alarm.AlarmStatus;
import java.io.IOException;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * {@code GET /api/alarms}: the open alarms; {@code POST /api/alarms/ack} with
 * {@code {"id": "..."}}: the signed-in operator takes one on (200 with the alarm, 404 when not
 * open, 400 malformed); the operator recorded is the authenticated user or token name, a
 * {@code "by"} field of older clients is ignored. 503 while the live alarms do not run.
 */
@Component(service = RestResource.class, property = {
        RestResource.PATH + "=" + AlarmResource.ALARMS, RestResource.PATH + "=" + AlarmResource.ACK,
        RestResource.USAGE + "=/api/alarms", RestResource.USAGE + "=POST /api/alarms/ack"})
public final class AlarmResource implements RestResource {
    static final String ALARMS = "/alarms";
    static final String ACK = "/alarms/ack";
    static final String UNAVAILABLE = "the live alarms are not running (heathub-billing-alarms waits for core's"
            + " ReadingFeed and ReadingSink; see the hub log)";

    private final JsonFactory jsonFactory = new JsonFactory();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile AlarmStatus alarms;

    @Override
    public RestResponse handle(RestRequest request) {
        boolean ack = request.path().equals(ACK);
        if (request.isRead() == ack) {
            return RestResponse.error(405, "GET /api/alarms lists the open alarms; POST /api/alarms/ack takes one on");
        }
        AlarmStatus status = alarms;
        if (status == null) {
            return RestResponse.error(503, UNAVAILABLE);
        }
        return ack ? acknowledge(status, request) : RestResponse.ok(status.open());
    }

    private RestResponse acknowledge(AlarmStatus status, RestRequest request) {
        String id = null;
        try (JsonParser parser = jsonFactory.createParser(request.body())) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return RestResponse.error(400, "expected {\"id\": \"<alarm id>\"}");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (value != JsonToken.VALUE_STRING) {
                    return RestResponse.error(400, field + ": expected a string");
                }
                switch (field) {
                    case "id" -> id = parser.getText();
                    case "by" -> {
                        // older clients named the operator; the authenticated caller is recorded instead
                    }
                    default -> {
                        return RestResponse.error(400, "unknown field '" + field + "'; expected id");
                    }
                }
            }
        } catch (IOException e) {
            return RestResponse.error(400, "malformed JSON: " + e.getMessage().replace('\n', ' '));
        }
        if (id == null || id.isBlank()) {
            return RestResponse.error(400, "id (the alarm id, e.g. stuckCounter:heat-101) is required");
        }
        String operator = request.user() != null ? request.user() : request.caller();
        try {
            return RestResponse.ok(status.acknowledge(id.trim(), operator));
        } catch (IllegalArgumentException e) {
            return RestResponse.error(404, e.getMessage());
        }
    }
}
