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
        assertThat(result.site().buses()).extracting(BusConfig::id).containsExactly("plc", "panels");
        assertThat(result.site().devicesOn("panels")).hasSize(24);
        assertThat(result.site().devices()).allSatisfy(d -> assertThat(d.setting("profile")).isPresent());
    }
}
