package io.heathub.billing.settlement.runtime;

import io.heathub.api.rest.JsonText;
import io.heathub.api.rest.RestRequest;
import io.heathub.api.rest.RestResource;
import io.heathub.api.rest.RestResponse;
import io.heathub.billing.settlement.SettlementService;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * {@code GET /api/settlement[?season=START/END|YEAR|current]}: the lines of {@code heathub settle} as one JSON
 * array (the season of the site's calendar starting in YEAR, the season so far up to yesterday, or the
 * latest that ended when none is named); {@code GET /api/cuts?from=DATE&to=DATE}: every household meter's daily cut (frozen
 * reading), days in the site zone. 400 for a bad request, 422 with the located problems of the
 * site's sections or the export, 503 while the settlement does not run (no reading export).
 */
@Component(service = RestResource.class, property = {
        RestResource.PATH + "=" + SettlementResource.SETTLEMENT, RestResource.PATH + "=" + SettlementResource.CUTS,
        RestResource.USAGE + "=/api/settlement[?season=START/END|YEAR|current]", RestResource.USAGE + "=/api/cuts?from=&to="})
public final class SettlementResource implements RestResource {
    static final String SETTLEMENT = "/settlement";
    static final String CUTS = "/cuts";
    static final String UNAVAILABLE = "the settlement is not running: it settles over the reading export"
            + " (bundle heathub-billing-export), which is not running";

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile SettlementService settlement;

    @Override
    public RestResponse handle(RestRequest request) {
        if (!request.isRead()) {
            return RestResponse.error(405, "only GET /api/settlement?season=START/END and /api/cuts?from=DATE&to=DATE");
        }
        SettlementService service = settlement;
        if (service == null) {
            return RestResponse.error(503, UNAVAILABLE);
        }
        try {
            return request.path().equals(CUTS) ? cuts(service, request.param("from"), request.param("to"))
                    : settle(service, request.param("season"));
        } catch (SettlementService.SettlementException e) {
            return RestResponse.problems(e.getMessage(), e.problems());
        }
    }

    private static RestResponse settle(SettlementService service, String season) throws SettlementService.SettlementException {
        try {
            // no season: the latest of the site's calendar that ended
            return RestResponse.ok(lines(service.settle(season == null ? "" : season.trim()).lines()));
        } catch (IllegalArgumentException e) {
            return RestResponse.error(400, "season: " + e.getMessage());
        }
    }

    private static RestResponse cuts(SettlementService service, String from, String to) throws SettlementService.SettlementException {
        if (from == null || from.isBlank()) {
            return RestResponse.error(400, "from=DATE is required (to=DATE defaults to it), e.g. from=2024-11-15&to=2024-11-30");
        }
        try {
            LocalDate first = LocalDate.parse(from.trim());
            LocalDate last = to == null || to.isBlank() ? first : LocalDate.parse(to.trim());
            return RestResponse.ok(lines(service.dailyCuts(first, last)));
        } catch (DateTimeParseException e) {
            return RestResponse.error(400, "from and to are ISO dates, e.g. from=2024-11-15&to=2024-11-30: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            return RestResponse.error(400, e.getMessage());
        }
    }

    /** The JSON lines as written by settle, one array. */
    private static List<JsonText> lines(List<String> json) {
        return json.stream().map(JsonText::new).toList();
    }
}
