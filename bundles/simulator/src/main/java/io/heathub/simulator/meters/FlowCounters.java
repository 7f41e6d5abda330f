package io.heathub.simulator.meters;

import java.time.Instant;
import java.util.Random;

/**
 * The water and heat flowing through one flat's meter, integrated over time: volume from flow,
 * heat energy from power = 1.163 kWh/(m³·K) × flow × (supply − return). Flow wobbles around a
 * seeded base; temperatures come from the line's {@link MeterEnvironment} or seeded defaults. The
 * counters move lazily: every {@link #read()} integrates from the previous one to the clock's now.
 */
final class FlowCounters implements Counters {
    /** Heat carried by water, kWh per m³ and kelvin (4.186 kJ/(kg·K) × 1000 kg/m³ / 3600). */
    static final double KWH_PER_CUBIC_METRE_KELVIN = 1.163;
    private static final double MAX_STEP_SECONDS = 60;
    private static final double FLOW_PERIOD_SECONDS = 900;

    /**
     * The counters and instantaneous values at one moment; {@code deliveredKwh} and
     * {@code deliveredCubicMetres} are what really passed since the start, whatever the meter's faults
     * (a building meter upstream counts that).
     */
    record Snapshot(Instant time, double energyKwh, double dueDayEnergyKwh, double powerKw, double flowCubicMetresPerHour,
                    double volumeCubicMetres, double dueDayVolumeCubicMetres, double supply, double returnTemperature,
                    double hours, boolean valveOpen, double deliveredKwh, double deliveredCubicMetres) {
    }

    private final MeterEnvironment environment;
    private final Faults faults;
    private final boolean heat;
    private final double baseFlow;
    private final double flowPhase;
    private final double supplyOffset;
    private final double returnOffset;
    private final double defaultSupply;
    private final double defaultDrop;
    private final double dueDayEnergy;
    private final double dueDayVolume;
    private double energyKwh;
    private double volume;
    private double hours;
    private double deliveredKwh;
    private double deliveredVolume;
    private boolean valveOpen = true;
    private Instant last;

    /**
     * @param heat true for a heat meter (energy from the temperature drop), false for a water meter
     */
    FlowCounters(long seed, boolean heat, Faults faults, MeterEnvironment environment) {
        Random random = new Random(seed);
        this.environment = environment;
        this.faults = faults;
        this.heat = heat;
        this.baseFlow = heat ? 0.15 + 0.45 * random.nextDouble() : 0.02 + 0.06 * random.nextDouble();
        this.flowPhase = 2 * Math.PI * random.nextDouble();
        this.supplyOffset = -0.8 * random.nextDouble(); // pipe losses on the way to the flat
        this.returnOffset = 1.5 * random.nextDouble();
        this.defaultSupply = 59 + 6 * random.nextDouble();
        this.defaultDrop = 14 + 6 * random.nextDouble();
        double startVolume = heat ? 20 + 400 * random.nextDouble() : 50 + 850 * random.nextDouble();
        double startEnergy = heat ? 1000 + 19_000 * random.nextDouble() : 0;
        this.volume = round2(startVolume);
        this.energyKwh = round2(startEnergy);
        this.hours = Math.floor(2000 + 30_000 * random.nextDouble());
        // the settlement day was a while ago: its readings are somewhat below today's
        this.dueDayVolume = round2(volume * (0.8 + 0.15 * random.nextDouble()));
        this.dueDayEnergy = round2(energyKwh * (0.8 + 0.15 * random.nextDouble()));
        this.last = environment.clock().instant();
    }

    /** Integrates up to now and returns the values. */
    @Override
    public synchronized Snapshot read() {
        Instant now = environment.clock().instant();
        double seconds = (now.toEpochMilli() - last.toEpochMilli()) / 1000.0;
        if (seconds > 0) {
            advance(last, seconds);
            last = now;
        }
        double flow = flowAt(now);
        Temperatures t = temperatures(now);
        return new Snapshot(now, energyKwh, dueDayEnergy, heat ? power(flow, t) : 0, flow, volume, dueDayVolume,
                t.supply(), t.returnTemperature(), hours, valveOpen, deliveredKwh, deliveredVolume);
    }

    /** Opens or closes the meter's valve; a closed valve stops the flow (counters integrate up to now first). */
    @Override
    public synchronized boolean setValveOpen(boolean open) {
        read();
        valveOpen = open;
        return true;
    }

    @Override
    public synchronized boolean valveOpen() {
        return valveOpen;
    }

    private void advance(Instant from, double seconds) {
        double done = 0;
        while (done < seconds) {
            double step = Math.min(MAX_STEP_SECONDS, seconds - done);
            Instant middle = from.plusMillis(Math.round((done + step / 2) * 1000));
            double flow = flowAt(middle);
            deliveredVolume += flow * step / 3600;
            if (heat) {
                deliveredKwh += power(flow, temperatures(middle)) * step / 3600;
            }
            if (!faults.stuck()) {
                volume += flow * step / 3600 * faults.drift();
                if (heat) {
                    energyKwh += power(flow, temperatures(middle)) * step / 3600 * faults.drift();
                }
            }
            hours += step / 3600;
            done += step;
        }
    }

    private double flowAt(Instant time) {
        if (!valveOpen) {
            return 0;
        }
        double seconds = time.getEpochSecond() + time.getNano() / 1e9;
        return baseFlow * (1 + 0.15 * Math.sin(2 * Math.PI * seconds / FLOW_PERIOD_SECONDS + flowPhase));
    }

    private Temperatures temperatures(Instant time) {
        if (environment.temperatures().isPresent()) {
            Temperatures network = environment.temperatures().get().get();
            double supply = network.supply() + supplyOffset;
            double ret = Math.min(network.returnTemperature() + returnOffset, supply);
            return new Temperatures(supply, ret);
        }
        double seconds = time.getEpochSecond() % 86_400;
        double supply = defaultSupply + Math.sin(2 * Math.PI * seconds / 86_400 + flowPhase);
        return new Temperatures(supply, supply - defaultDrop);
    }

    private static double power(double flow, Temperatures t) {
        return KWH_PER_CUBIC_METRE_KELVIN * flow * Math.max(0, t.supply() - t.returnTemperature());
    }

    private static double round2(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
