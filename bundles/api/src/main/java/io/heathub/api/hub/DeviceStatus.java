package io.heathub.api.hub;

import java.time.Instant;
import java.util.Optional;

/**
 * One device's state as the hub sees it.
 *
 * @param id        device id
 * @param driver    driver id
 * @param bus       bus id
 * @param state     where the device is in its life cycle
 * @param lastError the last failure (device, reason), empty once a poll succeeds
 * @param lastPoll  the last successful poll
 * @param polls     successful polls since start
 * @param failures  failed polls since start
 */
public record DeviceStatus(String id, String driver, String bus, State state, String lastError,
                           Optional<Instant> lastPoll, long polls, long failures) {

    /** Device life cycle. */
    public enum State {
        /** Its driver is not installed; it starts when the driver appears. */
        WAITING_FOR_DRIVER,
        /** Polling normally. */
        RUNNING,
        /** Recent polls failed; being retried with back-off. */
        FAILING,
        /** Its driver refused the configuration (bad address, profile…); see lastError. */
        CONFIG_ERROR,
        /** The bus link could not be opened. */
        BUS_DOWN
    }
}
