package io.heathub.web;

import io.heathub.api.rest.RestRequest;
import io.heathub.api.rest.RestResponse;
import io.heathub.api.rest.Role;

/**
 * Whether a request may have what it asks for: the one place the hub checks the {@link Role}
 * every resource (web's own and the features') says a request needs. Users and authentication
 * come here; until then everyone holds every role ({@link #OPEN}).
 */
@FunctionalInterface
interface AccessCheck {
    AccessCheck OPEN = (request, needed) -> null;

    /** Null to let {@code request} through, else the refusal (401 or 403). */
    RestResponse.Error refuse(RestRequest request, Role needed);
}
