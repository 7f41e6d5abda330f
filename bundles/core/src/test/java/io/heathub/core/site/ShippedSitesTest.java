package io.heathub.core.site;

import static org.assertj.core.api.Assertions.assertThat;

import io.heathub.config.site.BusConfig;
import io.heathub.config.site.Site;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The site folders shipped in the repository must load cleanly. */
class ShippedSitesTest {

    @Test
    void demoSiteLoads() throws Exception {
        Path folder = Path.of("../../config");
        SiteReader reader = new SiteReader(folder, List.of(), id -> Optional.empty(), SiteReader.Mode.RUNNING_HUB);
        SiteReader.Result result = reader.read(Files.readAllBytes(reader.file()), 1, Instant.now());
        assertThat(result.problems()).isEmpty();
        Site site = result.site().orElseThrow();
        assertThat(site.buses()).extracting(BusConfig::id).containsExactly("plc", "panels", "meters");
        assertThat(site.devicesOn("panels")).hasSize(24)
                .allSatisfy(d -> assertThat(d.setting("profile")).isPresent());
        // four protocols share the metering line
        assertThat(site.devicesOn("meters")).extracting(d -> d.driver()).containsOnly("cjt188", "mbus", "dlt645");
        assertThat(site.commands().bound("setpoint.room")).isPresent();
        // the feature sections are read by their bundles, none installed here: each a warning, none a problem
        assertThat(result.warnings()).extracting(w -> w.field()).containsExactly("readings", "control", "calendar", "households", "buildings", "tariff",
                "health", "alarms", "supervision", "kpi");
    }
}
