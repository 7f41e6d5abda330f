package io.heathub.billing.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.heathub.api.rest.RestRequest;
import io.heathub.api.rest.RestResponse;
import io.heathub.billing.fixtures.TestSite;
import io.heathub.billing.hub.HouseholdsSection;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /api/households} on core's real site owner: the accounts of the applied version, or why not. */
class HouseholdsResourceTest {
    private static final String TWO = """
            site: { id: demo, zone: UTC }
            households:
              - { household: h-1, areaM2: 89.5, meter: m-1, roomSensor: p-1, tariff: two-part, building: A }
              - { id: h-2, zone: east, areaM2: 60, tariff: area }
            """;

    @TempDir
    Path dir;

    private static RestRequest get() {
        return new RestRequest("GET", HouseholdsResource.PATH, "", Map.of(), null, null, "test");
    }

    @Test
    void listsTheAccountsOfTheAppliedSiteInSiteOrder() {
        try (TestSite site = TestSite.of(dir, TWO, new HouseholdsSection())) {
            HouseholdsResource resource = new HouseholdsResource(site.service());
            try {
                RestResponse answer = resource.handle(get());
                assertThat(answer.status()).isEqualTo(200);
                List<?> accounts = (List<?>) ((RestResponse.Value) answer).value();
                assertThat(accounts).hasSize(2);
                Map<?, ?> first = (Map<?, ?>) accounts.get(0);
                assertThat(first.keySet()).extracting(Object::toString)
                        .containsExactly("household", "areaM2", "tariff", "building", "zone", "meter", "roomSensor");
                assertThat(first.get("household")).isEqualTo("h-1");
                assertThat(first.get("areaM2")).isEqualTo(new BigDecimal("89.5"));
                assertThat(first.get("tariff")).isEqualTo("two-part");
                assertThat(first.get("building")).isEqualTo("A");
                assertThat(first.get("zone")).isNull();
                assertThat(first.get("meter")).isEqualTo("m-1");
                assertThat(first.get("roomSensor")).isEqualTo("p-1");
                Map<?, ?> second = (Map<?, ?>) accounts.get(1);
                assertThat(second.get("household")).isEqualTo("h-2");
                assertThat(second.get("tariff")).isEqualTo("area");
                assertThat(second.get("zone")).isEqualTo("east");
                assertThat(second.get("meter")).isNull();
                assertThat(second.get("roomSensor")).isNull();
                assertThat(second.get("building")).isNull();
            } finally {
                resource.deactivate();
            }
        }
    }

    @Test
    void aBrokenEditOfTheHouseholdsIs422WithItsLocatedProblemAndAWriteIs405() {
        try (TestSite site = TestSite.of(dir, TWO, new HouseholdsSection())) {
            HouseholdsResource resource = new HouseholdsResource(site.service());
            try {
                site.write(TWO.replace("areaM2: 60", "areaM2: 0"));
                RestResponse answer = resource.handle(get());
                assertThat(answer.status()).isEqualTo(422);
                assertThat(((RestResponse.Error) answer).problems())
                        .containsExactly(site.siteFile() + ":4:36: households[1].areaM2: area must be positive, got 0");
                site.write(TWO);
                assertThat(resource.handle(get()).status()).isEqualTo(200);
                RestResponse post = resource.handle(new RestRequest("POST", HouseholdsResource.PATH, "", Map.of(),
                        "{}".getBytes(), "application/json", "test"));
                assertThat(post.status()).isEqualTo(405);
            } finally {
                resource.deactivate();
            }
        }
    }

    @Test
    void withoutTheHouseholdsReaderNoVersionHasThemYet503() {
        try (TestSite site = TestSite.of(dir, "site: { id: demo, zone: UTC }\n")) {
            HouseholdsResource resource = new HouseholdsResource(site.service());
            try {
                RestResponse answer = resource.handle(get());
                assertThat(answer.status()).isEqualTo(503);
                assertThat(((RestResponse.Error) answer).message()).contains("no site version with households");
            } finally {
                resource.deactivate();
            }
        }
    }

    @Test
    void theShippedDemoSiteHas24HouseholdsEachWithItsPanelAsRoomSensor() throws Exception {
        try (TestSite site = TestSite.of(dir, Files.readString(Path.of("../../config/site.yaml")), new HouseholdsSection())) {
            HouseholdsResource resource = new HouseholdsResource(site.service());
            try {
                List<?> accounts = (List<?>) ((RestResponse.Value) resource.handle(get())).value();
                assertThat(accounts).hasSize(24).allSatisfy(a -> assertThat(((Map<?, ?>) a).get("roomSensor"))
                        .isEqualTo(((Map<?, ?>) a).get("household")));
            } finally {
                resource.deactivate();
            }
        }
    }
}
