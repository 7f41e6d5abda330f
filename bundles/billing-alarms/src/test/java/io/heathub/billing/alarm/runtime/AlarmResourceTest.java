package io.heathub.billing.alarm.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.heathub.api.rest.RestResource;
import io.heathub.api.rest.Role;
import io.heathub.billing.alarm.AlarmBook;
import io.heathub.billing.alarm.AlarmConfig;
import io.heathub.billing.alarm.AlarmStatus;
import io.heathub.billing.alarm.Condition;
import io.heathub.web.ApiHandler;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** GET /api/alarms and POST /api/alarms/ack through web's real routing and rendering. */
class AlarmResourceTest {
    private static final Instant T0 = Instant.parse("2025-01-06T08:00:00Z");

    private final ApiHandler handler = new ApiHandler(() -> null, () -> null, () -> 0);
    private final AlarmResource resource = new AlarmResource();

    AlarmResourceTest() {
        handler.add(resource, Map.of(RestResource.PATH, new String[] {AlarmResource.ALARMS, AlarmResource.ACK}));
    }

    private static String text(ApiHandler.Response r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    /** An alarm book behind the AlarmStatus interface, the way LiveAlarms does it. */
    private static AlarmStatus bookStatus(AlarmBook book) {
        return new io.heathub.billing.fixtures.BookAlarms(book, T0.plusSeconds(60));
    }

    @Test
    void alarmsListTheOpenOnesAndAckTakesOneOn() {
        AlarmBook book = new AlarmBook(AlarmConfig.defaults());
        book.observe(T0, List.of(new Condition("stuckCounter", "heat-101", "heat.energy stayed at 1000 kWh")));
        resource.alarms = bookStatus(book); // what DS does when the live alarms register

        ApiHandler.Response list = handler.getWithQuery("/alarms", Map.of());
        assertThat(list.status()).isEqualTo(200);
        assertThat(text(list)).isEqualTo("[{\"id\":\"stuckCounter:heat-101\",\"kind\":\"stuckCounter\",\"subject\":\"heat-101\","
                + "\"faultClass\":1,\"evidence\":\"heat.energy stayed at 1000 kWh\",\"count\":1,"
                + "\"raisedAt\":\"2025-01-06T08:00:00Z\",\"lastSeen\":\"2025-01-06T08:00:00Z\",\"dueBy\":\"2025-01-06T09:00:00Z\","
                + "\"overdue\":false,\"acknowledgedAt\":null,\"acknowledgedBy\":null,\"clearedAt\":null}]");

        // the operator is who signed in; a free-text "by" of an older client is ignored
        ApiHandler.Response ack = handler.postAs("/alarms/ack",
                "{\"id\":\"stuckCounter:heat-101\",\"by\":\"someone-else\"}".getBytes(StandardCharsets.UTF_8), "ops-li",
                Role.OPERATOR);
        assertThat(ack.status()).isEqualTo(200);
        assertThat(text(ack)).contains("\"acknowledgedAt\":\"2025-01-06T08:01:00Z\",\"acknowledgedBy\":\"ops-li\"");
        assertThat(book.open().get(0).acknowledgedBy()).isEqualTo("ops-li");

        assertThat(handler.post("/alarms/ack", "{\"id\":\"nope\",\"by\":\"ops-li\"}".getBytes(), "rest:x").status()).isEqualTo(404);
        assertThat(handler.post("/alarms/ack", "{\"by\":\"ops-li\"}".getBytes(), "rest:x").status()).isEqualTo(400);
        assertThat(handler.post("/alarms/ack", "{\"id\":".getBytes(), "rest:x").status()).isEqualTo(400);
        assertThat(handler.post("/alarms", "{}".getBytes(), "rest:x").status()).isEqualTo(405);
    }

    @Test
    void withoutTheLiveAlarmsBothAnswer503() {
        ApiHandler.Response list = handler.getWithQuery("/alarms", Map.of());
        assertThat(list.status()).isEqualTo(503);
        assertThat(text(list)).contains("the live alarms are not running");
        assertThat(handler.post("/alarms/ack", "{\"id\":\"a\",\"by\":\"b\"}".getBytes(), "rest:test").status()).isEqualTo(503);
    }
}
