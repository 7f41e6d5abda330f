package io.heathub.api.driver;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * A request to change a device point, from whoever asks (control loop, operator, backend).
 *
 * @param requestId   the asker's id, echoed in the result
 * @param device      the device id
 * @param point       the point to write, e.g. {@code "setpoint.room"} or {@code "valve.state"}
 * @param value       the value in the point's canonical unit (1/0 for open/close, on/off)
 * @param requestedBy who asked, for the audit log, e.g. {@code "control"} or {@code "mqtt:billing"}
 */
public record Command(String requestId, String device, String point, BigDecimal value, String requestedBy) {
    public Command {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(point, "point");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(requestedBy, "requestedBy");
    }
}
