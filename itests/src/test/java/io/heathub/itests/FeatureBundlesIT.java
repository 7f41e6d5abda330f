package io.heathub.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.heathub.api.hub.DeviceStatus;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;

/**
 * (4) Features are optional bundles that bring their REST resources with them: the hub without the
 * energy figures (heathub-billing-kpi not installed) resolves and runs with every other bundle
 * ACTIVE, {@code /api/kpi} is unknown; a feature bundle stopped at run time takes its paths away
 * and brings them back when started again, while web and core keep serving.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class FeatureBundlesIT extends HubTestSupport {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Configuration
    public Option[] config() {
        return hub("features", Set.of("heathub-billing-kpi"), DEMO_DEVICES);
    }

    private HttpResponse<String> get(String path) {
        try {
            URI uri = URI.create("http://127.0.0.1:" + intProperty("org.osgi.service.http.port") + path);
            return http.send(HttpRequest.newBuilder(uri).header("Authorization", adminAuthorization()).build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            return null; // the HTTP service is not up yet
        }
    }

    private int status(String path) {
        HttpResponse<String> r = get(path);
        return r == null ? -1 : r.statusCode();
    }

    @Test
    public void aFeatureLeftOutOrStoppedTakesItsPathsAlongAndNothingElse() throws Exception {
        startSimulator();
        await("every installed bundle ACTIVE", DEADLINE,
                () -> Stream.of(context.getBundles()).allMatch(b -> b.getState() == Bundle.ACTIVE),
                this::describeBundles);
        assertTrue("kpi bundle left out", Stream.of(context.getBundles())
                .noneMatch(b -> "heathub-billing-kpi".equals(b.getSymbolicName())));
        awaitDevices(DeviceStatus.State.RUNNING, Set.of("plc-1", "panel-001", "panel-002"));

        await("GET /api/alarms 200", () -> status("/api/alarms") == 200);
        HttpResponse<String> kpi = get("/api/kpi?week=2025-W02");
        assertEquals(kpi.body(), 404, kpi.statusCode());
        assertTrue(kpi.body(), kpi.body().startsWith("{\"status\":404,\"error\":\"no such resource: /api/kpi"));
        assertEquals(200, status("/api/export/readings.csv"));

        Bundle alarms = installed("heathub-billing-alarms");
        alarms.stop();
        await("GET /api/alarms 404 once its bundle stopped", () -> status("/api/alarms") == 404);
        // the supervision feed, which only binds the live alarms when they are there, still serves
        HttpResponse<String> supervision = get("/api/supervision");
        assertTrue(supervision.body(), supervision.statusCode() == 200
                || supervision.body().contains("no supervision feed yet"));
        assertEquals(200, status("/api/devices"));
        assertEquals(200, status("/api/health"));

        alarms.start();
        await("GET /api/alarms 200 again", () -> status("/api/alarms") == 200);
    }
}
