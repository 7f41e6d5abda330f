package io.heathub.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * A deliberately simple, time-stepped thermal model of one substation, the flats it heats and,
 * optionally, its plant: circulation pump drives per zone and the heat source.
 *
 * <p>The outdoor temperature follows a daily cosine (coldest at 05:00) around a mean that an
 * {@link OutdoorScenario} may move over time (a cold snap). The secondary supply temperature
 * approaches the PLC's supply setpoint with a first-order lag — as far as the heat source lets it:
 * with a source, the supply can rise above the return by at most {@code designLiftK × load / flow}
 * (the same heat lifts less water further). Each flat gains heat in proportion to
 * {@code (supply - room)} times its radiator's share of its design output, which grows with the
 * water through it: its valve opening times its zone pump's speed (affinity law: flow ∝ speed),
 * through {@link #radiatorOutput}. It loses heat in proportion to {@code (room - outdoor)}. The
 * panel's thermostat (modes by temperature and by schedule) opens the valve below
 * {@code setpoint - 0.5} and closes it above {@code setpoint + 0.5}; in the flow mode the valve
 * holds its opening. Flats differ through a seeded random source, so the same seed always gives the
 * same building.
 *
 * <p>Without a plant ({@link Plant#NONE}) the pumps run at their design speed and the source has no
 * limit: the model of earlier versions. Time only moves through {@link #step(double)}, so callers
 * can run the model faster than real time. All methods are thread-safe (Modbus threads read while a
 * scheduler steps).
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
    /** Panel modes (register 10 of the station panel): Chengde's 定温, 定时, 定流量. */
    public static final int MODE_TEMPERATURE = 0;
    public static final int MODE_SCHEDULE = 1;
    public static final int MODE_FLOW = 2;
    /** Highest flow setpoint the boiler accepts, m³/h. */
    public static final double FLOW_SETPOINT_MAX = 10_000;

    private static final double COLDEST_HOUR = 5.0;
    private static final double SECONDS_PER_DAY = 86_400.0;
    // Secondary loop: ~10 min to cover 63 % of a setpoint change.
    private static final double SUPPLY_TIME_CONSTANT_S = 600.0;
    private static final double VALVE_GAIN_PERCENT_PER_K = 5.0;
    private static final double RETURN_DROP_AT_FULL_LOAD_K = 20.0;
    // A typical flat cools with a time constant of about a day and a half.
    private static final double BUILDING_TIME_CONSTANT_S = 36 * 3600.0;
    // Radiator number of transfer units at design flow: output falls slower than flow (see radiatorOutput).
    private static final double RADIATOR_NTU = 1.0;
    // A drive ramps 5 Hz a second (FC 51 ramp times are seconds); a boiler's load takes minutes.
    private static final double DRIVE_RAMP_HZ_PER_S = 5.0;
    private static final double LOAD_TIME_CONSTANT_S = 300.0;
    private static final double PRIMARY_FLOW_TIME_CONSTANT_S = 120.0;
    // Below this relative flow the network counts as stopped (no division by a vanishing flow).
    private static final double MIN_RELATIVE_FLOW = 0.05;
    // Euler steps stay far below every time constant, so the integration is stable and smooth.
    private static final double MAX_SUBSTEP_S = 10.0;

    /**
     * The plant around the flats.
     *
     * @param drives      circulation pump drives, one per zone (flats split into {@code drives}
     *                    contiguous zones); 0 = no pump modelled (design flow everywhere)
     * @param nominalHz   the drives' frequency at design flow and at 100 % reference, Hz
     * @param startHz     the drives' reference at start, Hz
     * @param source      a heat source (boiler) whose load limits the supply
     * @param startLoad   the source's load setpoint at start, %
     * @param startFlow   the source's main flow setpoint at start, m³/h
     * @param designLiftK how far the source lifts the water above the return at 100 % load and design flow, K
     */
    public record Plant(int drives, double nominalHz, double startHz, boolean source, double startLoad, double startFlow,
                        double designLiftK) {
        /** No pumps, no source limit. */
        public static final Plant NONE = new Plant(0, 50, 50, false, 70, 4500, 30);

        /** Validates the ranges. */
        public Plant {
            if (drives < 0 || drives > 8) {
                throw new IllegalArgumentException("drives must be 0..8, got " + drives);
            }
            if (!(nominalHz > 0 && nominalHz <= 400)) {
                throw new IllegalArgumentException("nominalHz must be in (0, 400], got " + nominalHz);
            }
            if (!(startHz >= 0 && startHz <= nominalHz)) {
                throw new IllegalArgumentException("startHz must be within 0.." + nominalHz + ", got " + startHz);
            }
            if (!isValidLoad(startLoad) || !isValidFlow(startFlow)) {
                throw new IllegalArgumentException("startLoad must be 0..100 % and startFlow 0.." + FLOW_SETPOINT_MAX
                        + " m³/h, got " + startLoad + ", " + startFlow);
            }
            if (!(designLiftK > 0) || Double.isInfinite(designLiftK)) {
                throw new IllegalArgumentException("designLiftK must be finite and > 0, got " + designLiftK);
            }
        }

        /** A plant of {@code drives} zone drives at {@code nominalHz} and a boiler: 40 Hz, 70 % load, 4500 m³/h at start. */
        public static Plant of(int drives, double nominalHz, boolean source) {
            return new Plant(drives, nominalHz, Math.min(40, nominalHz), source, 70, 4500, 30);
        }
    }

    /**
     * The outdoor mean over simulated time: straight lines between points (hours since start, °C),
     * held before the first and after the last. The daily swing is added on top.
     */
    public record OutdoorScenario(List<Point> points) {
        /** No scenario: the settings' mean throughout. */
        public static final OutdoorScenario NONE = new OutdoorScenario(List.of());

        /** One point of the scenario. */
        public record Point(double hours, double mean) { }

        /** Validates the points. */
        public OutdoorScenario {
            points = List.copyOf(points);
            double last = -1;
            for (Point p : points) {
                if (!(p.hours() >= 0) || Double.isInfinite(p.hours()) || !(p.hours() > last)) {
                    throw new IllegalArgumentException("outdoor scenario: hours must be finite, >= 0 and increasing, got "
                            + p.hours() + " after " + last);
                }
                if (!(p.mean() >= -60 && p.mean() <= 60)) {
                    throw new IllegalArgumentException("outdoor scenario: mean must be -60..60 °C, got " + p.mean());
                }
                last = p.hours();
            }
        }

        /**
         * Parses {@code 0h:-5, 2h:-5, 8h:-25} (hours since start, then the outdoor mean °C); blank = none.
         *
         * @throws IllegalArgumentException naming the entry and what is wrong with it
         */
        public static OutdoorScenario parse(String text) {
            if (text == null || text.isBlank()) {
                return NONE;
            }
            List<Point> points = new ArrayList<>();
            String[] entries = text.split(",");
            for (int i = 0; i < entries.length; i++) {
                String entry = entries[i].trim();
                String[] parts = entry.split(":");
                String where = "outdoorScenario entry " + (i + 1) + " \"" + entry + "\"";
                if (parts.length != 2 || !parts[0].trim().toLowerCase(Locale.ROOT).endsWith("h")) {
                    throw new IllegalArgumentException(where + ": expected HOURSh:MEAN, e.g. 6h:-25");
                }
                try {
                    String hours = parts[0].trim();
                    points.add(new Point(Double.parseDouble(hours.substring(0, hours.length() - 1)),
                            Double.parseDouble(parts[1].trim())));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(where + ": expected numbers, e.g. 6h:-25");
                }
            }
            try {
                return new OutdoorScenario(points);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("outdoorScenario \"" + text.trim() + "\": " + e.getMessage(), e);
            }
        }

        /** The mean at {@code hours} since start, or {@code fallback} without points. */
        double meanAt(double hours, double fallback) {
            if (points.isEmpty()) {
                return fallback;
            }
            Point previous = points.get(0);
            if (hours <= previous.hours()) {
                return previous.mean();
            }
            for (Point p : points) {
                if (hours <= p.hours()) {
                    double share = (hours - previous.hours()) / (p.hours() - previous.hours());
                    return previous.mean() + share * (p.mean() - previous.mean());
                }
                previous = p;
            }
            return previous.mean();
        }
    }

    /**
     * How to build the model.
     *
     * @param panels           number of flats (one thermostat panel each), 1..247
     * @param seed             makes flats differ, deterministically
     * @param outdoorMean      daily mean outdoor temperature, °C
     * @param outdoorAmplitude half the daily swing, K
     * @param startSecondOfDay time of day at which the simulated clock starts
     * @param supplySetpoint   initial supply setpoint, °C
     * @param plant            pumps and heat source
     * @param scenario         the outdoor mean over time (replaces {@code outdoorMean} while it has points)
     */
    public record Settings(int panels, long seed, double outdoorMean, double outdoorAmplitude,
                           double startSecondOfDay, double supplySetpoint, Plant plant, OutdoorScenario scenario) {
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
            java.util.Objects.requireNonNull(plant, "plant");
            java.util.Objects.requireNonNull(scenario, "scenario");
            if (plant.drives() > panels) {
                throw new IllegalArgumentException("drives (" + plant.drives() + ") cannot exceed panels (" + panels + ")");
            }
        }

        /** Without a plant and a scenario (the model of earlier versions). */
        public Settings(int panels, long seed, double outdoorMean, double outdoorAmplitude, double startSecondOfDay,
                        double supplySetpoint) {
            this(panels, seed, outdoorMean, outdoorAmplitude, startSecondOfDay, supplySetpoint, Plant.NONE,
                    OutdoorScenario.NONE);
        }

        /** Defaults: -5 ± 4 °C outdoors, midnight, supply setpoint 60 °C, seed 1, no plant. */
        public static Settings defaults(int panels) {
            return new Settings(panels, 1L, -5.0, 4.0, 0.0, 60.0);
        }

        /** The same settings with another seed. */
        public Settings withSeed(long newSeed) {
            return new Settings(panels, newSeed, outdoorMean, outdoorAmplitude, startSecondOfDay, supplySetpoint, plant,
                    scenario);
        }

        /** The same settings with another clock start. */
        public Settings withStartSecondOfDay(double second) {
            return new Settings(panels, seed, outdoorMean, outdoorAmplitude, second, supplySetpoint, plant, scenario);
        }

        /** The same settings with another plant. */
        public Settings withPlant(Plant newPlant) {
            return new Settings(panels, seed, outdoorMean, outdoorAmplitude, startSecondOfDay, supplySetpoint, newPlant,
                    scenario);
        }

        /** The same settings with an outdoor scenario. */
        public Settings withScenario(OutdoorScenario newScenario) {
            return new Settings(panels, seed, outdoorMean, outdoorAmplitude, startSecondOfDay, supplySetpoint, plant,
                    newScenario);
        }
    }

    /** What the substation PLC shows. Temperatures °C, pressures bar, valve %. */
    public record PlcState(double outdoor, double supply, double returnTemperature, double supplyPressure,
                           double returnPressure, double supplySetpoint, double valveOpening) {
    }

    /**
     * What one thermostat panel shows.
     *
     * @param valveOpen    the valve is open (opening &gt; 0)
     * @param mode         {@link #MODE_TEMPERATURE}, {@link #MODE_SCHEDULE} or {@link #MODE_FLOW}
     * @param valveOpening the valve's opening, %
     * @param fixedOpening the opening the flow mode holds, %
     */
    public record PanelState(boolean powerOn, double roomSetpoint, double roomTemperature, boolean valveOpen, int mode,
                             double valveOpening, double fixedOpening) {
    }

    /**
     * What one pump drive shows.
     *
     * @param referenceHz the frequency it is asked for
     * @param outputHz    the frequency it runs at (ramps to the reference while running, to 0 when stopped)
     * @param running     started by its control word
     * @param tripped     stopped by a fault until reset (the output is 0 Hz while tripped, whatever the control word)
     */
    public record DriveState(double referenceHz, double outputHz, boolean running, boolean tripped) {
    }

    /**
     * What the heat source (boiler) shows.
     *
     * @param load         its load, %, following the load setpoint over minutes
     * @param loadSetpoint %
     * @param supply       its (primary) supply temperature, °C
     * @param returnTemperature its (primary) return temperature, °C
     * @param flow         the total main flow, m³/h, following its setpoint
     * @param flowSetpoint m³/h
     */
    public record BoilerState(double load, double loadSetpoint, double supply, double returnTemperature, double flow,
                              double flowSetpoint) {
    }

    /** Per-flat state; rates are per second. */
    private static final class Flat {
        final double heatRate;   // gain per K of (supply - room) at full radiator output
        final double lossRate;   // loss per K of (room - outdoor)
        final int zone;
        double setpoint;
        double room;
        int mode = MODE_TEMPERATURE;
        double opening;          // 0..1
        double fixedOpening = 0.5;

        Flat(double heatRate, double lossRate, int zone, double setpoint, double room) {
            this.heatRate = heatRate;
            this.lossRate = lossRate;
            this.zone = zone;
            this.setpoint = setpoint;
            this.room = room;
            this.opening = room < setpoint ? 1 : 0;
        }
    }

    /** Per-drive state. */
    private static final class Drive {
        double referenceHz;
        double outputHz;
        boolean running = true;
        boolean tripped;

        Drive(double startHz) {
            this.referenceHz = startHz;
            this.outputHz = startHz;
        }
    }

    private final Settings settings;
    /** An outdoor temperature fed from outside (a weather file, a closed-loop run); NaN = the settings' outdoor. */
    private double outdoorOverride = Double.NaN;
    private final List<Flat> flats;
    private final List<Drive> drives;
    private double elapsedSeconds;
    private double supplySetpoint;
    private double supply;
    private double returnTemperature;
    private double valveOpening;
    private double load;
    private double sourceLoad;
    private double sourceLoadSetpoint;
    private double primaryFlow;
    private double primaryFlowSetpoint;

    /** Builds the substation; flats differ according to the seed. */
    public ThermalModel(Settings settings) {
        this.settings = settings;
        Random random = new Random(settings.seed());
        List<Flat> built = new ArrayList<>(settings.panels());
        int zones = Math.max(1, settings.plant().drives());
        for (int i = 0; i < settings.panels(); i++) {
            double lossRate = (0.7 + 0.6 * random.nextDouble()) / BUILDING_TIME_CONSTANT_S;
            // Radiator-to-loss ratio 0.7..2.0: small radiators in draughty flats may not reach
            // their setpoint, which is what real buildings look like.
            double heatRate = lossRate * (0.7 + 1.3 * random.nextDouble());
            double setpoint = 20.0 + 0.5 * random.nextInt(5);
            double room = 19.5 + random.nextDouble();
            built.add(new Flat(heatRate, lossRate, i * zones / settings.panels(), setpoint, room));
        }
        this.flats = List.copyOf(built);
        List<Drive> pumps = new ArrayList<>();
        for (int i = 0; i < settings.plant().drives(); i++) {
            pumps.add(new Drive(settings.plant().startHz()));
        }
        this.drives = List.copyOf(pumps);
        this.supplySetpoint = settings.supplySetpoint();
        this.supply = supplySetpoint;
        this.sourceLoad = settings.plant().startLoad();
        this.sourceLoadSetpoint = sourceLoad;
        this.primaryFlow = settings.plant().startFlow();
        this.primaryFlowSetpoint = primaryFlow;
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

    /** True for a load setpoint of 0..100 % (NaN is refused). */
    public static boolean isValidLoad(double percent) {
        return percent >= 0 && percent <= 100;
    }

    /** True for a flow setpoint of 0..{@link #FLOW_SETPOINT_MAX} m³/h (NaN is refused). */
    public static boolean isValidFlow(double cubicMetresPerHour) {
        return cubicMetresPerHour >= 0 && cubicMetresPerHour <= FLOW_SETPOINT_MAX;
    }

    /**
     * A radiator's output at a relative water flow {@code q} (1 = design flow), as a share of its
     * design output: {@code q·(1 − e^(−N/q)) / (1 − e^(−N))} with N the radiator's number of transfer
     * units at design flow. Half the flow still gives about two thirds of the heat.
     */
    static double radiatorOutput(double q) {
        if (!(q > 0)) {
            return 0;
        }
        return q * (1 - Math.exp(-RADIATOR_NTU / q)) / (1 - Math.exp(-RADIATOR_NTU));
    }

    /** Number of flats (= panels = highest panel unit id). */
    public int panels() {
        return flats.size();
    }

    /** Number of pump drives (zones). */
    public int drives() {
        return drives.size();
    }

    /** The settings this model was built with. */
    public Settings settings() {
        return settings;
    }

    /** The zone (0-based, = its drive's index) of panel {@code panel}. */
    public int zoneOf(int panel) {
        return flat(panel).zone;
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

    /** Sets a panel's mode; entering the flow mode moves the valve to the fixed opening. */
    public synchronized void setMode(int panel, int mode) {
        if (mode < MODE_TEMPERATURE || mode > MODE_FLOW) {
            throw new IllegalArgumentException("mode must be 0 (temperature), 1 (schedule) or 2 (flow), got " + mode);
        }
        Flat flat = flat(panel);
        if (mode == MODE_FLOW && flat.mode != MODE_FLOW) {
            flat.opening = flat.fixedOpening;
        }
        flat.mode = mode;
        updateDerived(outdoorAt(elapsedSeconds));
    }

    /** Moves a panel's valve; its thermostat (modes 0 and 1) takes over again at its next switching point. */
    public synchronized void setValveOpening(int panel, double percent) {
        checkPercent("valve opening", percent);
        flat(panel).opening = percent / 100;
        updateDerived(outdoorAt(elapsedSeconds));
    }

    /** Sets the opening a panel holds in the flow mode (and the valve, when it is in that mode). */
    public synchronized void setFixedOpening(int panel, double percent) {
        checkPercent("fixed opening", percent);
        Flat flat = flat(panel);
        flat.fixedOpening = percent / 100;
        if (flat.mode == MODE_FLOW) {
            flat.opening = flat.fixedOpening;
            updateDerived(outdoorAt(elapsedSeconds));
        }
    }

    /** Sets drive {@code drive}'s (1-based) reference. @throws IllegalArgumentException outside 0..nominalHz */
    public synchronized void setDriveReference(int drive, double hz) {
        double nominal = settings.plant().nominalHz();
        if (!(hz >= 0 && hz <= nominal)) {
            throw new IllegalArgumentException("drive reference must be 0.." + nominal + " Hz, got " + hz);
        }
        drive(drive).referenceHz = hz;
    }

    /** Starts or stops drive {@code drive} (1-based); it ramps to its reference or to 0. */
    public synchronized void setDriveRunning(int drive, boolean running) {
        drive(drive).running = running;
    }

    /**
     * Trips drive {@code drive} (1-based), like a motor or mains fault: it coasts to 0 Hz at once and
     * stays stopped until {@link #resetDriveTrip}, its control word notwithstanding.
     */
    public synchronized void tripDrive(int drive) {
        Drive d = drive(drive);
        d.tripped = true;
        d.outputHz = 0;
    }

    /** Clears drive {@code drive}'s trip (1-based): it follows its control word and reference again. */
    public synchronized void resetDriveTrip(int drive) {
        drive(drive).tripped = false;
    }

    /** Sets the source's load setpoint. @throws IllegalArgumentException outside 0..100 % */
    public synchronized void setLoadSetpoint(double percent) {
        if (!isValidLoad(percent)) {
            throw new IllegalArgumentException("load setpoint must be 0..100 %, got " + percent);
        }
        sourceLoadSetpoint = percent;
    }

    /** Sets the source's main flow setpoint. @throws IllegalArgumentException outside 0..10000 m³/h */
    public synchronized void setFlowSetpoint(double cubicMetresPerHour) {
        if (!isValidFlow(cubicMetresPerHour)) {
            throw new IllegalArgumentException("flow setpoint must be 0.." + FLOW_SETPOINT_MAX + " m³/h, got "
                    + cubicMetresPerHour);
        }
        primaryFlowSetpoint = cubicMetresPerHour;
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
        return new PanelState(true, flat.setpoint, flat.room, flat.opening > 0, flat.mode, 100 * flat.opening,
                100 * flat.fixedOpening);
    }

    /** A snapshot of drive {@code drive} (1-based). */
    public synchronized DriveState driveState(int drive) {
        Drive d = drive(drive);
        return new DriveState(d.referenceHz, d.outputHz, d.running, d.tripped);
    }

    /** A snapshot of the heat source. */
    public synchronized BoilerState boiler() {
        // the primary side runs hotter than the secondary by an approach that grows with the load
        double primarySupply = supply + 5 + 10 * sourceLoad / 100;
        double primaryReturn = returnTemperature + 5;
        return new BoilerState(sourceLoad, sourceLoadSetpoint, primarySupply, primaryReturn, primaryFlow,
                primaryFlowSetpoint);
    }

    /**
     * Fixes the outdoor temperature from now on (a weather file, a closed-loop simulation), or
     * returns to the settings' outdoor (daily cosine around the mean or the scenario) with {@code Double.NaN}.
     */
    public synchronized void setOutdoor(double celsius) {
        outdoorOverride = celsius;
    }

    /** Outdoor temperature at {@code elapsed} simulated seconds. */
    private double outdoorAt(double elapsed) {
        if (!Double.isNaN(outdoorOverride)) {
            return outdoorOverride;
        }
        double hourOfDay = ((settings.startSecondOfDay() + elapsed) % SECONDS_PER_DAY) / 3600.0;
        double phase = 2 * Math.PI * (hourOfDay - COLDEST_HOUR) / 24.0;
        double mean = settings.scenario().meanAt(elapsed / 3600.0, settings.outdoorMean());
        return mean - settings.outdoorAmplitude() * Math.cos(phase);
    }

    private Flat flat(int panel) {
        if (panel < 1 || panel > flats.size()) {
            throw new IllegalArgumentException("no panel " + panel + " (1.." + flats.size() + ")");
        }
        return flats.get(panel - 1);
    }

    private Drive drive(int drive) {
        if (drive < 1 || drive > drives.size()) {
            throw new IllegalArgumentException("no drive " + drive + " (" + (drives.isEmpty() ? "none" : "1.." + drives.size()) + ")");
        }
        return drives.get(drive - 1);
    }

    private static void checkPercent(String what, double percent) {
        if (!(percent >= 0 && percent <= 100)) {
            throw new IllegalArgumentException(what + " must be 0..100 %, got " + percent);
        }
    }

    /** Relative pump speed (flow) of a zone: 1 without drives. */
    private double relativeFlow(int zone) {
        if (drives.isEmpty()) {
            return 1;
        }
        return drives.get(zone).outputHz / settings.plant().nominalHz();
    }

    /** Mean relative flow of the network. */
    private double meanRelativeFlow() {
        if (drives.isEmpty()) {
            return 1;
        }
        double sum = 0;
        for (int zone = 0; zone < drives.size(); zone++) {
            sum += relativeFlow(zone);
        }
        return sum / drives.size();
    }

    private void advance(double dt) {
        elapsedSeconds += dt;
        double outdoor = outdoorAt(elapsedSeconds);
        for (Drive d : drives) {
            double target = d.running && !d.tripped ? d.referenceHz : 0;
            double move = DRIVE_RAMP_HZ_PER_S * dt;
            d.outputHz = Math.abs(target - d.outputHz) <= move ? target : d.outputHz + Math.signum(target - d.outputHz) * move;
        }
        // Exact solutions of the first-order lags over dt: stable for any dt.
        sourceLoad += (sourceLoadSetpoint - sourceLoad) * (1 - Math.exp(-dt / LOAD_TIME_CONSTANT_S));
        primaryFlow += (primaryFlowSetpoint - primaryFlow) * (1 - Math.exp(-dt / PRIMARY_FLOW_TIME_CONSTANT_S));
        double target = supplySetpoint;
        if (settings.plant().source()) {
            double lift = settings.plant().designLiftK() * (sourceLoad / 100) / Math.max(meanRelativeFlow(), MIN_RELATIVE_FLOW);
            target = Math.min(target, returnTemperature + lift);
        }
        supply += (target - supply) * (1 - Math.exp(-dt / SUPPLY_TIME_CONSTANT_S));
        for (Flat flat : flats) {
            double output = radiatorOutput(relativeFlow(flat.zone) * flat.opening);
            double gain = flat.heatRate * output * Math.max(0, supply - flat.room);
            double loss = flat.lossRate * (flat.room - outdoor);
            flat.room += (gain - loss) * dt;
            if (flat.mode != MODE_FLOW) {
                if (flat.room < flat.setpoint - HYSTERESIS) {
                    flat.opening = 1;
                } else if (flat.room > flat.setpoint + HYSTERESIS) {
                    flat.opening = 0;
                }
            }
        }
        updateDerived(outdoor);
    }

    /** Load, return temperature and PLC valve follow from the current state. */
    private void updateDerived(double outdoor) {
        double heat = 0;
        double roomSum = 0;
        for (Flat flat : flats) {
            heat += radiatorOutput(relativeFlow(flat.zone) * flat.opening);
            roomSum += flat.room;
        }
        load = heat / flats.size();
        double averageRoom = roomSum / flats.size();
        // The network's water passes at the pumps' speed (bypass valves keep it flowing): the heat
        // the flats take spreads over that flow.
        double flow = Math.max(meanRelativeFlow(), MIN_RELATIVE_FLOW);
        // Water cannot come back colder than the rooms it passed through (nor hotter than it left).
        double floor = Math.min(supply, Math.max(averageRoom, outdoor));
        returnTemperature = Math.max(floor, supply - RETURN_DROP_AT_FULL_LOAD_K * load / flow);
        double error = supplySetpoint - supply;
        valveOpening = Math.max(0, Math.min(100, 100 * load + VALVE_GAIN_PERCENT_PER_K * error));
    }
}
