package io.heathub.control;

import java.util.Locale;
import java.util.Optional;

/**
 * Chengde's three household modes (domain §3.5). A panel that has a mode register shows them as
 * {@link #panelValue()} (0, 1, 2: the {@code bac-002-station} profile's {@code thermostat.mode}).
 */
public enum ThermostatMode {
    /** 定温: keep the room at the user's setpoint. */
    TEMPERATURE,
    /** 定时: the room setpoint follows a weekly program. */
    SCHEDULE,
    /** 定流量: hold the valve at a fixed opening. */
    FLOW;

    /** The name in {@code site.yaml} and reasons: {@code temperature}, {@code schedule}, {@code flow}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The value a panel's mode register holds for this mode: 0, 1 or 2. */
    public int panelValue() {
        return ordinal();
    }

    /** The mode a panel's mode register shows, if the value is one. */
    public static Optional<ThermostatMode> ofPanelValue(double value) {
        for (ThermostatMode mode : values()) {
            if (mode.panelValue() == value) {
                return Optional.of(mode);
            }
        }
        return Optional.empty();
    }
}
