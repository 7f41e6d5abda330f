package io.heathub.itests.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A feature is optional: the assembled demo hub with one billing feature's bundle taken out of
 * {@code bundle/} (the energy figures, heathub-billing-kpi) starts, polls, exports, settles and
 * alarms as before; the removed feature's endpoint answers 404 like any unknown path, and nothing
 * in the log is an ERROR.
 */
class FeatureRemovedEndToEndIT {
    private static final String REMOVED = "heathub-billing-kpi";

    @Test
    void theHubRunsWithoutTheEnergyFiguresAndTheirEndpointIsGone(@TempDir Path work) throws Exception {
        try (HubProcess hub = new HubProcess(work)) {
            List<Path> removed;
            try (Stream<Path> jars = Files.list(hub.home().resolve("bundle"))) {
                removed = jars.filter(j -> j.getFileName().toString().startsWith(REMOVED + "-")).toList();
            }
            assertThat(removed).as("the feature's bundle in the distribution").hasSize(1);
            Files.delete(removed.get(0));

            hub.simulatorOnFreePorts();
            hub.start(Map.of());

            // core, web and the other features run: devices poll, heat readings reach the export
            Waits.until(Duration.ofSeconds(90), "all devices RUNNING and the hub UP\n" + hub.console(), () -> {
                String health = hub.get("/api/health");
                String devices = hub.get("/api/devices");
                return health != null && health.contains("\"status\":\"UP\"") && devices != null
                        && devices.contains("\"id\":\"heat-203\"")
                        && !devices.matches("(?s).*\"state\":\"(?!RUNNING)[A-Z_]+\".*");
            });
            Waits.until(Duration.ofSeconds(60), "heat readings in the export", () -> {
                String csv = hub.get("/api/export/readings.csv");
                return csv != null && csv.startsWith("device,point,time,value,unit,quality\n") && csv.contains(",heat.energy,");
            });
            String season = java.time.LocalDate.now().minusDays(1) + "/" + java.time.LocalDate.now();
            HttpResponse<String> settlement = hub.send("/api/settlement?season=" + season);
            assertThat(settlement.statusCode()).as(settlement.body()).isEqualTo(200);
            assertThat(settlement.body()).startsWith("[{\"household\":");
            assertThat(hub.send("/api/alarms").statusCode()).isEqualTo(200);
            HttpResponse<String> supervision = hub.send("/api/supervision");
            assertThat(supervision.body()).as("supervision is served (no feed yet, or the latest)")
                    .satisfiesAnyOf(b -> assertThat(b).contains("no supervision feed yet"), b -> assertThat(b).contains("\"site\""));
            Waits.until(Duration.ofSeconds(30), "the control loop's report", () -> hub.get("/api/control") != null);

            // the removed feature's endpoint is gone, like any unknown path
            HttpResponse<String> kpi = hub.send("/api/kpi?week=2025-W02");
            assertThat(kpi.statusCode()).isEqualTo(404);
            assertThat(kpi.body()).startsWith("{\"status\":404,\"error\":\"no such resource: /api/kpi (try /api/health,")
                    .contains("/api/settlement?season=", "/api/alarms", "/api/supervision", "/api/export/readings.csv")
                    .doesNotContain("/api/kpi?week=");

            assertThat(hub.errorLines()).as("ERROR or SEVERE lines in the hub's console and log").isEmpty();
        }
    }
}
