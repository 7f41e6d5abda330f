package io.heathub.simulator.meters;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How many meters of each kind a line carries, and their deterministic addresses (index i counts
 * from 1 within its kind):
 * <ul>
 * <li>CJ/T 188 heat meters, unit after value: {@code 201} + i as 11 digits, e.g. 20100000000001;</li>
 * <li>CJ/T 188 heat meters, unit before value: {@code 202} + i, e.g. 20200000000001;</li>
 * <li>CJ/T 188 cold water meters (type 10h): {@code 101} + i, e.g. 10100000000001;</li>
 * <li>M-Bus heat meters: primary address i, secondary {@code 71} + i as 6 digits, manufacturer
 * HHS, version 01, medium 04 (heat), energy in kWh: 71000001.HHS.01.04;</li>
 * <li>DL/T 645 meters: {@code 64} + i as 10 digits, e.g. 640000000001.</li>
 * </ul>
 * Each meter's consumption is seeded from the line seed and its address.
 *
 * @param cjt188After  CJ/T 188 heat meters with the unit after the value (standard)
 * @param cjt188Before CJ/T 188 heat meters with the unit before the value (vendor variant)
 * @param water        CJ/T 188 water meters
 * @param mbus         M-Bus heat meters, at most 250
 * @param dlt645       DL/T 645 electricity meters
 */
public record MeterPopulation(int cjt188After, int cjt188Before, int water, int mbus, int dlt645) {
    /** Manufacturer code of the simulated M-Bus meters. */
    public static final String MBUS_MANUFACTURER = "HHS";
    /** Version byte of the simulated M-Bus meters. */
    public static final int MBUS_VERSION = 0x01;
    private static final long MAX_INDEX = 99_999_999L;

    /** The demo line of the hub's simulator: 3 + 3 CJ/T 188 heat, 2 water, 2 M-Bus, 1 DL/T 645. */
    public static final MeterPopulation DEMO = new MeterPopulation(3, 3, 2, 2, 1);

    /** Checks the counts. */
    public MeterPopulation {
        check("cjt188After", cjt188After, MAX_INDEX);
        check("cjt188Before", cjt188Before, MAX_INDEX);
        check("water", water, MAX_INDEX);
        check("mbus", mbus, 250);
        check("dlt645", dlt645, MAX_INDEX);
    }

    private static void check(String name, int count, long max) {
        if (count < 0 || count > max) {
            throw new IllegalArgumentException(name + " meter count must be 0.." + max + ", got " + count);
        }
    }

    /** All meters, in the order above, healthy. */
    public List<SimulatedMeter> build(long seed, MeterEnvironment environment) {
        return build(seed, environment, Map.of());
    }

    /**
     * All meters, in the order above, with the given faults by address (M-Bus: identification number).
     *
     * @throws IllegalArgumentException when a fault names a meter this population does not have
     */
    public List<SimulatedMeter> build(long seed, MeterEnvironment environment, Map<String, Faults> faults) {
        Set<String> addresses = new HashSet<>();
        List<SimulatedMeter> meters = new ArrayList<>();
        for (int i = 1; i <= cjt188After; i++) {
            String address = String.format("201%011d", i);
            meters.add(new Cjt188Meter(address, Cjt188Meter.TYPE_HEAT, Cjt188Meter.UnitPosition.AFTER,
                    Cjt188Meter.EnergyUnit.KWH, seedOf(seed, address), faultsOf(faults, address, addresses), environment));
        }
        for (int i = 1; i <= cjt188Before; i++) {
            String address = String.format("202%011d", i);
            meters.add(new Cjt188Meter(address, Cjt188Meter.TYPE_HEAT, Cjt188Meter.UnitPosition.BEFORE,
                    Cjt188Meter.EnergyUnit.KWH, seedOf(seed, address), faultsOf(faults, address, addresses), environment));
        }
        for (int i = 1; i <= water; i++) {
            String address = String.format("101%011d", i);
            meters.add(new Cjt188Meter(address, Cjt188Meter.TYPE_WATER, Cjt188Meter.UnitPosition.AFTER,
                    Cjt188Meter.EnergyUnit.KWH, seedOf(seed, address), faultsOf(faults, address, addresses), environment));
        }
        for (int i = 1; i <= mbus; i++) {
            String identification = String.format("71%06d", i);
            meters.add(new MbusMeter(i, identification, MBUS_MANUFACTURER, MBUS_VERSION, MbusMeter.MEDIUM_HEAT,
                    MbusMeter.EnergyUnit.KWH, seedOf(seed, identification), faultsOf(faults, identification, addresses), environment));
        }
        for (int i = 1; i <= dlt645; i++) {
            String address = String.format("64%010d", i);
            meters.add(new Dlt645Meter(address, seedOf(seed, address), faultsOf(faults, address, addresses), environment));
        }
        Set<String> unknown = new HashSet<>(faults.keySet());
        unknown.removeAll(addresses);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("meterFaults: no simulated meter with address "
                    + String.join(", ", unknown.stream().sorted().toList()) + " (the line has " + addresses.size() + " meters, e.g. " + addresses.stream().sorted().findFirst().orElse("none") + ")");
        }
        return meters;
    }

    private static Faults faultsOf(Map<String, Faults> faults, String address, Set<String> seen) {
        seen.add(address);
        return faults.getOrDefault(address, Faults.NONE);
    }

    private static long seedOf(long seed, String address) {
        return seed * 1_000_003L + address.hashCode();
    }
}
