package io.heathub.billing.supervision.runtime;

import io.heathub.api.rest.JsonText;
import io.heathub.api.rest.RestRequest;
import io.heathub.api.rest.RestResource;
import io.heathub.api.rest.RestResponse;
import io.heathub.billing.supervision.SupervisionStatus;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * {@code GET /api/supervision}: the latest supervision feed as sent; 404 before the first, 503
 * while the feed does not run (it waits for the hub's CamelContext).
 */
@Component(service = RestResource.class, property = RestResource.PATH + "=" + SupervisionResource.PATH)
public final class SupervisionResource implements RestResource {
    static final String PATH = "/supervision";
    static final String UNAVAILABLE = "the supervision feed is not running (heathub-billing-supervision waits for the"
            + " CamelContext and core's ReadingFeed)";

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile SupervisionStatus supervision;

    @Override
    public RestResponse handle(RestRequest request) {
        if (!request.isRead()) {
            return RestResponse.error(405, "only GET /api/supervision");
        }
        SupervisionStatus status = supervision;
        if (status == null) {
            return RestResponse.error(503, UNAVAILABLE);
        }
        return status.latest()
                .map(l -> RestResponse.ok(new JsonText(l.json())))
                .orElseGet(() -> RestResponse.error(404, "no supervision feed yet: the first one follows the first whole"
                        + " period after the hub started (supervision.interval + delay)"));
    }
}
