package io.heathub.api.rest;

/**
 * Who may make a request, weakest first; a caller holding a role may do what every weaker role
 * may. The web bundle is the one place that checks it.
 */
public enum Role {
    /** Anyone, without signing in: only the bare liveness check {@code GET /api/health}. */
    ANYONE,
    /** Reads the hub's state: devices, readings, settlements, alarms, figures. */
    VIEWER,
    /** Changes state: commands, readings posted, alarms acknowledged. */
    OPERATOR,
    /** Administers the hub itself. */
    ADMIN;

    /** Whether a caller holding this role may make a request that needs {@code needed}. */
    public boolean covers(Role needed) {
        return compareTo(needed) >= 0;
    }
}
