package io.heathub.web;

import io.heathub.api.rest.Role;

/**
 * Who a request comes from once authenticated.
 *
 * @param name  the user or token name
 * @param role  what it may do
 * @param token whether it is an API token (else a user, by password or session)
 */
record Identity(String name, Role role, boolean token) {
    /** {@code rest:<user>} or {@code rest:token:<name>}: a command's requestedBy and the audit's. */
    String caller() {
        return token ? "rest:token:" + name : "rest:" + name;
    }
}
