package io.heathub.billing.runtime;

import io.heathub.api.rest.RestRequest;
import io.heathub.api.rest.RestResource;
import io.heathub.api.rest.RestResponse;
import io.heathub.billing.Household;
import io.heathub.billing.hub.AppliedSite;
import io.heathub.billing.hub.Households;
import io.heathub.billing.hub.HouseholdsSection;
import io.heathub.config.site.SiteService;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code GET /api/households}: the household accounts (户籍) of the site version applied last, in site
 * order, one object each: {@code household, areaM2, tariff, building, zone, meter, roomSensor} (absent
 * ones as {@code null}). Here rather than in a billing feature because the accounts are the library's
 * shared section: the list is there whether or not settlement (which needs the reading export) runs.
 * 422 with the located problems while {@code households:}/{@code buildings:} of the file as it is now
 * are broken (as settlement answers: a list from the last good version would hide the broken edit);
 * 503 before a version with them is applied.
 */
@Component(service = RestResource.class, property = {RestResource.PATH + "=" + HouseholdsResource.PATH,
        RestResource.USAGE + "=/api/households"})
public final class HouseholdsResource implements RestResource {
    static final String PATH = "/households";

    private final AppliedSite site;

    @Activate
    public HouseholdsResource(@Reference(name = "sites") SiteService sites) {
        this.site = new AppliedSite(sites);
    }

    @Deactivate
    void deactivate() {
        site.close();
    }

    @Override
    public RestResponse handle(RestRequest request) {
        if (!request.isRead()) {
            return RestResponse.error(405, "only GET /api/households");
        }
        List<String> problems = site.problems(HouseholdsSection.KEY, HouseholdsSection.BUILDINGS);
        if (!problems.isEmpty()) {
            return RestResponse.problems("the site's households cannot be read", problems);
        }
        Optional<Households> households = site.households();
        if (households.isEmpty()) {
            return RestResponse.error(503, "no site version with households applied yet; try again in a moment");
        }
        return RestResponse.ok(households.get().households().stream().map(HouseholdsResource::account).toList());
    }

    private static Map<String, Object> account(Household h) {
        Map<String, Object> account = new LinkedHashMap<>();
        account.put("household", h.id());
        account.put("areaM2", h.areaM2());
        account.put("tariff", h.tariff().key());
        account.put("building", blankAsNull(h.building()));
        account.put("zone", blankAsNull(h.zone()));
        account.put("meter", blankAsNull(h.meter()));
        account.put("roomSensor", blankAsNull(h.roomSensor()));
        return account;
    }

    private static String blankAsNull(String text) {
        return text.isEmpty() ? null : text;
    }
}
