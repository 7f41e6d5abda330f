package io.heathub.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A deliberately simple, time-stepped thermal model of one substation and the flats it heats.
 *
 * <p>The outdoor temperature follows a daily cosine (coldest at 05:00). The secondary supply
 * temperature approaches the PLC's supply setpoint with a first-order lag; the PLC valve opening
 * follows the load and the control error. Each flat gains heat in proportion to
 * {@code (supply - room)} while its thermostat valve is open and loses heat in proportion to
 * {@code (room - outdoor)}; the thermostat opens below {@code setpoint - 0.5} and closes above
 * {@code setpoint + 0.5}. Flats differ (radiator size, insulation, setpoint, start temperature)
 * through a seeded random source, so the same seed always gives the same building.
 *
 * <p>Time only moves through {@link #step(double)}, so callers can run the model faster than
 * real time. All methods are thread-safe (Modbus threads read while a scheduler steps).
 */
public final class ThermalModel {

    /** Lowest and highest supply setpoint the PLC accepts, °C. */
    public static final double SUPPLY_SETPOINT_MIN = 20.0;
    public static final double SUPPLY_SETPOINT_MAX = 95.0;
    /** Lowest and highest room setpoint a panel accepts, °C. */
    public static final double ROOM_SETPOINT_MIN = 5.0;
    public static final double ROOM_SETPOINT_MAX = 35.0;
    /** Half width of the thermostat's dead band, K. */
    public static final double HYSTERESIS = 0.5;

    private static final double COLDEST_HOUR = 5.0;
    private static final double SECONDS_PER_DAY = 86_400.0;
    // Secondary loop: ~10 min to cover 63 % of a setpoint change.
    private static final double SUPPLY_TIME_CONSTANT_S = 600.0;
    private static final double VALVE_GAIN_PERCENT_PER_K = 5.0;
    private static final double RETURN_DROP_AT_FULL_LOAD_K = 20.0;
    // A typical flat cools with a time constant of about a day and a half.
    private static final double BUILDING_TIME_CONSTANT_S = 36 * 3600.0;
    // Euler steps stay far below every time constant, so the integration is stable and smooth.
    private static final double MAX_SUBSTEP_S = 10.0;

    /**
     * How to build the model.
     *
     * @param panels number of flats (one thermostat panel each), 1..247
     * @param seed makes flats differ, deterministically
     * @param outdoorMean daily mean outdoor temperature, °C
     * @param outdoorAmplitude half the daily swing, K
     * @param startSecondOfDay time of day at which the simulated clock starts
     * @param supplySetpoint initial supply setpoint, °C
     */
    public record Settings(int panels, long seed, double outdoorMean, double outdoorAmplitude,
                           double startSecondOfDay, double supplySetpoint) {
        /** Validates the ranges. */
        public Settings {
            if (panels < 1 || panels > 247) {
                throw new IllegalArgumentException("panels must be 1..247 (Modbus unit ids), got " + panels);
            }
            if (outdoorAmplitude < 0) {
                throw new IllegalArgumentException("outdoorAmplitude must be >= 0, got " + outdoorAmplitude);
            }
            if (startSecondOfDay < 0 || startSecondOfDay >= SECONDS_PER_DAY) {
                throw new IllegalArgumentException("startSecondOfDay must be in [0, 86400), got " + startSecondOfDay);
            }
            if (!isValidSupplySetpoint(supplySetpoint)) {
                throw new IllegalArgumentException("supplySetpoint out of range: " + supplySetpoint);
            }
        }

        /** Defaults: -5 ± 4 °C outdoors, midnight, supply setpoint 60 °C, seed 1. */
        public static Settings defaults(int panels) {
            return new Settings(panels, 1L, -5.0, 4.0, 0.0, 60.0);
        }

        /** The same settings with another seed. */
        public Settings withSeed(long newSeed) {
            return new Settings(panels, newSeed, outdoorMean, outdoorAmplitude, startSecondOfDay, supplySetpoint);
        }

        /** The same settings with another clock start. */
        public Settings withStartSecondOfDay(double second) {
            return new Settings(panels, seed, outdoorMean, outdoorAmplitude, second, supplySetpoint);
        }
    }

    /** What the substation PLC shows. Temperatures °C, pressures bar, valve %. */
    public record PlcState(double outdoor, double supply, double returnTemperature, double supplyPressure,
                           double returnPressure, double supplySetpoint, double valveOpening) {
    }

    /** What one thermostat panel shows. */
    public record PanelState(boolean powerOn, double roomSetpoint, double roomTemperature, boolean valveOpen) {
    }

    /** Per-flat state; rates are per second. */
    private static final class Flat {
        final double heatRate;   // gain per K of (supply - room) while the valve is open
        final double lossRate;   // loss per K of (room - outdoor)
        double setpoint;
        double room;
        boolean valveOpen;

        Flat(double heatRate, double lossRate, double setpoint, double room) {
            this.heatRate = heatRate;
            this.lossRate = lossRate;
            this.setpoint = setpoint;
            this.room = room;
            this.valveOpen = room < setpoint;
        }
    }

    private final Settings settings;
    /** An outdoor temperature fed from outside (a weather file, a closed-loop run); NaN = the daily cosine. */
    private double outdoorOverride = Double.NaN;
    private final List<Flat> flats;
    private double elapsedSeconds;
    private double supplySetpoint;
    private double supply;
    private double returnTemperature;
    private double valveOpening;
    private double load;

    /** Builds the substation; flats differ according to the seed. */
    public ThermalModel(Settings settings) {
        this.settings = settings;
        Random random = new Random(settings.seed());
        List<Flat> built = new ArrayList<>(settings.panels());
        for (int i = 0; i < settings.panels(); i++) {
            double lossRate = (0.7 + 0.6 * random.nextDouble()) / BUILDING_TIME_CONSTANT_S;
            // Radiator-to-loss ratio 0.7..2.0: small radiators in draughty flats may not reach
            // their setpoint, which is what real buildings look like.
            double heatRate = lossRate * (0.7 + 1.3 * random.nextDouble());
            double setpoint = 20.0 + 0.5 * random.nextInt(5);
            double room = 19.5 + random.nextDouble();
            built.add(new Flat(heatRate, lossRate, setpoint, room));
        }
        this.flats = List.copyOf(built);
        this.supplySetpoint = settings.supplySetpoint();
        this.supply = supplySetpoint;
        updateDerived(outdoorAt(0));
    }

    /** True if the PLC accepts this supply setpoint (NaN is refused). */
    public static boolean isValidSupplySetpoint(double celsius) {
        return celsius >= SUPPLY_SETPOINT_MIN && celsius <= SUPPLY_SETPOINT_MAX;
    }

    /** True if a panel accepts this room setpoint (NaN is refused). */
    public static boolean isValidRoomSetpoint(double celsius) {
        return celsius >= ROOM_SETPOINT_MIN && celsius <= ROOM_SETPOINT_MAX;
    }

    /** Number of flats (= panels = highest panel unit id). */
    public int panels() {
        return flats.size();
    }

    /** The settings this model was built with. */
    public Settings settings() {
        return settings;
    }

    /** Simulated seconds since construction. */
    public synchronized double elapsedSeconds() {
        return elapsedSeconds;
    }

    /** Advances simulated time by {@code seconds} (any length; integrated in small sub-steps). */
    public synchronized void step(double seconds) {
        if (!(seconds >= 0) || Double.isInfinite(seconds)) {
            throw new IllegalArgumentException("seconds must be finite and >= 0, got " + seconds);
        }
        double remaining = seconds;
        while (remaining > 0) {
            double dt = Math.min(remaining, MAX_SUBSTEP_S);
            advance(dt);
            remaining -= dt;
        }
    }

    /** Sets the PLC's supply setpoint. @throws IllegalArgumentException outside 20..95 °C */
    public synchronized void setSupplySetpoint(double celsius) {
        if (!isValidSupplySetpoint(celsius)) {
            throw new IllegalArgumentException("supply setpoint must be " + SUPPLY_SETPOINT_MIN + ".."
                    + SUPPLY_SETPOINT_MAX + " °C, got " + celsius);
        }
        supplySetpoint = celsius;
        updateDerived(outdoorAt(elapsedSeconds));
    }

    /** Sets a panel's room setpoint. @throws IllegalArgumentException outside 5..35 °C or unknown panel */
    public synchronized void setRoomSetpoint(int panel, double celsius) {
        if (!isValidRoomSetpoint(celsius)) {
            throw new IllegalArgumentException("room setpoint must be " + ROOM_SETPOINT_MIN + ".."
                    + ROOM_SETPOINT_MAX + " °C, got " + celsius);
        }
        flat(panel).setpoint = celsius;
    }

    /** A consistent snapshot of the PLC values. */
    public synchronized PlcState plc() {
        // Pump curve: more flow, a little less head; the return side rises slightly with flow.
        double supplyPressure = 4.0 - 0.5 * load;
        double returnPressure = 2.0 + 0.2 * load;
        return new PlcState(outdoorAt(elapsedSeconds), supply, returnTemperature, supplyPressure,
                returnPressure, supplySetpoint, valveOpening);
    }

    /** A snapshot of panel {@code panel} (1-based, like its unit id). */
    public synchronized PanelState panel(int panel) {
        Flat flat = flat(panel);
        return new PanelState(true, flat.setpoint, flat.room, flat.valveOpen);
    }

    /** Outdoor temperature at {@code elapsed} simulated seconds. */
    /**
     * Fixes the outdoor temperature from now on (a weather file, a closed-loop simulation), or
     * returns to the settings' daily cosine with {@code Double.NaN}.
     */
    public synchronized void setOutdoor(double celsius) {
        outdoorOverride = celsius;
    }

    private double outdoorAt(double elapsed) {
        if (!Double.isNaN(outdoorOverride)) {
            return outdoorOverride;
        }
        double hourOfDay = ((settings.startSecondOfDay() + elapsed) % SECONDS_PER_DAY) / 3600.0;
        double phase = 2 * Math.PI * (hourOfDay - COLDEST_HOUR) / 24.0;
        return settings.outdoorMean() - settings.outdoorAmplitude() * Math.cos(phase);
    }

    private Flat flat(int panel) {
        if (panel < 1 || panel > flats.size()) {
            throw new IllegalArgumentException("no panel " + panel + " (1.." + flats.size() + ")");
        }
        return flats.get(panel - 1);
    }

    private void advance(double dt) {
        elapsedSeconds += dt;
        double outdoor = outdoorAt(elapsedSeconds);
        // Exact solution of the first-order lag over dt: stable for any dt.
        supply += (supplySetpoint - supply) * (1 - Math.exp(-dt / SUPPLY_TIME_CONSTANT_S));
        for (Flat flat : flats) {
            double gain = flat.valveOpen ? flat.heatRate * Math.max(0, supply - flat.room) : 0;
            double loss = flat.lossRate * (flat.room - outdoor);
            flat.room += (gain - loss) * dt;
            if (flat.room < flat.setpoint - HYSTERESIS) {
                flat.valveOpen = true;
            } else if (flat.room > flat.setpoint + HYSTERESIS) {
                flat.valveOpen = false;
            }
        }
        updateDerived(outdoor);
    }

    /** Load, return temperature and PLC valve follow from the current state. */
    private void updateDerived(double outdoor) {
        int open = 0;
        double roomSum = 0;
        for (Flat flat : flats) {
            open += flat.valveOpen ? 1 : 0;
            roomSum += flat.room;
        }
        load = (double) open / flats.size();
        double averageRoom = roomSum / flats.size();
        // Water cannot come back colder than the rooms it passed through (nor hotter than it left).
        double floor = Math.min(supply, Math.max(averageRoom, outdoor));
        returnTemperature = Math.max(floor, supply - RETURN_DROP_AT_FULL_LOAD_K * load);
        double error = supplySetpoint - supply;
        valveOpening = Math.max(0, Math.min(100, 100 * load + VALVE_GAIN_PERCENT_PER_K * error));
    }
}
