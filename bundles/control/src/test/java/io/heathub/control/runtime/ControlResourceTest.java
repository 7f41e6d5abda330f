package io.heathub.control.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.heathub.api.rest.RestResource;
import io.heathub.control.runtime.api.ControlReport;
import io.heathub.control.runtime.api.ControlStatus;
import io.heathub.web.ApiHandler;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** GET /api/control through web's real routing and rendering. */
class ControlResourceTest {
    private final ApiHandler handler = new ApiHandler(() -> null, () -> null, () -> 0);
    private final ControlResource resource = new ControlResource();

    ControlResourceTest() {
        handler.add(resource, Map.of(RestResource.PATH, ControlResource.PATH));
    }

    private static String text(ApiHandler.Response r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    @Test
    void controlShowsTheLastCycleWithReasonsAndCommandResults() {
        var report = new ControlReport(Instant.parse("2026-11-23T08:00:00Z"), 7, "season", "2026-11-23",
                new ControlReport.Outdoor(OptionalDouble.of(-12.5), Optional.of(Instant.parse("2026-11-23T07:59:30Z")), "GOOD",
                        OptionalDouble.of(-11.0), OptionalDouble.empty(), 0, OptionalDouble.of(-11.0), false),
                new ControlReport.Supply("SET", OptionalDouble.of(71.5), OptionalDouble.of(73.0), OptionalDouble.of(70.0),
                        OptionalDouble.empty(), OptionalDouble.empty(), List.of("curve 73.0 at -11.0", "trim -1.5"),
                        "curve and trim"),
                new ControlReport.RoomStatistics(10, OptionalDouble.of(19.2), OptionalDouble.of(18.1), OptionalDouble.of(22.0),
                        24, 0, 0),
                -1.5, List.of(),
                new ControlReport.DecisionRecord("source.load", "HOLD", OptionalDouble.empty(), "%", Map.of(), "no source", ""),
                List.of(), List.of(new ControlReport.SentCommand("supply", "control-7", "plc-1", "setpoint.supply",
                        new BigDecimal("71.5"), "REFUSED", "above 70")),
                List.of());
        assertThat(handler.get("/control", null).status()).isEqualTo(503);

        resource.loop = new ControlStatus() { // what DS does when the control loop registers
            @Override
            public Optional<ControlReport> last() {
                return Optional.of(report);
            }

            @Override
            public List<String> configProblems() {
                return List.of();
            }
        };
        String json = text(handler.get("/control", null));
        assertThat(json).startsWith("{\"configProblems\":[],\"last\":{\"time\":\"2026-11-23T08:00:00Z\",\"cycle\":7,")
                .contains("\"outdoor\":{\"raw\":-12.5,\"rawTime\":\"2026-11-23T07:59:30Z\",\"rawQuality\":\"GOOD\","
                        + "\"filtered\":-11.0,\"forecast\":null,")
                .contains("\"reasonChain\":[\"curve 73.0 at -11.0\",\"trim -1.5\"]")
                .contains("\"commands\":[{\"output\":\"supply\",\"requestId\":\"control-7\",\"device\":\"plc-1\","
                        + "\"point\":\"setpoint.supply\",\"value\":71.5,\"status\":\"REFUSED\",\"message\":\"above 70\"}]");
    }
}
