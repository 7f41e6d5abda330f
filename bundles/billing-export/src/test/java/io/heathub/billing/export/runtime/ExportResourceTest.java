package io.heathub.billing.export.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.heathub.api.Reading;
import io.heathub.api.Unit;
import io.heathub.api.rest.RestRequest;
import io.heathub.api.rest.RestResource;
import io.heathub.api.rest.RestResponse;
import io.heathub.web.ApiHandler;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GET /api/export/readings.csv through web's real routing, over a real export. */
class ExportResourceTest {
    private static final Instant T0 = Instant.parse("2025-01-06T08:00:00Z");

    @TempDir
    Path dir;

    private final ApiHandler handler = new ApiHandler(() -> null, () -> null, () -> 0);
    private final ExportResource resource = new ExportResource();

    ExportResourceTest() {
        handler.add(resource, Map.of(RestResource.PATH, ExportResource.PATH));
    }

    private RestResponse get(String... query) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        for (int i = 0; i < query.length; i += 2) {
            values.put(query[i], List.of(query[i + 1]));
        }
        return handler.answer(new RestRequest("GET", "/export/readings.csv", "", values, null, null, "test"));
    }

    private static String body(RestResponse r) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ((RestResponse.Download) r).body().writeTo(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void exportStreamsTheRangeAsCsv() throws Exception {
        ReadingExportComponent export = new ReadingExportComponent(dir, "*");
        export.accepted(List.of(Reading.good("heat-101", "heat.energy", new BigDecimal("1000.5"), Unit.KWH, T0),
                Reading.good("heat-101", "heat.energy", new BigDecimal("1001"), Unit.KWH, T0.plusSeconds(86_400))));
        export.close();
        resource.export = export; // what DS does when the export registers

        RestResponse one = get("from", "2025-01-06", "to", "2025-01-06");
        assertThat(one).isInstanceOf(RestResponse.Download.class);
        assertThat(((RestResponse.Download) one).contentType()).isEqualTo("text/csv; charset=utf-8");
        assertThat(body(one)).isEqualTo("""
                device,point,time,value,unit,quality
                heat-101,heat.energy,2025-01-06T08:00:00Z,1000.5,kWh,good
                """);

        RestResponse everything = get();
        assertThat(((RestResponse.Download) everything).fileName()).isEqualTo("readings-2025-01-06_2025-01-07.csv");
        assertThat(body(everything).lines()).hasSize(3);

        assertThat(get("from", "06.01.2025").status()).isEqualTo(400);
        assertThat(handler.render(get("from", "2025-01-07", "to", "2025-01-06")).status()).isEqualTo(400);
        assertThat(new String(handler.render(get("from", "2025-01-07", "to", "2025-01-06")).body(), StandardCharsets.UTF_8))
                .isEqualTo("{\"status\":400,\"error\":\"to (2025-01-06) is before from (2025-01-07)\"}");
    }

    @Test
    void withoutTheExportIt503s() {
        RestResponse r = get();
        assertThat(r.status()).isEqualTo(503);
        assertThat(new String(handler.render(r).body(), StandardCharsets.UTF_8)).contains("the reading export is not running");
    }
}
