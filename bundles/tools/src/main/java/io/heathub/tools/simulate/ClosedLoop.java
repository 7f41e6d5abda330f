package io.heathub.tools.simulate;

import io.heathub.control.ControlEngine;
import io.heathub.control.ControlState;
import io.heathub.control.Decision;
import io.heathub.control.ForecastPoint;
import io.heathub.control.Household;
import io.heathub.control.Percentile;
import io.heathub.control.Sample;
import io.heathub.control.Snapshot;
import io.heathub.control.ThermostatProgram;
import io.heathub.control.ThermostatRule;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Consumer;

/**
 * The control engine against one {@link ZoneBuilding} per zone: every step, the hub's view
 * (outdoor, a perfect forecast, rooms rounded to 0.1 °C as the panels report them, valve states,
 * pump frequencies) goes through one engine cycle and its decisions are applied to the buildings
 * (supply setpoint, pump frequencies, household valves); then the buildings advance one step.
 */
final class ClosedLoop {

    /**
     * What the run needs besides the site.
     *
     * @param start            simulated start
     * @param step             model step = control cycle
     * @param seed             seeds the buildings' flats
     * @param program          thermostat program of every household, empty: temperature mode at each flat's own setpoint
     * @param flowPerHousehold m³/h through an open household valve (for the heat figure)
     * @param forecastHours    hourly forecast points handed to the engine
     */
    record Options(Instant start, Duration step, long seed, Optional<ThermostatProgram> program, double flowPerHousehold,
                   int forecastHours) { }

    /**
     * One simulated hour, values at its end except the heat.
     *
     * @param hour           1-based hour
     * @param time           end of the hour
     * @param day            calendar kind of the day
     * @param outdoor        °C
     * @param supplySetpoint °C, the engine's
     * @param supply         °C, the buildings' mean actual supply
     * @param roomP10        10th percentile (nearest rank) of all rooms
     * @param roomMin        coldest room
     * @param roomMax        warmest room
     * @param pumpHz         Hz by zone
     * @param heatKWh        heat delivered during the hour
     */
    record Hour(int hour, Instant time, String day, double outdoor, double supplySetpoint, double supply, double roomP10,
                double roomMin, double roomMax, Map<String, Double> pumpHz, double heatKWh) { }

    private static final double ROOM_PERCENTILE = 10;
    /** Panels report room temperatures in 0.1 °C. */
    private static final double PANEL_RESOLUTION = 0.1;

    private final ControlEngine engine;
    private final OutdoorProfile outdoor;
    private final Options options;
    private final List<ZoneBuilding> buildings = new ArrayList<>();
    private final Map<String, Double> pumpHz = new LinkedHashMap<>();
    private double supplySetpoint;
    private OptionalDouble load = OptionalDouble.empty();
    private OptionalDouble flow = OptionalDouble.empty();

    ClosedLoop(SimulatedSite site, OutdoorProfile outdoor, Options options) {
        this.engine = new ControlEngine(site.plan());
        this.outdoor = outdoor;
        this.options = options;
        // start where a running plant would be: fallback supply, pumps mid-range
        this.supplySetpoint = site.plan().base().supply().fallback();
        double startHz = (site.plan().base().pump().limits().min() + site.plan().base().pump().limits().max()) / 2;
        long seed = options.seed();
        for (Map.Entry<String, List<String>> zone : site.households().entrySet()) {
            buildings.add(new ZoneBuilding(zone.getKey(), zone.getValue(), seed++, outdoor.at(options.start()),
                    supplySetpoint));
            pumpHz.put(zone.getKey(), startHz);
        }
    }

