package io.heathub.camel.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.heathub.api.Quality;
import io.heathub.api.Reading;
import io.heathub.api.Unit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code heathub:forecast}: Open-Meteo hourly forecasts into the hub's door, on core's real pipeline
 * and a real journal. The fixture is the demo's file: Open-Meteo's response shape for Minle (times
 * local to Asia/Shanghai, {@code utc_offset_seconds} 28800), with constructed values (a cold front).
 */
class ForecastEndpointTest {
    private static final Path MINLE = Path.of("../../config/forecast/open-meteo-minle.json");

    @TempDir
    Path dir;

    private HubDoor door;
    private DefaultCamelContext camel;

    @BeforeEach
    void start() throws Exception {
        door = new HubDoor(dir, sink -> sink, command -> new CompletableFuture<>());
        camel = door.camel;
    }

    @AfterEach
    void stop() throws Exception {
        door.close();
    }

    private List<Reading> journaled() throws Exception {
        return door.journaled();
    }

    private Exchange send(String uri, Object body) {
        return door.producer.request(uri, e -> e.getMessage().setBody(body));
    }

    @Test
    void anOpenMeteoResponseBecomesForecastReadingsAtTheRightInstants() throws Exception {
        Exchange sent = send("heathub:forecast", Files.readAllBytes(MINLE));
        assertThat(sent.getException()).isNull();
        List<Reading> stored = journaled();
        assertThat(stored).hasSize(72).allSatisfy(r -> {
            assertThat(r.device()).isEqualTo("forecast");
            assertThat(r.point()).isEqualTo("temp.outdoor");
            assertThat(r.unit()).isEqualTo(Unit.CELSIUS);
            assertThat(r.quality()).isEqualTo(Quality.GOOD);
        });
        // "2025-12-08T00:00" in Asia/Shanghai is 16:00 UTC the day before; values exactly as sent
        assertThat(stored.get(0).time()).isEqualTo(Instant.parse("2025-12-07T16:00:00Z"));
        assertThat(stored.get(0).value()).isEqualByComparingTo("-4.9");
        assertThat(stored.get(71).time()).isEqualTo(Instant.parse("2025-12-10T15:00:00Z"));
        assertThat(stored.get(71).value()).isEqualByComparingTo("-15.0");
        assertThat(sent.getMessage().getHeader(HeathubHeaders.READINGS_COUNT)).isEqualTo(72);
        assertThat(sent.getMessage().getHeader(HeathubHeaders.FORECAST_MISSING)).isEqualTo(0);
    }

    @Test
    void utcAndUnixTimesNullHoursAndOtherNames() throws Exception {
        Exchange utc = send("heathub:forecast?device=weather-minle&point=temp.outdoor.forecast", """
                {"utc_offset_seconds":0,"timezone":"GMT","hourly_units":{"temperature_2m":"°C"},
                 "hourly":{"time":["2026-12-07T00:00","2026-12-07T01:00","2026-12-07T02:00"],"temperature_2m":[-3.25,null,-4]}}""");
        assertThat(utc.getException()).isNull();
        assertThat(utc.getMessage().getHeader(HeathubHeaders.FORECAST_MISSING)).isEqualTo(1);
        List<Reading> stored = journaled();
        assertThat(stored).extracting(Reading::time)
                .containsExactly(Instant.parse("2026-12-07T00:00:00Z"), Instant.parse("2026-12-07T02:00:00Z"));
        assertThat(stored).extracting(Reading::device).containsOnly("weather-minle");
        assertThat(stored).extracting(Reading::point).containsOnly("temp.outdoor.forecast");
        assertThat(stored.get(0).value()).isEqualByComparingTo("-3.25");

        // timeformat=unixtime: no zone needed; another variable
        Exchange unix = send("heathub:forecast?variable=apparent_temperature", """
                {"hourly":{"time":[1796601600,1796605200],"apparent_temperature":[-9.5,-10]}}""");
        assertThat(unix.getException()).isNull();
        assertThat(journaled().subList(2, 4)).extracting(Reading::time)
                .containsExactly(Instant.ofEpochSecond(1796601600), Instant.ofEpochSecond(1796605200));
    }

