/**
 * How a feature bundle offers REST resources without the web bundle knowing it: it registers a
 * {@link io.heathub.api.rest.RestResource} service with the path it serves ({@code heathub.rest.path});
 * the web bundle routes {@code /api<path>} to it, checks the {@link io.heathub.api.rest.Role} the
 * request needs, and renders the {@link io.heathub.api.rest.RestResponse} (JSON, the error format,
 * or a streamed download). Since 1.1 a request carries the authenticated user or token name and its
 * role ({@link io.heathub.api.rest.RestRequest#user()}, {@link io.heathub.api.rest.RestRequest#role()}).
 * JDK types only, so a resource is tested without a servlet container and
 * its REST resources disappear with its bundle.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.heathub.api.rest;
