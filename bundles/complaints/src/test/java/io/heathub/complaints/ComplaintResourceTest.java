package io.heathub.complaints;

import static org.assertj.core.api.Assertions.assertThat;

import io.heathub.api.rest.RestRequest;
import io.heathub.api.rest.RestResource;
import io.heathub.api.rest.Role;
import io.heathub.billing.fixtures.TestSite;
import io.heathub.billing.hub.HouseholdsSection;
import io.heathub.billing.records.Complaint;
import io.heathub.testkit.SettableClock;
import io.heathub.web.ApiHandler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * POST and GET /api/complaints through web's real routing and rendering, on core's real site owner,
 * a real records folder and reading-export day files written as the export writes them.
 */
class ComplaintResourceTest {
    /** 2025-11-20 08:30 in Shanghai = 00:30 UTC. */
    private static final Instant MADE = Instant.parse("2025-11-20T00:30:00Z");
    private static final String SITE = """
            site: { id: demo, zone: Asia/Shanghai }
            households:
              - { id: panel-001, areaM2: 90, meter: heat-101, roomSensor: panel-001, tariff: two-part }
              - { id: panel-002, areaM2: 60, roomSensor: panel-002, tariff: area }
              - { id: panel-003, areaM2: 70, tariff: area }
            """;

    @TempDir
    Path dir;
    private final SettableClock clock = new SettableClock(MADE.plus(Duration.ofMinutes(10)));
    private TestSite site;
    private ComplaintResource resource;
    private ApiHandler handler;

    @BeforeEach
    void start() throws IOException {
        site = TestSite.of(dir.resolve("site"), SITE, new HouseholdsSection());
        Path export = Files.createDirectories(dir.resolve("export"));
        // the export's UTC day files; the window around 08:30 (+08:00) is 02:30–10:30 local = 18:30Z (19th) – 02:30Z
        Files.writeString(export.resolve("readings-2025-11-19.csv"), """
                device,point,time,value,unit,quality
                panel-001,temp.room,2025-11-19T18:00:00Z,21.0,°C,good
                panel-001,temp.room,2025-11-19T19:00:00Z,16.5,°C,good
                panel-001,temp.room,2025-11-19T22:00:00Z,16.0,°C,good
                panel-001,temp.room,2025-11-19T23:00:00Z,5.0,°C,bad
                panel-002,temp.room,2025-11-19T22:00:00Z,22.0,°C,good
                """);
        Files.writeString(export.resolve("readings-2025-11-20.csv"), """
                device,point,time,value,unit,quality
                panel-001,temp.room,2025-11-20T00:00:00Z,15.0,°C,good
                panel-001,heat.energy,2025-11-20T00:00:00Z,1000,kWh,good
                panel-001,temp.room,2025-11-20T01:00:00Z,17.0,°C,good
                panel-001,temp.room,2025-11-20T03:00:00Z,20.0,°C,good
                """);
        open(export);
    }

    private void open(Path export) throws IOException {
        if (resource != null) {
            resource.deactivate();
        }
        resource = new ComplaintResource(site.service(), dir.resolve("data/records"), export, clock);
        handler = new ApiHandler(() -> null, () -> null, () -> 0);
        handler.add(resource, Map.of(RestResource.PATH, ComplaintResource.PATH));
    }

    @AfterEach
    void stop() throws IOException {
        resource.deactivate();
        site.close();
    }

    private ApiHandler.Response post(String json) {
        return handler.post("/complaints", json.getBytes(StandardCharsets.UTF_8), "rest:10.0.0.7");
    }

