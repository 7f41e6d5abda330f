/**
 * The hub's core: the site model, device registry, bus workers and the validation pipeline.
 * Internal: other bundles talk to it through {@code io.heathub.api.hub.HubStatus}.
 */
package io.heathub.core;
