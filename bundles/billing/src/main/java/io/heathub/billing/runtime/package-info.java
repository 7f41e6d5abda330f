/**
 * The billing library's own piece of the hub's REST API (private): {@code GET /api/households}, the
 * household accounts of the applied site, for the operator console.
 */
package io.heathub.billing.runtime;
