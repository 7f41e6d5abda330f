package io.heathub.api.driver;

/**
 * Progress of long work (an address scan of a line). Implementations must be cheap to call.
 */
public interface Progress {

    /** Reports that {@code done} of {@code total} steps are finished ({@code total} -1 if unknown). */
    void update(long done, long total, String message);

    /** True when the user asked to stop; long work checks it between steps. */
    default boolean cancelled() {
        return false;
    }

    /** Progress that goes nowhere. */
    Progress NONE = (done, total, message) -> { };
}
