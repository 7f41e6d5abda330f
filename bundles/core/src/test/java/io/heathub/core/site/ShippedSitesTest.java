package io.heathub.core.site;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The site folders shipped in the repository must load cleanly. */
class ShippedSitesTest {

    @Test
    void demoSiteLoads() {
        SiteLoader.Result result = SiteLoader.load(Path.of("../../config"));
        assertThat(result.problems()).isEmpty();
        assertThat(result.site().buses()).extracting(BusConfig::id).containsExactly("plc", "panels", "meters");
        assertThat(result.site().devicesOn("panels")).hasSize(24)
                .allSatisfy(d -> assertThat(d.setting("profile")).isPresent());
        // four protocols share the metering line
        assertThat(result.site().devicesOn("meters")).extracting(d -> d.driver()).containsOnly("cjt188", "mbus", "dlt645");
        assertThat(result.site().commands().bound("setpoint.room")).isPresent();
    }
}
