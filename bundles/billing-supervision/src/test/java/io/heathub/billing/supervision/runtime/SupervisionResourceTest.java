package io.heathub.billing.supervision.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.heathub.api.rest.RestResource;
import io.heathub.billing.supervision.SupervisionStatus;
import io.heathub.web.ApiHandler;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** GET /api/supervision through web's real routing and rendering. */
class SupervisionResourceTest {
    private static final Instant T0 = Instant.parse("2025-01-06T08:00:00Z");

    private final ApiHandler handler = new ApiHandler(() -> null, () -> null, () -> 0);
    private final SupervisionResource resource = new SupervisionResource();

    SupervisionResourceTest() {
        handler.add(resource, Map.of(RestResource.PATH, SupervisionResource.PATH));
    }

    private static String text(ApiHandler.Response r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    @Test
    void supervisionIsTheLatestFeedOr404BeforeTheFirst() {
        resource.supervision = Optional::empty; // what DS does when the feed registers
        ApiHandler.Response none = handler.getWithQuery("/supervision", Map.of());
        assertThat(none.status()).isEqualTo(404);
        assertThat(text(none)).contains("no supervision feed yet");
        String json = "{\"site\":\"demo\",\"from\":\"2025-01-06T00:00:00Z\"}";
        resource.supervision = () -> Optional.of(new SupervisionStatus.Latest(T0, json, "file:data/supervision", null));
        ApiHandler.Response r = handler.getWithQuery("/supervision", Map.of());
        assertThat(r.status()).isEqualTo(200);
        assertThat(text(r)).isEqualTo(json);
    }

    @Test
    void withoutTheFeedIt503s() {
        ApiHandler.Response r = handler.getWithQuery("/supervision", Map.of());
        assertThat(r.status()).isEqualTo(503);
        assertThat(text(r)).contains("the supervision feed is not running");
    }
}
