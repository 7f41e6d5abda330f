package io.heathub.api;

/**
 * The point-name vocabulary. Drivers and profiles name points with these; sites may add
 * {@code status.*} and {@code bus.*} points of their own.
 */
public final class Points {
    private Points() {
    }

    public static final String HEAT_ENERGY = "heat.energy";
    /** Heat at the meter's settlement (due) day, kept as its own point for cross-checks. */
    public static final String HEAT_ENERGY_DUE_DAY = "heat.energy.dueDay";
    public static final String HEAT_POWER = "heat.power";
    public static final String VOLUME = "volume";
    public static final String FLOW = "flow";
    public static final String TEMP_SUPPLY = "temp.supply";
    public static final String TEMP_RETURN = "temp.return";
    public static final String TEMP_ROOM = "temp.room";
    public static final String TEMP_OUTDOOR = "temp.outdoor";
    public static final String PRESSURE_SUPPLY = "pressure.supply";
    public static final String PRESSURE_RETURN = "pressure.return";
    public static final String SETPOINT_ROOM = "setpoint.room";
    public static final String SETPOINT_SUPPLY = "setpoint.supply";
    public static final String VALVE_OPENING = "valve.opening";
    public static final String VALVE_STATE = "valve.state";
    public static final String PUMP_FREQUENCY = "pump.frequency";
    public static final String HOURS = "hours";
    public static final String ELECTRIC_ENERGY = "electric.energy";
    /**
     * A meter's own clock: value = the meter's clock as Unix seconds (UTC, decimals allowed), unit
     * none, reading time = the hub's clock when the reply arrived. Meter health compares the two
     * (clock drift); core marks a device's readings SUSPECT while its clock is far off.
     */
    public static final String METER_CLOCK = "meter.clock";

    // Line statistics of a bus, published as readings of the device "bus:<bus id>" once per
    // statistics interval. Counts are per interval (not running totals), so a restart does not
    // look like a counter going backwards.
    /** Requests sent on the line during the interval (polls, commands, scans). */
    public static final String BUS_REQUESTS = "bus.requests";
    /** Requests that got no complete reply in time. */
    public static final String BUS_TIMEOUTS = "bus.timeouts";
    /** Replies refused for a bad checksum or CRC. */
    public static final String BUS_CHECKSUM_ERRORS = "bus.checksumErrors";
    /** Other failed requests: error replies, malformed replies, link failures. */
    public static final String BUS_OTHER_ERRORS = "bus.otherErrors";
    /** Share of the interval the line was busy with an exchange, in %. */
    public static final String BUS_UTILISATION = "bus.utilisation";

    /** True for points that count up over the meter's life (validated for going backwards). */
    public static boolean isCounter(String point) {
        return point.equals(HEAT_ENERGY) || point.equals(VOLUME) || point.equals(HOURS)
                || point.equals(ELECTRIC_ENERGY);
    }
}