    @Test
    void aRecordedForecastReplayedStartsAtTheCurrentHour() throws Exception {
        Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
        Exchange sent = send("heathub:forecast?replay=true", Files.readAllBytes(MINLE));
        assertThat(sent.getException()).isNull();
        List<Reading> stored = journaled();
        // the clock may tick over an hour between the two reads: the first time is one of them
        assertThat(stored.get(0).time()).isIn(hour, hour.plus(Duration.ofHours(1)));
        assertThat(Duration.between(stored.get(0).time(), stored.get(71).time())).isEqualTo(Duration.ofHours(71));
        // only the times move: the values are the recording's
        assertThat(stored.get(0).value()).isEqualByComparingTo("-4.9");
        assertThat(stored.get(71).value()).isEqualByComparingTo("-15.0");
    }

    @Test
    void whatIsNotAnOpenMeteoForecastIsRefusedNamingTheField() throws Exception {
        assertRefused("""
                {"timezone":"Asia/Shanghai","hourly":{"time":["2026-12-07T00:00","2026-12-07T01:00"],"temperature_2m":[1]}}""",
                "hourly.temperature_2m has 1 values for 2 times");
        assertRefused("""
                {"timezone":"Asia/Shanghai","hourly_units":{"temperature_2m":"°F"},"hourly":{"time":["2026-12-07T00:00"],"temperature_2m":[30]}}""",
                "hourly_units.temperature_2m is \"°F\", not °C");
        assertRefused("""
                {"hourly":{"time":["2026-12-07T00:00"],"temperature_2m":[1]}}""",
                "the response has neither timezone nor utc_offset_seconds");
        assertRefused("""
                {"timezone":"Asia/Shanghai","hourly":{"time":["tomorrow"],"temperature_2m":[1]}}""",
                "hourly.time[0]: expected a local date-time like 2026-12-07T06:00, got \"tomorrow\"");
        assertRefused("""
                {"timezone":"Asia/Shanghai","hourly":{"time":["2026-12-07T00:00"],"temperature_2m":["cold"]}}""",
                "hourly.temperature_2m[0]: expected a number or null");
        assertRefused("""
                {"timezone":"Asia/Shanghai","hourly":{"time":["2026-12-07T00:00"],"temperature":[1]}}""",
                "hourly.time and hourly.temperature_2m must be arrays (hourly has: time, temperature)");
        assertRefused("{\"hourly\":", "not JSON");
        // a forecast too far ahead for the door (30 days)
        assertRefused("""
                {"timezone":"GMT","hourly":{"time":["2099-12-07T00:00"],"temperature_2m":[1]}}""", "ahead");
        assertThat(journaled()).isEmpty();
    }

    @Test
    void optionsAreCheckedWhenTheEndpointIsCreated() {
        assertThatThrownBy(() -> camel.getEndpoint("heathub:forecast?device=a,b"))
                .hasMessageContaining("Invalid option device=a,b: one device id");
        assertThatThrownBy(() -> camel.getEndpoint("heathub:forecast?variable=Temperature 2m"))
                .hasMessageContaining("Invalid option variable");
        assertThatThrownBy(() -> camel.getEndpoint("heathub:forecast?timeout=5s"))
                .hasMessageContaining("takes the options device, point, variable and replay only");
        assertThatThrownBy(() -> camel.getEndpoint("heathub:readings?replay=true"))
                .hasMessageContaining("variable and replay are options of heathub:forecast");
        assertThatThrownBy(() -> camel.getEndpoint("heathub:forecast").createConsumer(e -> { }))
                .hasMessageContaining("heathub:forecast only sends");
    }

    private void assertRefused(String body, String message) {
        Exchange sent = send("heathub:forecast", body);
        assertThat(sent.getException()).isInstanceOf(ReadingsRefusedException.class)
                .hasMessageContaining("heathub:forecast refused the body").hasMessageContaining(message);
    }
}
