package io.heathub.billing.kpi.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.heathub.calendar.section.CalendarSection;
import io.heathub.api.Reading;
import io.heathub.api.Unit;
import io.heathub.api.rest.RestResource;
import io.heathub.billing.export.ExportStore;
import io.heathub.billing.export.runtime.ReadingExportComponent;
import io.heathub.billing.fixtures.TestSite;
import io.heathub.billing.hub.AppliedSite;
import io.heathub.web.ApiHandler;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GET /api/kpi through web's real routing against the real KPI service over a real export and site owner. */
class KpiResourceTest {
    private static final String SITE = """
            site: { id: demo, zone: Asia/Shanghai }
            kpi:
              sites:
                - id: demo
                  kind: substation
                  heatedAreaM2: 2000
                  counters:
                    - { device: mbus-1, point: heat.energy, quantity: heat }
                    - { device: pump-el, point: electric.energy, quantity: electricity }
            """;

    @TempDir
    Path dir;

    private final ApiHandler handler = new ApiHandler(() -> null, () -> null, () -> 0);
    private final KpiResource resource = new KpiResource();
    private TestSite site;
    private Path siteFile;

    KpiResourceTest() {
        handler.add(resource, Map.of(RestResource.PATH, KpiResource.PATH,
                RestResource.USAGE, "/api/kpi?week=|month=|season="));
    }

    private static Reading good(String device, String point, String value, String utc) {
        return Reading.good(device, point, new BigDecimal(value), Unit.KWH, Instant.parse(utc));
    }

    @BeforeEach
    void export() throws IOException {
        site = TestSite.of(dir.resolve("site"), SITE, new KpiSection(), new CalendarSection());
        siteFile = site.file("site.yaml");
        Path exportDir = dir.resolve("export");
        ReadingExportComponent export = new ReadingExportComponent(exportDir, ReadingExportComponent.DEFAULT_POINTS);
        // 2025-W02 = 6–12 January, cuts at 00:00 Asia/Shanghai = 16:00Z of 5 and 12 January
        export.accepted(List.of(good("mbus-1", "heat.energy", "10000", "2025-01-05T16:00:00Z"),
                good("mbus-1", "heat.energy", "14000", "2025-01-12T16:00:00Z"),
                good("pump-el", "electric.energy", "300", "2025-01-05T16:00:00Z"),
                good("pump-el", "electric.energy", "700", "2025-01-12T16:00:00Z")));
        export.close();
        // what DS does when KpiService registers
        resource.kpis = new HubKpis(new AppliedSite(site.service()), new ExportStore(exportDir));
    }

    @AfterEach
    void closeSite() {
        site.close();
    }

    private ApiHandler.Response get(Map<String, String> query) {
        return handler.getWithQuery("/kpi", query);
    }

