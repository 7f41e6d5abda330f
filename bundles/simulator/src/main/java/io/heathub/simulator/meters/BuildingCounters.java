package io.heathub.simulator.meters;

import java.time.Instant;
import java.util.List;
import java.util.Random;

/**
 * The counters of a building's inlet heat meter: what really went through its households' meters
 * (their faults do not reach it) plus the heat lost in the building's own pipes, with the building
 * meter's own faults. Volume is the same water, so it is not raised by the losses. No valve.
 */
final class BuildingCounters implements Counters {
    private final List<FlowCounters> households;
    private final double lossShare;
    private final Faults faults;
    private final MeterEnvironment environment;
    private final double dueDayEnergy;
    private final double dueDayVolume;
    private double energyKwh;
    private double volume;
    private double hours;
    private double lastDeliveredKwh = Double.NaN;
    private double lastDeliveredVolume;
    private Instant last;

    /**
     * @param households the household meters behind it
     * @param lossShare  heat lost between the building meter and the flats, as a share of theirs (0.03 = 3 %)
     */
    BuildingCounters(List<FlowCounters> households, double lossShare, long seed, Faults faults,
                     MeterEnvironment environment) {
        if (households.isEmpty()) {
            throw new IllegalArgumentException("a building meter needs at least one household meter behind it");
        }
        if (!(lossShare >= 0 && lossShare < 1)) {
            throw new IllegalArgumentException("building losses must be 0..<100 %, got " + 100 * lossShare + " %");
        }
        this.households = List.copyOf(households);
        this.lossShare = lossShare;
        this.faults = faults;
        this.environment = environment;
        Random random = new Random(seed);
        this.energyKwh = Math.round((50_000 + 150_000 * random.nextDouble()) * 100) / 100.0;
        this.volume = Math.round((2_000 + 3_000 * random.nextDouble()) * 100) / 100.0;
        this.hours = Math.floor(2000 + 30_000 * random.nextDouble());
        this.dueDayEnergy = Math.round(energyKwh * (0.8 + 0.15 * random.nextDouble()) * 100) / 100.0;
        this.dueDayVolume = Math.round(volume * (0.8 + 0.15 * random.nextDouble()) * 100) / 100.0;
        this.last = environment.clock().instant();
    }

    @Override
    public synchronized FlowCounters.Snapshot read() {
        double delivered = 0;
        double deliveredVolume = 0;
        double power = 0;
        double flow = 0;
        double supply = Double.NEGATIVE_INFINITY;
        for (FlowCounters household : households) {
            FlowCounters.Snapshot s = household.read();
            delivered += s.deliveredKwh();
            deliveredVolume += s.deliveredCubicMetres();
            power += s.powerKw();
            flow += s.flowCubicMetresPerHour();
            supply = Math.max(supply, s.supply());
        }
        if (!Double.isNaN(lastDeliveredKwh) && !faults.stuck()) {
            energyKwh += (delivered - lastDeliveredKwh) * (1 + lossShare) * faults.drift();
            volume += (deliveredVolume - lastDeliveredVolume) * faults.drift();
        }
        lastDeliveredKwh = delivered;
        lastDeliveredVolume = deliveredVolume;
        Instant now = environment.clock().instant();
        hours += Math.max(0, now.toEpochMilli() - last.toEpochMilli()) / 3_600_000.0;
        last = now;
        double buildingPower = power * (1 + lossShare);
        // the inlet is a little warmer than the flats' supply; the return follows from power and flow
        double inlet = supply + 0.3;
        double outlet = flow > 0 ? inlet - buildingPower / (FlowCounters.KWH_PER_CUBIC_METRE_KELVIN * flow) : inlet;
        return new FlowCounters.Snapshot(now, energyKwh, dueDayEnergy, buildingPower, flow, volume, dueDayVolume, inlet,
                outlet, hours, true, delivered * (1 + lossShare), deliveredVolume);
    }

    @Override
    public boolean valveOpen() {
        return true;
    }

    @Override
    public boolean setValveOpen(boolean open) {
        return false;
    }
}
