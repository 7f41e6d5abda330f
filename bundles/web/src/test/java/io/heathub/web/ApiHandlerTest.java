package io.heathub.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.heathub.api.hub.DeviceStatus;
import io.heathub.api.hub.HubStatus;
import io.heathub.api.journal.Journal;
import io.heathub.wire.ReadingJson;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ApiHandlerTest {
    private HubStatus hub = FakeHub.healthy();
    private Journal journal = new FixedJournal(4711);
    private final ApiHandler handler = new ApiHandler(() -> hub, () -> journal, () -> 125_900);

    private static String text(ApiHandler.Response r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    @Test
    void healthIsUpWithCountsPerStateAndJournalHead() {
        // anyone's liveness check: no device data
        assertThat(text(handler.get("/health", null))).isEqualTo("{\"status\":\"UP\",\"uptimeSeconds\":125}");
        ApiHandler.Response r = handler.get("/status", null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(text(r)).isEqualTo("{\"status\":\"UP\",\"uptimeSeconds\":125,"
                + "\"devices\":{\"WAITING_FOR_DRIVER\":0,\"RUNNING\":1,\"FAILING\":1,\"CONFIG_ERROR\":0,\"BUS_DOWN\":0},"
                + "\"configErrors\":[],\"site\":null,\"journal\":{\"head\":4711}}");
    }

    @Test
    void healthIsDegradedWithConfigErrors() {
        hub = new FakeHub(FakeHub.healthy().devices(), List.of(), List.of("devices[2]: unknown bus \"x\""));
        assertThat(text(handler.get("/health", null))).isEqualTo("{\"status\":\"DEGRADED\",\"uptimeSeconds\":125}");
        assertThat(text(handler.get("/status", null)))
                .startsWith("{\"status\":\"DEGRADED\"").contains("\"configErrors\":[\"devices[2]: unknown bus \\\"x\\\"\"]");
    }

    @Test
    void healthIsDegradedWhenNoDeviceRunsOrNoJournal() {
        hub = new FakeHub(List.of(new DeviceStatus("plc-1", "modbus", "plc", DeviceStatus.State.BUS_DOWN,
                "connection refused", Optional.empty(), 0, 5)), List.of(), List.of());
        assertThat(text(handler.get("/status", null))).startsWith("{\"status\":\"DEGRADED\"").contains("\"BUS_DOWN\":1");
        hub = FakeHub.healthy();
        journal = null;
        assertThat(text(handler.get("/status", null))).startsWith("{\"status\":\"DEGRADED\"").endsWith("\"journal\":null}");
    }

    @Test
    void devicesRenderEveryField() {
        ApiHandler.Response r = handler.get("/devices", null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(text(r)).isEqualTo("[{\"id\":\"panel-1\",\"driver\":\"modbus\",\"bus\":\"panels\",\"state\":\"FAILING\","
                + "\"lastError\":\"timeout after 1s\",\"lastPoll\":null,\"polls\":0,\"failures\":3},"
                + "{\"id\":\"plc-1\",\"driver\":\"modbus\",\"bus\":\"plc\",\"state\":\"RUNNING\",\"lastError\":\"\","
                + "\"lastPoll\":\"2026-11-23T09:30:00Z\",\"polls\":12,\"failures\":1}]");
    }

    @Test
    void latestReadingsUseTheWireFormatAndFilterByDevice() throws Exception {
        ReadingJson wire = new ReadingJson();
        assertThat(wire.readArray(handler.get("/readings/latest", null).body())).isEqualTo(hub.latest());
        assertThat(wire.readArray(handler.get("/readings/latest", "plc-1").body()))
                .isEqualTo(hub.latest().subList(1, 3));
        assertThat(text(handler.get("/readings/latest", "nope"))).isEqualTo("[]");
        assertThat(text(handler.get("/readings/latest", "panel-1"))).contains("\"unit\":\"°C\"");
    }

    @Test
    void withoutHubStatusEndpointsAnswer503WithAClearMessage() {
        hub = null;
        ApiHandler.Response health = handler.get("/health", null);
        assertThat(health.status()).isEqualTo(503);
        assertThat(text(health)).contains("\"status\":\"DOWN\"").contains("no HubStatus service");
        for (String path : List.of("/devices", "/readings/latest")) {
            ApiHandler.Response r = handler.get(path, null);
            assertThat(r.status()).isEqualTo(503);
            assertThat(text(r)).isEqualTo("{\"status\":503,\"error\":\"" + ApiHandler.HUB_UNAVAILABLE + "\"}");
        }
    }

    @Test
    void unknownPathIs404Json() {
        for (String path : new String[] {"/nope", "/devices/extra", "//"}) {
            ApiHandler.Response r = handler.get(path, null);
            assertThat(r.status()).isEqualTo(404);
            assertThat(text(r)).startsWith("{\"status\":404,\"error\":\"no such resource: /api");
        }
    }

    @Test
    void busesShowLineStatistics() {
        ApiHandler.Response r = handler.get("/buses", null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(text(r)).isEqualTo("[{\"id\":\"meters\",\"uri\":\"serial:/dev/ttyUSB0?baud=2400\",\"requests\":120,"
                + "\"timeouts\":3,\"checksumErrors\":1,\"otherErrors\":2,\"bytesSent\":1440,\"bytesReceived\":9120,"
                + "\"utilisationPercent\":37.3,\"pollLatenessMeanMillis\":412.3,\"pollLatenessMaxMillis\":1830.1}]");
    }

    @Test
    void aJournalAlarmOrFailingDiskMakesTheHubDegradedAndIsShown() {
        journal = new FixedJournal(9, java.util.Optional.of(new io.heathub.api.journal.JournalHealth(9, 9, 65536,
                java.util.Map.of("mqtt", 8L, "http", 0L), List.of("cursor mqtt at 81 % of maxEntries"), 0, 0, 2, false)));
        String health = text(handler.get("/status", null));
        assertThat(health).startsWith("{\"status\":\"DEGRADED\"").endsWith("\"journal\":{\"head\":9,\"writable\":false,"
                + "\"fileBytes\":65536,\"backlogs\":{\"http\":0,\"mqtt\":8},\"alarms\":[\"cursor mqtt at 81 % of maxEntries\"],"
                + "\"droppedUnforwarded\":0,\"writeFailures\":2}}");
    }
}
