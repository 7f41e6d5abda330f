package io.heathub.web;

import static io.heathub.web.SecuredServer.as;
import static io.heathub.web.SecuredServer.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.heathub.api.Reading;
import io.heathub.api.hub.DeviceStatus;
import io.heathub.api.hub.HubStatus;
import io.heathub.api.rest.Role;
import io.heathub.config.ConfigException;
import io.heathub.config.ConfigNode;
import io.heathub.config.ConfigProblems;
import io.heathub.config.site.SiteContext;
import io.heathub.core.site.SiteKeeper;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which devices a backend may post readings for: declared by the site ({@code readings.postable},
 * read by {@link ReadingsSection} through core's real site owner), widened by an admin's
 * {@code postableDevices}; {@code /api/status} shows the applied site version and the file's problems.
 */
class PostedReadingsTest {
    private static final String SITE = """
            site: { id: t, zone: UTC }
            buses:
              - { id: line, uri: "tcp://127.0.0.1:9" }
            devices:
              - { id: heat-101, bus: line, driver: cjt188, address: "20100000000001" }
              - { id: heat-102, bus: line, driver: cjt188, address: "20100000000002" }
            """;

    @TempDir
    Path dir;
    private SecuredServer server;
    private SiteKeeper sites;
    private final List<Reading> journaled = new CopyOnWriteArrayList<>();
    private final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void start() throws Exception {
        server = new SecuredServer(dir, WebSettings.defaults());
        sites = new SiteKeeper(driver -> Optional.empty(), Clock.systemUTC());
        sites.addSection(new ReadingsSection());
        server.servlet.sites = sites;
        HubStatus healthy = FakeHub.healthy();
        server.servlet.hubStatus = new HubStatus() { // as core's: its config errors are the site owner's problems
            @Override
            public List<DeviceStatus> devices() {
                return healthy.devices();
            }

            @Override
            public List<Reading> latest() {
                return healthy.latest();
            }

            @Override
            public List<String> configErrors() {
                return sites.problems().stream().map(ConfigException::getMessage).toList();
            }
        };
        server.servlet.journal = new FixedJournal(7);
        server.servlet.readingSink = readings -> {
            journaled.addAll(readings);
            return readings;
        };
    }

    @AfterEach
    void stop() throws Exception {
        sites.close();
        server.close();
    }

    private void site(String yaml) throws Exception {
        Files.writeString(dir.resolve("site.yaml"), yaml);
        if (sites.current().isEmpty() && sites.problems().isEmpty()) {
            sites.start(dir, Duration.ZERO);
        } else {
            sites.checkNow();
        }
    }

    private static String reading(String device) {
        return "[{\"device\":\"" + device + "\",\"point\":\"heat.energy\",\"value\":5,\"unit\":\"kWh\","
                + "\"time\":\"2026-11-25T06:00:00Z\"}]";
    }

    private int post(String device) throws Exception {
        return server.send("POST", "/api/readings", as(Role.OPERATOR), reading(device)).statusCode();
    }

    @Test
    void withoutAReadingsSectionOnlyTheForecastIsPostableUntilAnAdminWidensIt() throws Exception {
        site(SITE);
        assertThat(post("forecast")).isEqualTo(202);
        HttpResponse<byte[]> refused = server.send("POST", "/api/readings", as(Role.OPERATOR), reading("heat-101"));
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(text(refused)).contains("readings of [heat-101] may not be posted", "readings.postable",
                "postableDevices in etc/io.heathub.web.cfg");
        assertThat(journaled).extracting(Reading::device).containsExactly("forecast");

        server.security.settings(server.security.settings().withPostable(Set.of("heat-*")));
        assertThat(post("heat-101")).isEqualTo(202);
        assertThat(post("panel-001")).isEqualTo(403);
    }

    @Test
    void statusShowsTheCommandBoundsOfTheAppliedSite() throws Exception {
        site(SITE + "commands: { maxPerDevicePerMinute: 6, bounds: { setpoint.room: { min: 16, max: 24.5 } } }\n");
        JsonNode commands = status().at("/site/commands");
        assertThat(commands.get("maxPerDevicePerMinute").asInt()).isEqualTo(6);
        assertThat(commands.at("/bounds/setpoint.room/min").decimalValue()).isEqualByComparingTo("16");
        assertThat(commands.at("/bounds/setpoint.room/max").decimalValue()).isEqualByComparingTo("24.5");
        assertThat(commands.get("bounds")).hasSize(1);
    }

    @Test
    void theSiteDeclaresPostableDevicesAndAnEditAppliesWithTheNextVersion() throws Exception {
        site(SITE + "readings: { postable: [heat-101, panel-*] }\n");
        assertThat(post("heat-101")).isEqualTo(202);
        assertThat(post("panel-017")).isEqualTo(202);
        assertThat(post("heat-102")).isEqualTo(403);
        assertThat(post("forecast")).as("not listed: the default no longer applies").isEqualTo(403);
        JsonNode status = status();
        assertThat(status.at("/site/version").asLong()).isEqualTo(sites.current().orElseThrow().version());
        assertThat(status.at("/site/id").asText()).isEqualTo("t");
        assertThat(status.at("/site/problems")).isEmpty();
        long before = status.at("/site/version").asLong();

        site(SITE + "readings: { postable: ['*'] }\n");
        assertThat(post("heat-102")).isEqualTo(202);
        assertThat(status().at("/site/version").asLong()).isEqualTo(before + 1);
    }

    @Test
    void aBrokenReadingsSectionKeepsTheLastGoodSiteAndStatusSaysWhy() throws Exception {
        site(SITE + "readings: { postable: [heat-101] }\n");
        long applied = status().at("/site/version").asLong();

        site(SITE + "readings: { postabel: [heat-102] }\n");
        assertThat(post("heat-102")).isEqualTo(403);
        assertThat(post("heat-101")).isEqualTo(202);
        JsonNode status = status();
        assertThat(status.at("/site/version").asLong()).isEqualTo(applied);
        assertThat(status.at("/status").asText()).isEqualTo("DEGRADED");
        assertThat(status.at("/site/problems/0").asText()).contains("site.yaml:7:", "readings.postabel",
                "unknown field 'postabel' (did you mean 'postable'?)");

        HttpResponse<byte[]> health = server.send("GET", "/api/health", null, null);
        assertThat(text(health)).matches("\\{\"status\":\"DEGRADED\",\"uptimeSeconds\":\\d+}");
    }

    @Test
    void everyBadEntryIsReportedInItsPlace() throws Exception {
        ConfigNode root = ConfigNode.parse("site.yaml", "readings:\n  postable: [forecast, 'heat 101', 'a/b*', ok-*]\n");
        SiteContext context = new SiteContext(dir, dir.resolve("site.yaml"), "t", ZoneOffset.UTC, Set.of());
        ConfigException problems = catchThrowableOfType(() -> new ReadingsSection().read(root, context),
                ConfigException.class);
        assertThat(ConfigProblems.all(problems)).extracting(ConfigException::getMessage).containsExactly(
                "site.yaml:2:24: readings.postable[1]: 'heat 101' is not a device id (letters, digits, '.', '_', '-')"
                        + " or a prefix ending in *",
                "site.yaml:2:36: readings.postable[2]: 'a/b*' is not a device id (letters, digits, '.', '_', '-')"
                        + " or a prefix ending in *");
        assertThat(new ReadingsSection().read(ConfigNode.parse("site.yaml", "other: 1\n").select(List.of("readings")),
                context)).isEqualTo(PostableReadings.DEFAULT);
        assertThatThrownBy(() -> new ReadingsSection().read(ConfigNode.parse("site.yaml", "readings: [forecast]\n"),
                context)).hasMessageContaining("site.yaml:1:11: readings: expected a mapping like { postable: [forecast] }");
    }

    private JsonNode status() throws Exception {
        HttpResponse<byte[]> r = server.send("GET", "/api/status", as(Role.VIEWER), null);
        assertThat(r.statusCode()).as(text(r)).isEqualTo(200);
        return json.readTree(r.body());
    }
}