    /** Runs {@code hours} and hands each simulated hour to {@code sink}. */
    void run(int hours, Consumer<Hour> sink) {
        ControlState state = ControlState.initial();
        Instant now = options.start();
        double stepSeconds = options.step().toNanos() / 1e9;
        Instant hourEnd = now.plus(Duration.ofHours(1));
        Instant end = now.plus(Duration.ofHours(hours));
        double heat = 0;
        String day = "";
        int hour = 1;
        while (now.isBefore(end)) {
            ControlEngine.Result result = engine.cycle(snapshot(now), state, now);
            state = result.state();
            day = result.day().kind().configName();
            apply(result);
            double outdoorNow = outdoor.at(now);
            for (ZoneBuilding building : buildings) {
                heat += building.step(stepSeconds, outdoorNow, options.flowPerHousehold());
            }
            now = now.plus(options.step());
            if (!now.isBefore(hourEnd)) {
                sink.accept(summary(hour++, now, day, heat));
                heat = 0;
                hourEnd = hourEnd.plus(Duration.ofHours(1));
            }
        }
    }

    private Snapshot snapshot(Instant now) {
        List<ForecastPoint> forecast = new ArrayList<>();
        for (int h = 1; h <= options.forecastHours(); h++) {
            Instant time = now.plus(Duration.ofHours(h));
            if (outdoor instanceof CsvOutdoor csv && !csv.covers(time)) {
                break; // the file's end: no forecast beyond it
            }
            forecast.add(new ForecastPoint(time, outdoor.at(time)));
        }
        List<Household> households = new ArrayList<>();
        for (ZoneBuilding building : buildings) {
            for (int i = 0; i < building.households().size(); i++) {
                double room = Math.round(building.room(i) / PANEL_RESOLUTION) * PANEL_RESOLUTION;
                ThermostatProgram program = options.program()
                        .orElse(new ThermostatProgram.ByTemperature(building.userSetpoint(i)));
                households.add(new Household(building.households().get(i), building.zone(),
                        Optional.of(Sample.good(room, now)), program,
                        OptionalDouble.of(building.valveOpen(i) ? 100 : 0)));
            }
        }
        return new Snapshot(List.of(Sample.good(outdoor.at(now), now)), forecast, Map.of(), pumpHz,
                OptionalDouble.of(supplySetpoint), load, flow, households);
    }

    private void apply(ControlEngine.Result result) {
        result.decision(ControlEngine.SUPPLY).flatMap(d -> box(d.value())).ifPresent(value -> {
            supplySetpoint = value;
            buildings.forEach(b -> b.setSupplySetpoint(value));
        });
        for (String zone : pumpHz.keySet()) {
            result.decision(ControlEngine.PUMP_PREFIX + zone)
                    .filter(d -> d.action() == Decision.Action.SET)
                    .ifPresent(d -> pumpHz.put(zone, d.value().getAsDouble()));
        }
        result.decision(ControlEngine.SOURCE_LOAD).filter(d -> d.action() == Decision.Action.SET)
                .ifPresent(d -> load = d.value());
        result.decision(ControlEngine.SOURCE_FLOW).filter(d -> d.action() == Decision.Action.SET)
                .ifPresent(d -> flow = d.value());
        for (ZoneBuilding building : buildings) {
            for (int i = 0; i < building.households().size(); i++) {
                int index = i;
                result.decision(ThermostatRule.valveOutput(building.households().get(i)))
                        .filter(d -> d.action() == Decision.Action.SET)
                        .ifPresent(d -> building.setValve(index, d.value().getAsDouble()));
            }
        }
    }

    private Hour summary(int hour, Instant time, String day, double heat) {
        List<Double> rooms = new ArrayList<>();
        double supply = 0;
        for (ZoneBuilding building : buildings) {
            for (int i = 0; i < building.households().size(); i++) {
                rooms.add(building.room(i));
            }
            supply += building.plc().supply();
        }
        double[] values = rooms.stream().mapToDouble(Double::doubleValue).toArray();
        double p10 = Percentile.nearestRank(values, values.length, ROOM_PERCENTILE); // sorts values
        return new Hour(hour, time, day, outdoor.at(time), supplySetpoint, supply / buildings.size(), p10, values[0],
                values[values.length - 1], new LinkedHashMap<>(pumpHz), heat);
    }

    private static Optional<Double> box(OptionalDouble value) {
        return value.isPresent() ? Optional.of(value.getAsDouble()) : Optional.empty();
    }
}
