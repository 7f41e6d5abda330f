package io.heathub.billing.settlement.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.heathub.api.rest.RestResource;
import io.heathub.billing.settlement.SettlementService;
import io.heathub.web.ApiHandler;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** GET /api/settlement and /api/cuts through web's real routing and rendering, against in-test settlement services. */
class SettlementResourceTest {
    private final ApiHandler handler = new ApiHandler(() -> null, () -> null, () -> 0);
    private final SettlementResource resource = new SettlementResource();
    private SettlementService settlement;

    SettlementResourceTest() {
        handler.add(resource, Map.of(RestResource.PATH, new String[] {SettlementResource.SETTLEMENT, SettlementResource.CUTS}));
    }

    private static String text(ApiHandler.Response r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    private ApiHandler.Response get(String path, Map<String, String> query) {
        resource.settlement = settlement; // what DS does when the settlement service registers
        return handler.getWithQuery(path, query);
    }

    interface Settle {
        SettlementService.Answer settle(String season) throws SettlementService.SettlementException;
    }

    /** A settlement service answering {@code settle} with {@code answer}, and daily cuts of one meter a day. */
    static SettlementService settling(Settle answer) {
        return new SettlementService() {
            @Override
            public Answer settle(String season) throws SettlementException {
                return answer.settle(season);
            }

            @Override
            public List<String> dailyCuts(java.time.LocalDate first, java.time.LocalDate last) {
                if (last.isBefore(first)) {
                    throw new IllegalArgumentException("the last day " + last + " is before the first " + first);
                }
                return first.datesUntil(last.plusDays(1)).map(d -> "{\"meter\":\"m1\",\"day\":\"" + d + "\"}").toList();
            }
        };
    }

    @Test
    void dailyCutsAreOneArrayOverTheDaysAsked() {
        settlement = settling(season -> null);
        ApiHandler.Response ok = get("/cuts", Map.of("from", "2024-11-15", "to", "2024-11-16"));
        assertThat(ok.status()).isEqualTo(200);
        assertThat(text(ok)).isEqualTo("[{\"meter\":\"m1\",\"day\":\"2024-11-15\"},{\"meter\":\"m1\",\"day\":\"2024-11-16\"}]");
        assertThat(text(get("/cuts", Map.of("from", "2024-11-15")))).isEqualTo("[{\"meter\":\"m1\",\"day\":\"2024-11-15\"}]");
        assertThat(get("/cuts", Map.of()).status()).isEqualTo(400);
        assertThat(text(get("/cuts", Map.of("from", "15.11.2024")))).contains("ISO dates");
        assertThat(text(get("/cuts", Map.of("from", "2024-11-16", "to", "2024-11-15")))).contains("before the first");
    }

    @Test
    void settlementIsTheCliLinesAsOneArray() {
        List<String> asked = new java.util.ArrayList<>();
        settlement = settling(season -> {
            asked.add(season);
            if (!season.isEmpty() && !season.contains("/")) {
                throw new IllegalArgumentException("expected START/END, got \"" + season + "\"");
            }
            return new SettlementService.Answer(List.of("{\"household\":\"h1\",\"heatKWh\":150.000}",
                    "{\"household\":\"h2\",\"heatKWh\":null}"), List.of());
        });
        ApiHandler.Response ok = get("/settlement", Map.of("season", "2024-11-15/2025-03-15"));
        assertThat(ok.status()).isEqualTo(200);
        assertThat(text(ok)).isEqualTo("[{\"household\":\"h1\",\"heatKWh\":150.000},{\"household\":\"h2\",\"heatKWh\":null}]");

        // no season: the service settles the calendar's latest season that ended
        assertThat(get("/settlement", Map.of()).status()).isEqualTo(200);
        assertThat(asked).containsExactly("2024-11-15/2025-03-15", "");
        ApiHandler.Response bad = get("/settlement", Map.of("season", "2024-11-15"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(text(bad)).contains("season: expected START/END");
    }

    @Test
    void settlementConfigurationProblemsAre422WithTheirLocations() {
        settlement = settling(season -> {
            throw new SettlementService.SettlementException("cannot settle with this site configuration",
                    List.of("config/site.yaml:120:15: tariff.energyPricePerKWh: expected a number, got \"cheap\""));
        });
        ApiHandler.Response r = get("/settlement", Map.of("season", "2024-11-15/2025-03-15"));
        assertThat(r.status()).isEqualTo(422);
        assertThat(text(r)).contains("\"problems\":[\"config/site.yaml:120:15: tariff.energyPricePerKWh: expected a number");
    }

    @Test
    void settlementAndCutsAnswer503WithoutTheSettlementService() {
        assertThat(get("/settlement", Map.of("season", "2024-11-15/2025-03-15")).status()).isEqualTo(503);
        ApiHandler.Response cuts = get("/cuts", Map.of("from", "2024-11-15"));
        assertThat(cuts.status()).isEqualTo(503);
        assertThat(text(cuts)).contains("the settlement is not running").contains("heathub-billing-export");
    }
}
