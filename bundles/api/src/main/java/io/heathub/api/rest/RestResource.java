package io.heathub.api.rest;

/**
 * A REST resource of a feature bundle, registered as an OSGi service with the service property
 * {@value #PATH}; the web bundle serves it under {@code /api} while the service is registered (so
 * it disappears with its bundle: 404). The web bundle checks {@link #role} before {@link #handle},
 * renders the answer, answers 413 to a body above its bound and 500 (logged) to a
 * {@code RuntimeException}.
 *
 * <pre>
 * &#64;Component(service = RestResource.class, property = {RestResource.PATH + "=/kpi",
 *         RestResource.USAGE + "=/api/kpi?week=|month=|season="})
 * </pre>
 */
@FunctionalInterface
public interface RestResource {
    /**
     * Service property: the path (or paths, {@code String[]}) below {@code /api} this resource serves,
     * e.g. {@code /kpi}. A path matches exactly; one ending in {@code /*} also matches every path
     * below it (the rest is {@link RestRequest#subPath()}). The web bundle's own paths and a path
     * already taken by another resource are not given to it (logged).
     */
    String PATH = "heathub.rest.path";

    /**
     * Optional service property: how to call it, as listed in the web bundle's 404 answers, e.g.
     * {@code /api/kpi?week=|month=|season=}; default {@code /api<path>}.
     */
    String USAGE = "heathub.rest.usage";

    /** The role {@code request} needs: by default {@link Role#VIEWER} to read, {@link Role#OPERATOR} to change anything. */
    default Role role(RestRequest request) {
        return request.isRead() ? Role.VIEWER : Role.OPERATOR;
    }

    /** Answers {@code request}, including refusals (400, 404, 405, 422, 503) in {@link RestResponse.Error}. */
    RestResponse handle(RestRequest request);
}
