package io.heathub.auth;

import io.heathub.api.rest.Role;
import java.util.Objects;

/**
 * A user of the hub.
 *
 * @param name         {@link Names#check checked} name
 * @param role         viewer, operator or admin
 * @param passwordHash a {@link PasswordHash} PHC string
 */
public record Account(String name, Role role, String passwordHash) {
    public Account {
        Names.check(name);
        Objects.requireNonNull(role, "role");
        if (role == Role.ANYONE) {
            throw new IllegalArgumentException("a user holds viewer, operator or admin");
        }
        PasswordHash.check(passwordHash);
    }
}
