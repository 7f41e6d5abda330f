package io.heathub.web;

import static io.heathub.web.SecuredServer.as;
import static io.heathub.web.SecuredServer.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.heathub.api.Reading;
import io.heathub.api.Unit;
import io.heathub.api.rest.Role;
import io.heathub.testkit.InMemoryJournal;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/readings?device=&point=&from=&to=&max=} through the real filter and servlet: the
 * role it needs, a device's points read back from a journal in one answer, the bounds on the window,
 * the points and the answer, and a clear 400 for each bad parameter.
 */
class ReadingHistoryHttpTest {
    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

    @TempDir
    Path dir;
    private SecuredServer server;
    private final InMemoryJournal journal = new InMemoryJournal();
    private final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void start() throws Exception {
        server = new SecuredServer(dir, WebSettings.defaults());
        server.servlet.journal = journal;
        List<Reading> readings = new ArrayList<>();
        for (int minute = 0; minute < 120; minute++) { // two hours, a reading a minute, two points and another device
            Instant t = T0.plus(Duration.ofMinutes(minute));
            readings.add(Reading.good("plc-1", "temp.supply", BigDecimal.valueOf(600 + minute, 1), Unit.CELSIUS, t));
            readings.add(Reading.good("plc-1", "temp.return", BigDecimal.valueOf(400), Unit.CELSIUS, t));
            readings.add(Reading.good("panel-001", "temp.supply", BigDecimal.ONE, Unit.CELSIUS, t));
        }
        journal.append(readings);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private HttpResponse<byte[]> get(String query, Role role) throws Exception {
        return server.send("GET", "/api/readings" + query, role == null ? null : as(role), null);
    }

    @Test
    void aViewerReadsOnePointsSeriesInTimeOrderWithinTheWindow() throws Exception {
        assertThat(get("?device=plc-1&point=temp.supply", null).statusCode()).isEqualTo(401);

        HttpResponse<byte[]> answer = get("?device=plc-1&point=temp.supply&from=2026-12-01T00:30:00Z"
                + "&to=2026-12-01T01:00:00Z", Role.VIEWER);
        assertThat(answer.statusCode()).as(text(answer)).isEqualTo(200);
        JsonNode series = json.readTree(answer.body()).get("series").get(0);
        assertThat(json.readTree(answer.body()).get("complete").asBoolean()).isTrue();
        assertThat(series.get("point").asText()).isEqualTo("temp.supply");
        assertThat(series.get("unit").asText()).isEqualTo("°C");
        assertThat(series.get("matched").asInt()).isEqualTo(30);
        assertThat(series.get("times")).hasSize(30);
        assertThat(series.get("times").get(0).asLong()).isEqualTo(T0.plus(Duration.ofMinutes(30)).toEpochMilli());
        assertThat(series.get("values").get(0).decimalValue()).isEqualByComparingTo("63.0");
        assertThat(series.get("values").get(29).decimalValue()).isEqualByComparingTo("65.9");

        // a device without readings of that point: an empty series, not an error
        JsonNode none = json.readTree(get("?device=plc-9&point=temp.supply&from=2026-12-01T00:00:00Z&to=2026-12-02T00:00:00Z",
                Role.VIEWER).body()).get("series").get(0);
        assertThat(none.get("times")).isEmpty();
        assertThat(none.get("matched").asInt()).isZero();
    }

    @Test
    void severalPointsOfADeviceComeInOneAnswerInTheOrderAsked() throws Exception {
        JsonNode answer = json.readTree(get("?device=plc-1&point=temp.return&point=temp.supply&point=temp.return"
                + "&from=2026-12-01T00:00:00Z&to=2026-12-01T02:00:00Z", Role.VIEWER).body());
        List<String> points = new ArrayList<>();
        answer.get("series").forEach(series -> points.add(series.get("point").asText()));
        assertThat(points).containsExactly("temp.return", "temp.supply");
        assertThat(answer.get("series").get(0).get("values")).hasSize(120).allSatisfy(v -> assertThat(v.asInt()).isEqualTo(400));
        assertThat(answer.get("series").get(1).get("matched").asInt()).as("not panel-001's temp.supply").isEqualTo(120);
        StringBuilder tooMany = new StringBuilder("?device=plc-1");
        for (int i = 0; i < 25; i++) {
            tooMany.append("&point=p").append(i);
        }
        assertBad(tooMany.toString(), "25 points asked; at most 24");
    }

    @Test
    void theAnswerIsThinnedToMaxSlotsOfTheWindow() throws Exception {
        JsonNode series = json.readTree(get("?device=plc-1&point=temp.supply&from=2026-12-01T00:00:00Z"
                + "&to=2026-12-01T02:00:00Z&max=12", Role.VIEWER).body()).get("series").get(0);
        assertThat(series.get("matched").asInt()).isEqualTo(120);
        assertThat(series.get("times")).hasSize(12);
        // each ten-minute slot keeps its first reading
        assertThat(series.get("values").get(1).decimalValue()).isEqualByComparingTo("61.0");
        assertThat(series.get("values").get(11).decimalValue()).isEqualByComparingTo("71.0");
    }

    @Test
    void badParametersAre400WithWhatIsWrong() throws Exception {
        assertBad("?point=temp.supply", "device is required");
        assertBad("?device=plc-1", "point is required");
        assertBad("?device=plc-1&point=temp.supply&from=yesterday", "from must be an ISO-8601 instant", "'yesterday'");
        assertBad("?device=plc-1&point=temp.supply&from=2026-12-02T00:00:00Z&to=2026-12-01T00:00:00Z", "must be before to");
        assertBad("?device=plc-1&point=temp.supply&from=2026-01-01T00:00:00Z&to=2026-12-01T00:00:00Z", "at most 31 days");
        assertBad("?device=plc-1&point=temp.supply&max=0", "max must be from 1 to 10000");
        assertBad("?device=plc-1&point=temp.supply&max=20000", "max must be from 1 to 10000");
        assertBad("?device=plc-1&point=temp.supply&max=many", "max must be a whole number");
        assertBad("?device=plc-1&point=temp.supply&limit=5", "unknown parameter 'limit'");
        assertBad("?device=plc-1&device=plc-2&point=temp.supply", "'device' given 2 times");
        assertBad("?device=" + "x".repeat(129) + "&point=temp.supply", "at most 128 characters");
    }

    @Test
    void withoutAJournalItIs503AndPostingReadingsStillNeedsAnOperator() throws Exception {
        server.servlet.journal = null;
        assertThat(get("?device=plc-1&point=temp.supply", Role.VIEWER).statusCode()).isEqualTo(503);
        assertThat(server.send("POST", "/api/readings", as(Role.VIEWER), "[]").statusCode()).isEqualTo(403);
    }

    private void assertBad(String query, String... says) throws Exception {
        HttpResponse<byte[]> answer = get(query, Role.VIEWER);
        assertThat(answer.statusCode()).as(query + " → " + text(answer)).isEqualTo(400);
        assertThat(text(answer)).as(query).contains(says);
    }
}
