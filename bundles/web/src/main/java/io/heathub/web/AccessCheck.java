package io.heathub.web;

import io.heathub.api.rest.RestRequest;
import io.heathub.api.rest.RestResponse;
import io.heathub.api.rest.Role;

/**
 * Whether a request may have what it asks for: the one place the hub checks the {@link Role}
 * every resource (web's own and the features') says a request needs. The servlet's check knows
 * the caller ({@link ApiServlet#check}); {@link #OPEN} lets everything through, for tests of
 * resources through {@link ApiHandler} alone.
 */
@FunctionalInterface
interface AccessCheck {
    AccessCheck OPEN = (request, needed) -> null;

    /** Null to let {@code request} through, else the refusal (401 or 403). */
    RestResponse.Error refuse(RestRequest request, Role needed);
}