    private static String text(ApiHandler.Response r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    private static String error(ApiHandler.Response r) {
        assertThat(r.status()).as(text(r)).isEqualTo(400);
        return text(r);
    }

    @Test
    void aComplaintIsRecordedDueInAnHourAndListedWithTheRoomTemperaturesAroundIt() {
        ApiHandler.Response made = post("""
                {"household": "panel-001", "category": "tooCold", "text": "bedroom cold since the night",
                 "time": "2025-11-20T08:30:00+08:00"}""");
        assertThat(made.status()).as(text(made)).isEqualTo(201);
        // window 02:30–10:30 local: 16.5 (03:00), 16.0 (06:00), 15.0 (08:00), 17.0 (09:00); the 02:00 and
        // 11:00 readings fall outside, the BAD 5.0 does not count; mean 64.5 / 4 = 16.125 → 16.13
        // class 1 by default (no alarms: section read here): due 1 h after the complaint, 09:30 local
        assertThat(text(made)).isEqualTo("{\"complaint\":{\"id\":\"c-000001\",\"household\":\"panel-001\","
                + "\"category\":\"tooCold\",\"text\":\"bedroom cold since the night\",\"time\":\"2025-11-20T00:30:00Z\","
                + "\"recordedAt\":\"2025-11-20T00:40:00Z\",\"recordedBy\":\"rest:10.0.0.7\",\"dueBy\":\"2025-11-20T01:30:00Z\","
                + "\"resolvedAt\":null,\"resolvedBy\":null,\"resolution\":null},\"overdue\":false,"
                + "\"room\":{\"sensor\":\"panel-001\",\"from\":\"2025-11-19T18:30:00Z\",\"to\":\"2025-11-20T02:30:00Z\","
                + "\"count\":4,\"meanC\":16.13,\"minC\":15.0,\"maxC\":17.0,\"atComplaintC\":15.0,"
                + "\"atComplaintAt\":\"2025-11-20T00:00:00Z\"}}");

        // a household without a room sensor: listed, its room null; a room sensor silent then: count 0
        assertThat(post("{\"household\":\"panel-003\",\"category\":\"noise\",\"time\":\"2025-11-20T08:35:00+08:00\"}")
                .status()).isEqualTo(201);
        clock.set(Instant.parse("2025-11-20T02:00:00Z")); // past the first one's deadline
        ApiHandler.Response list = handler.getWithQuery("/complaints", Map.of("from", "2025-11-20", "to", "2025-11-20"));
        assertThat(list.status()).isEqualTo(200);
        assertThat(text(list)).contains("\"id\":\"c-000001\"", "\"id\":\"c-000002\"", "\"overdue\":true", "\"room\":null");
        assertThat(text(list).indexOf("c-000001")).isLessThan(text(list).indexOf("c-000002"));

        ApiHandler.Response one = handler.getWithQuery("/complaints", Map.of("household", "panel-003"));
        assertThat(text(one)).contains("c-000002").doesNotContain("c-000001");
        // the day before holds none
        assertThat(text(handler.getWithQuery("/complaints", Map.of("from", "2025-11-19", "to", "2025-11-19")))).isEqualTo("[]");
        // the service the supervision feed counts: both open at 10:00 local, none at 08:00
        assertThat(resource.openAt(Instant.parse("2025-11-20T02:00:00Z"))).extracting(Complaint::id)
                .containsExactly("c-000001", "c-000002");
        assertThat(resource.openAt(Instant.parse("2025-11-20T00:00:00Z"))).isEmpty();
        assertThat(resource.between(MADE, MADE.plusSeconds(1), Optional.empty())).singleElement()
                .satisfies(c -> assertThat(c.id()).isEqualTo("c-000001"));
    }

    @Test
    void complaintsAreKeptAcrossARestartAndNumberedOn() throws IOException {
        assertThat(post("{\"household\":\"panel-002\",\"category\":\"noHeat\",\"time\":\"2025-11-20T08:00:00+08:00\"}")
                .status()).isEqualTo(201);
        open(dir.resolve("export"));
        ApiHandler.Response next = post("{\"household\":\"panel-002\",\"category\":\"noHeat\",\"time\":\"2025-11-20T08:20:00+08:00\"}");
        assertThat(text(next)).contains("\"id\":\"c-000002\"");
        assertThat(text(handler.getWithQuery("/complaints", Map.of()))).contains("c-000001", "c-000002");
        assertThat(Files.readAllLines(dir.resolve("data/records/complaints.jsonl"))).hasSize(2);
    }

    @Test
    void badInputIsRefusedWithWhatIsWrongAndNothingIsRecorded() throws IOException {
        assertThat(error(post("{\"household\":")) ).contains("malformed JSON");
        assertThat(error(post("[]"))).contains("expected a JSON object");
        assertThat(error(post("{\"houshold\":\"panel-001\"}")))
                .contains("unknown field 'houshold' (did you mean 'household'?); expected category, household, text, time");
        assertThat(error(post("{\"household\":\"panel-01\",\"category\":\"tooCold\",\"time\":\"2025-11-20T08:00:00+08:00\"}")))
                .contains("household: no household 'panel-01' in households: (did you mean 'panel-001'?)");
        assertThat(error(post("{\"household\":\"panel-001\",\"category\":\"toCold\",\"time\":\"2025-11-20T08:00:00+08:00\"}")))
                .contains("category: unknown \\\"toCold\\\" (did you mean 'tooCold'?); expected one of tooCold, tooHot, noHeat");
        assertThat(error(post("{\"household\":\"panel-001\",\"category\":\"tooCold\"}"))).contains("time: required");
        assertThat(error(post("{\"household\":\"panel-001\",\"category\":\"tooCold\",\"time\":\"yesterday\"}")))
                .contains("time: expected an ISO time like 2025-11-20T08:30:00+08:00, got \\\"yesterday\\\"");
        // more than CLOCK_SLACK (5 min) ahead of the hub's clock (08:40 local)
        assertThat(error(post("{\"household\":\"panel-001\",\"category\":\"tooCold\",\"time\":\"2025-11-20T08:46:00+08:00\"}")))
                .contains("time: 2025-11-20T00:46:00Z is ahead of the hub's clock (2025-11-20T00:40:00Z)");
        assertThat(error(post("{\"household\":\"panel-001\",\"category\":\"tooCold\",\"time\":\"2025-11-20T08:00:00+08:00\","
                + "\"text\":\"" + "x".repeat(2001) + "\"}"))).contains("text: at most 2000 characters, got 2001");
        assertThat(error(post("{\"household\":\"panel-001\",\"category\":\"tooCold\",\"time\":\"2025-11-20T08:00:00+08:00\","
                + "\"text\":\"" + "x".repeat(9000) + "\"}"))).contains("a complaint takes at most 8192 bytes");
        assertThat(error(post("{\"household\":\"panel-001\",\"category\":\"tooCold\",\"time\":\"2025-11-20T08:00:00+08:00\","
                + "\"text\":\"a\\u0000b\"}"))).contains("text: control characters are not allowed");

        assertThat(error(handler.getWithQuery("/complaints", Map.of("from", "20.11.2025"))))
                .contains("from: expected a date like 2025-11-20 or a time like 2025-11-20T08:30:00+08:00, got \\\"20.11.2025\\\"");
        assertThat(error(handler.getWithQuery("/complaints", Map.of("from", "2025-11-20", "to", "2025-11-19"))))
                .contains("must be after from");
        assertThat(error(handler.getWithQuery("/complaints", Map.of("from", "2024-01-01", "to", "2025-11-20"))))
                .contains("at most 400 days at once");
        assertThat(error(handler.getWithQuery("/complaints", Map.of("household", "panel-04"))))
                .contains("household: no household 'panel-04' in households:");

        assertThat(text(handler.getWithQuery("/complaints", Map.of()))).isEqualTo("[]");
        assertThat(dir.resolve("data/records/complaints.jsonl")).isEmptyFile();
    }

    @Test
    void viewersReadOperatorsRecord() {
        RestRequest get = new RestRequest("GET", "/complaints", "", Map.of(), null, null, "rest:x");
        RestRequest post = new RestRequest("POST", "/complaints", "", Map.of(), new byte[0], "application/json", "rest:x");
        assertThat(resource.role(get)).isEqualTo(Role.VIEWER);
        assertThat(resource.role(post)).isEqualTo(Role.OPERATOR);
        assertThat(resource.handle(new RestRequest("DELETE", "/complaints", "", Map.of(), null, null, "rest:x")).status())
                .isEqualTo(405);
        assertThat(List.of(ComplaintInput.CATEGORIES.get(0))).containsExactly("tooCold");
    }
}