    private static String text(ApiHandler.Response r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    @Test
    void aWeekAMonthAndASeasonOfOneSiteOrAll() {
        ApiHandler.Response week = get(Map.of("week", "2025-W02"));
        assertThat(week.status()).isEqualTo(200);
        // heat 14000 − 10000 = 4000 kWh = 14.4 GJ, / 2000 m² = 2; electricity 400 kWh → 0.2 ≤ 5 × 7 / 121 = 0.289256
        assertThat(text(week)).startsWith("{\"period\":\"2025-W02\",\"from\":\"2025-01-05T16:00:00Z\",\"to\":\"2025-01-12T16:00:00Z\","
                        + "\"zone\":\"Asia/Shanghai\",\"season\":\"2024-11-15/2025-03-15\",\"lastSeasonPeriod\":\"2024-W02\","
                        + "\"sites\":[{\"id\":\"demo\",\"kind\":\"substation\",\"heatedAreaM2\":2000,\"quantities\":{"
                        + "\"heat\":{\"unit\":\"kWh\",\"total\":4000.000,\"totalGJ\":14.400,\"perM2\":2.000000,\"estimated\":false,")
                .contains("\"electricity\":{\"unit\":\"kWh\",\"total\":400.000,\"perM2\":0.200000,\"estimated\":false,"
                        + "\"targetPerM2\":0.289256,\"withinTarget\":true,")
                .endsWith("\"problems\":[]}");
        assertThat(text(get(Map.of("week", " 2025-W02 ", "site", "demo")))).isEqualTo(text(week));

        ApiHandler.Response month = get(Map.of("month", "2025-01", "site", "demo"));
        assertThat(month.status()).isEqualTo(200);
        assertThat(text(month)).startsWith("{\"period\":\"2025-01\",");

        ApiHandler.Response season = get(Map.of("season", "2024-11-15/2025-03-15", "site", ""));
        assertThat(season.status()).isEqualTo(200);
        assertThat(text(season)).startsWith("{\"period\":\"2024-11-15/2025-03-15\",").contains("\"targetPerM2\":5.000000");
    }

    @Test
    void aBadOrMissingPeriodIs400SayingTheExpectedForm() {
        assertThat(text(get(Map.of()))).isEqualTo("{\"status\":400,\"error\":\"one of week=YYYY-Www (e.g. 2025-W02),"
                + " month=YYYY-MM (e.g. 2025-01) or season=START/END (e.g. 2024-11-15/2025-03-15) is expected\"}");
        assertThat(text(get(Map.of("site", "demo")))).contains("one of week=YYYY-Www");
        ApiHandler.Response two = get(Map.of("week", "2025-W02", "month", "2025-01"));
        assertThat(two.status()).isEqualTo(400);
        assertThat(text(two)).contains("only one of week=").endsWith("is expected, got week and month\"}");

        assertThat(text(get(Map.of("week", "2025-2")))).isEqualTo("{\"status\":400,\"error\":"
                + "\"week: expected an ISO week YYYY-Www, e.g. 2025-W02, got \\\"2025-2\\\"\"}");
        assertThat(text(get(Map.of("week", "2025-W53")))).isEqualTo("{\"status\":400,\"error\":\"week: 2025 has no ISO week 53\"}");
        assertThat(text(get(Map.of("month", "2025-13")))).isEqualTo("{\"status\":400,\"error\":"
                + "\"month: expected a month YYYY-MM, e.g. 2025-01, got \\\"2025-13\\\"\"}");
        assertThat(text(get(Map.of("season", "2024-11-15")))).isEqualTo("{\"status\":400,\"error\":\"season: expected"
                + " START/END with ISO dates, e.g. 2024-11-15/2025-03-15, got \\\"2024-11-15\\\"\"}");
        assertThat(get(Map.of("season", "2024-11-15/2025-02-30")).status()).isEqualTo(400);
        assertThat(text(get(Map.of("season", "2025-03-15/2024-11-15")))).isEqualTo("{\"status\":400,\"error\":"
                + "\"season: season ends (2024-11-15) before it starts (2025-03-15)\"}");
        // a typo that would read every export day there is: refused before anything is read
        assertThat(text(get(Map.of("season", "0001-01-01/9999-12-31")))).isEqualTo("{\"status\":400,\"error\":"
                + "\"season: a season of 3652059 days (0001-01-01/9999-12-31) is longer than the 400 days allowed; give one season\"}");
    }

    @Test
    void anUnknownSiteIs404() {
        ApiHandler.Response r = get(Map.of("week", "2025-W02", "site", "sub-9"));
        assertThat(r.status()).isEqualTo(404);
        assertThat(text(r)).isEqualTo("{\"status\":404,\"error\":\"site: unknown site \\\"sub-9\\\"; the kpi section has demo\"}");
    }

    @Test
    void theKpiSectionsProblemsAre422WithTheirLocations() {
        site.write(SITE.replace("quantity: heat", "quantity: steam"));

        ApiHandler.Response r = get(Map.of("month", "2025-01"));

        assertThat(r.status()).isEqualTo(422);
        assertThat(text(r)).isEqualTo("{\"status\":422,\"error\":\"cannot compute energy figures with this site configuration: "
                + siteFile + ":8:59: kpi.sites[0].counters[0].quantity: unknown quantity \\\"steam\\\"; expected heat, fuel,"
                + " electricity or water\",\"problems\":[\"" + siteFile + ":8:59: kpi.sites[0].counters[0].quantity: unknown"
                + " quantity \\\"steam\\\"; expected heat, fuel, electricity or water\"]}");
    }

    @Test
    void withoutTheKpiServiceIt503sAndTheHelpListsTheRoute() {
        resource.kpis = null;
        ApiHandler.Response r = get(Map.of("week", "2025-W02"));
        assertThat(r.status()).isEqualTo(503);
        assertThat(text(r)).contains("the energy figures are not running").contains("heathub-billing-export");
        assertThat(text(handler.getWithQuery("/nope", Map.of()))).contains("/api/kpi?week=|month=|season=");
    }
}
