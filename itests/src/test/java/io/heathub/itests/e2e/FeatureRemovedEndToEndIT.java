package io.heathub.itests.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each feature is optional: the assembled demo hub with one billing feature's bundle taken out of
 * {@code bundle/} (each in turn), its site.yaml left as shipped, starts (the start-up check warns that
 * nobody reads that feature's sections), polls every device, and serves every other feature; the
 * removed feature's paths answer 404 like any unknown path (the features computing over the export
 * answer 503 without it, saying so), and nothing in the log is an ERROR or SEVERE.
 */
class FeatureRemovedEndToEndIT {
    private static final String SEASON = LocalDate.now().minusDays(1) + "/" + LocalDate.now();
    /** Each feature bundle, the paths it serves, and the site.yaml sections only it reads. */
    private static final Map<String, Feature> FEATURES = new LinkedHashMap<>();

    private record Feature(List<String> paths, List<String> sections) {
    }

    static {
        FEATURES.put("heathub-billing-export", new Feature(List.of("/api/export/readings.csv"), List.of()));
        FEATURES.put("heathub-billing-settlement", new Feature(List.of("/api/settlement?season=" + SEASON,
                "/api/cuts?from=" + LocalDate.now()), List.of("tariff")));
        FEATURES.put("heathub-billing-alarms", new Feature(List.of("/api/alarms"), List.of("health", "alarms")));
        FEATURES.put("heathub-billing-kpi", new Feature(List.of("/api/kpi?week=2025-W02"), List.of("kpi")));
        FEATURES.put("heathub-billing-supervision", new Feature(List.of("/api/supervision"), List.of("supervision")));
    }

    @ParameterizedTest(name = "without {0}")
    @ValueSource(strings = {"heathub-billing-export", "heathub-billing-settlement", "heathub-billing-alarms",
            "heathub-billing-kpi", "heathub-billing-supervision"})
    void theHubRunsWithoutTheFeatureAndOnlyItsPathsAreGone(String removed, @TempDir Path work) throws Exception {
        try (HubProcess hub = new HubProcess(work)) {
            List<Path> jars;
            try (Stream<Path> all = Files.list(hub.home().resolve("bundle"))) {
                jars = all.filter(j -> j.getFileName().toString().matches(Pattern.quote(removed) + "-\\d.*\\.jar")).toList();
            }
            assertThat(jars).as("the feature's bundle in the distribution").hasSize(1);
            Files.delete(jars.get(0));

            // the shipped site, on free ports; meters polled more often so every device runs within seconds
            hub.simulatorOnFreePorts();
            hub.write("config/site.yaml", Files.readString(hub.home().resolve("config/site.yaml"))
                    .replace("pollInterval: 30s", "pollInterval: 5s").replace("pollInterval: 60s", "pollInterval: 5s"));
            hub.start(Map.of());

            // core, web and the other features run: every device polls
            Waits.until(Duration.ofSeconds(90), "all devices RUNNING and the hub UP\n" + hub.console(), () -> {
                String health = hub.get("/api/health");
                String devices = hub.get("/api/devices");
                return health != null && health.contains("\"status\":\"UP\"") && devices != null
                        && devices.contains("\"id\":\"heat-203\"")
                        && !devices.matches("(?s).*\"state\":\"(?!RUNNING)[A-Z_]+\".*");
            });
            Waits.until(Duration.ofSeconds(30), "the control loop's report", () -> hub.get("/api/control") != null);
            // the metering line is read and, with the export there, its heat readings reach the export
            Waits.until(Duration.ofSeconds(60), "heat readings of the metering line", () -> {
                String latest = hub.get("/api/readings/latest?device=heat-203");
                return latest != null && latest.contains("\"point\":\"heat.energy\"");
            });
            if (!removed.equals("heathub-billing-export")) {
                Waits.until(Duration.ofSeconds(60), "heat readings in the export", () -> {
                    String csv = hub.get("/api/export/readings.csv");
                    return csv != null && csv.startsWith("device,point,time,value,unit,quality\n") && csv.contains(",heat.energy,");
                });
            }

            Feature gone = FEATURES.get(removed);
            for (String path : gone.paths()) {
                HttpResponse<String> r = hub.send(path);
                assertThat(r.statusCode()).as(path + " without " + removed).isEqualTo(404);
                assertThat(r.body()).startsWith("{\"status\":404,\"error\":\"no such resource: ").contains(" (try /api/health,");
                // the paths listed in the answer are the running resources': not the removed one
                String route = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
                assertThat(r.body().substring(r.body().indexOf(" (try "))).doesNotContain(route);
            }
            for (Map.Entry<String, Feature> other : FEATURES.entrySet()) {
                if (other.getKey().equals(removed)) {
                    continue;
                }
                for (String path : other.getValue().paths()) {
                    HttpResponse<String> r = hub.send(path);
                    boolean overTheExport = removed.equals("heathub-billing-export")
                            && !other.getKey().equals("heathub-billing-alarms")
                            && !other.getKey().equals("heathub-billing-supervision");
                    if (overTheExport) {
                        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(503);
                        assertThat(r.body()).contains("heathub-billing-export");
                    } else {
                        assertThat(r.statusCode()).as(path + ": " + r.body()).isLessThan(500);
                        assertThat(r.body()).as(path).doesNotContain("no such resource");
                    }
                }
            }
            if (!removed.equals("heathub-billing-export") && !removed.equals("heathub-billing-settlement")) {
                HttpResponse<String> settlement = hub.send("/api/settlement?season=" + SEASON);
                assertThat(settlement.statusCode()).as(settlement.body()).isEqualTo(200);
                assertThat(settlement.body()).startsWith("[{\"household\":");
            }

            // the start-up check read the site with the distribution's readers: the removed feature's sections are
            // not checked, and it says so instead of refusing to start
            for (String section : gone.sections()) {
                assertThat(hub.console()).contains("warning: ").contains(": " + section
                        + ": no bundle of this distribution reads section '" + section + "'");
            }
            assertThat(hub.errorLines()).as("ERROR or SEVERE lines in the hub's console and log").isEmpty();
        }
    }
}
