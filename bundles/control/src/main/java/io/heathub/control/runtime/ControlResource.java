package io.heathub.control.runtime;

import io.heathub.api.rest.RestRequest;
import io.heathub.api.rest.RestResource;
import io.heathub.api.rest.RestResponse;
import io.heathub.control.runtime.api.ControlReport;
import io.heathub.control.runtime.api.ControlStatus;
import java.util.List;
import java.util.Optional;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * {@code GET /api/control}: the control loop's last cycle (setpoints, why they were chosen,
 * commands sent and their results) and the problems of its configuration; 503 while the loop does
 * not run.
 */
@Component(service = RestResource.class, property = RestResource.PATH + "=" + ControlResource.PATH)
public final class ControlResource implements RestResource {
    static final String PATH = "/control";

    /** The answer, rendered by the web bundle by its components. */
    public record Answer(List<String> configProblems, Optional<ControlReport> last) {
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile ControlStatus loop;

    @Override
    public RestResponse handle(RestRequest request) {
        if (!request.isRead()) {
            return RestResponse.error(405, "only GET /api/control");
        }
        ControlStatus current = loop;
        if (current == null) {
            return RestResponse.error(503, "the control loop is not running (bundle heathub-control, PID io.heathub.control)");
        }
        return RestResponse.ok(new Answer(current.configProblems(), current.last()));
    }
}
