package io.heathub.auth;

import io.heathub.api.rest.Role;
import java.util.Locale;
import java.util.regex.Pattern;

/** The names of users and tokens, and roles as they are written in files and on the command line. */
public final class Names {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");

    private Names() {
    }

    /** @throws IllegalArgumentException unless {@code name} is 1–64 of letters, digits, {@code . _ @ -}, starting with a letter or digit */
    public static String check(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("name '" + name + "': 1-64 letters, digits, '.', '_', '@' or '-',"
                    + " starting with a letter or digit");
        }
        return name;
    }

    /** {@code viewer}, {@code operator} or {@code admin}. */
    public static Role role(String text) {
        if (text != null) {
            switch (text.toLowerCase(Locale.ROOT)) {
                case "viewer":
                    return Role.VIEWER;
                case "operator":
                    return Role.OPERATOR;
                case "admin":
                    return Role.ADMIN;
                default:
                    break;
            }
        }
        throw new IllegalArgumentException("role '" + text + "': expected viewer, operator or admin");
    }

    /** How a role is written: {@code viewer}, {@code operator}, {@code admin}. */
    public static String of(Role role) {
        return role.name().toLowerCase(Locale.ROOT);
    }
}
