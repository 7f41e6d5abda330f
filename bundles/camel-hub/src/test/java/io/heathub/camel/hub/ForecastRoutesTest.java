package io.heathub.camel.hub;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.heathub.api.Reading;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.Callable;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped forecast routes as the hub loads them (Camel's YAML DSL, timer, http:, file:) into
 * core's real pipeline and journal: the Open-Meteo example against a local HTTP server (the JDK's)
 * serving the recorded Minle response, and the demo's offline file route.
 */
class ForecastRoutesTest {
    private static final Path CONFIG = Path.of("../../config").toAbsolutePath().normalize();
    private static final byte[] MINLE = read(CONFIG.resolve("forecast/open-meteo-minle.json"));

    @TempDir
    Path dir;

    private HubDoor door;
    private DefaultCamelContext camel;
    private HttpServer server;
    private final List<String> queries = new CopyOnWriteArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        door = new HubDoor(dir, sink -> sink, command -> new CompletableFuture<>());
        camel = door.camel;
        Properties props = new Properties();
        props.setProperty("heathub.config", CONFIG.toString());
        camel.getPropertiesComponent().setInitialProperties(props);
    }

    @AfterEach
    void stop() throws Exception {
        door.close();
        if (server != null) {
            server.stop(0);
        }
    }

    /** Open-Meteo's /v1/forecast on 127.0.0.1: the first {@code failures} requests get 503, then the recording. */
    private String openMeteo(int failures) throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/forecast", exchange -> {
            queries.add(URLDecoder.decode(exchange.getRequestURI().getRawQuery(), StandardCharsets.UTF_8));
            boolean fail = requests.incrementAndGet() <= failures;
            byte[] body = fail ? "{\"error\":true,\"reason\":\"busy\"}".getBytes(StandardCharsets.UTF_8) : MINLE;
            exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
            exchange.sendResponseHeaders(fail ? 503 : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/forecast";
    }

    /** Loads a shipped route file, its timer started at once ({@code delay: 0}) and every {@code period} ms. */
    private void load(String shipped, String replaceHttps, long period) throws Exception {
        String yaml = Files.readString(CONFIG.resolve(shipped));
        assertThat(yaml).contains("delay: 10000").contains("period: 3600000");
        yaml = yaml.replace("delay: 10000", "delay: 0").replace("period: 3600000", "period: " + period);
        if (replaceHttps != null) {
            assertThat(yaml).contains("https://api.open-meteo.com/v1/forecast");
            yaml = yaml.replace("https://api.open-meteo.com/v1/forecast", replaceHttps);
        }
        PluginHelper.getRoutesLoader(camel).loadRoutes(ResourceHelper.fromString("file:" + shipped, yaml));
    }

    private List<Reading> journaled() throws Exception {
        return door.journaled();
    }

    @Test
    void theOpenMeteoExampleFetchesTheSitesForecastIntoForecastReadings() throws Exception {
        load("route-examples/forecast-open-meteo.yaml", openMeteo(0), 3_600_000);
        await(() -> journaled().size() == 72);

        // what the route asks Open-Meteo for: the site's coordinates, hourly temperature_2m, 3 days, local times
        assertThat(queries).singleElement().asString().contains("latitude=38.44", "longitude=100.81",
                "hourly=temperature_2m", "forecast_days=3", "timezone=Asia/Shanghai");
        List<Reading> stored = journaled();
        assertThat(stored).extracting(Reading::device).containsOnly("forecast");
        assertThat(stored).extracting(Reading::point).containsOnly("temp.outdoor");
        // the response's local times (Asia/Shanghai) as instants, the values as served: the cold front of day 2
        assertThat(stored.get(0).time()).isEqualTo(Instant.parse("2025-12-07T16:00:00Z"));
        assertThat(stored.get(0).value()).isEqualByComparingTo("-4.9");
        assertThat(stored.get(53).time()).isEqualTo(Instant.parse("2025-12-09T21:00:00Z")); // 12-10 05:00 in Minle
        assertThat(stored.get(53).value()).isEqualByComparingTo("-18.5");
    }

    @Test
    void aFailedFetchFailsThatHourOnlyAndTheNextFetchIsTaken() throws Exception {
        load("route-examples/forecast-open-meteo.yaml", openMeteo(1), 300);
        await(() -> journaled().size() == 72);
        // the 503 (its body is no forecast) journaled nothing; the second fetch all 72 hours, once
        assertThat(requests.get()).isGreaterThanOrEqualTo(2);
        assertThat(journaled().stream().map(Reading::time).distinct().count()).isEqualTo(72);
        assertThat(camel.getRouteController().getRouteStatus("forecast-open-meteo").isStarted()).isTrue();
    }

    @Test
    void theDemoRouteReplaysTheRecordedFileFromTheCurrentHour() throws Exception {
        Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
        load("routes/forecast.yaml", null, 3_600_000);
        await(() -> journaled().size() == 72);
        List<Reading> stored = journaled();
        assertThat(stored.get(0).time()).isIn(hour, hour.plus(Duration.ofHours(1)));
        assertThat(Duration.between(stored.get(0).time(), stored.get(71).time())).isEqualTo(Duration.ofHours(71));
        // the cold arrives on the second day of the recording, 53 hours after its first hour
        assertThat(stored.get(53).value()).isEqualByComparingTo("-18.5");
        assertThat(stored.get(0).value()).isEqualByComparingTo("-4.9");
    }

    private static void await(Callable<Boolean> condition) throws Exception {
        // generous: the first fetch loads camel-http and its client, which on a loaded machine took over a minute
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        while (!condition.call()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 180 s");
            }
            Thread.sleep(50);
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
