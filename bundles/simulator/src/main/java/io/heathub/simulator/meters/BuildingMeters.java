package io.heathub.simulator.meters;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Building inlet heat meters on a line: CJ/T 188 heat meters (type 20, unit after the value) whose
 * counters are what really went through their households' meters on the same line — their faults
 * do not reach it — plus the heat lost in the building's pipes, with the building meter's own faults
 * (a drifting building meter). Meter health's building-against-households check compares them.
 */
public final class BuildingMeters {
    private static final Pattern CJT188_ADDRESS = Pattern.compile("\\d{14}");

    /**
     * One building meter.
     *
     * @param address    its CJ/T 188 address (14 digits)
     * @param households the addresses of its household heat meters (CJ/T 188, or M-Bus identification numbers)
     */
    public record Spec(String address, List<String> households) {
        public Spec {
            Objects.requireNonNull(address, "address");
            households = List.copyOf(households);
        }
    }

    private BuildingMeters() {
    }

    /**
     * Parses {@code 20300000000001=20100000000001+20100000000002, 20300000000002=…}; blank = none.
     *
     * @throws IllegalArgumentException naming the entry and what is wrong with it
     */
    public static List<Spec> parse(String text) {
        List<Spec> out = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return out;
        }
        String[] entries = text.split(",");
        for (int i = 0; i < entries.length; i++) {
            String entry = entries[i].trim();
            String where = "buildingMeters entry " + (i + 1) + " \"" + entry + "\"";
            String[] parts = entry.split("=", 2);
            if (parts.length != 2 || !CJT188_ADDRESS.matcher(parts[0].trim()).matches() || parts[1].isBlank()) {
                throw new IllegalArgumentException(where + ": expected ADDRESS=HOUSEHOLD+HOUSEHOLD…, the building meter's"
                        + " 14-digit CJ/T 188 address, e.g. 20300000000001=20100000000001+20100000000002");
            }
            List<String> households = new ArrayList<>();
            for (String household : parts[1].split("\\+")) {
                if (household.isBlank()) {
                    throw new IllegalArgumentException(where + ": an empty household meter address");
                }
                households.add(household.trim());
            }
            out.add(new Spec(parts[0].trim(), households));
        }
        return out;
    }

    /**
     * {@code meters} followed by the building meters.
     *
     * @param lossPercent heat lost in the buildings' pipes, % of the households' heat
     * @param faults      faults by address; those of building meters are used here
     * @throws IllegalArgumentException when a household address is not a heat meter of {@code meters},
     *                                  or a building address is already taken
     */
    public static List<SimulatedMeter> add(List<SimulatedMeter> meters, List<Spec> buildings, double lossPercent,
                                           long seed, Map<String, Faults> faults, MeterEnvironment environment) {
        Map<String, FlowCounters> heatMeters = new LinkedHashMap<>();
        List<String> taken = new ArrayList<>();
        for (SimulatedMeter meter : meters) {
            if (meter instanceof Cjt188Meter cjt188) {
                taken.add(cjt188.address());
                if (cjt188.type() == Cjt188Meter.TYPE_HEAT && cjt188.counters() instanceof FlowCounters counters) {
                    heatMeters.put(cjt188.address(), counters);
                }
            } else if (meter instanceof MbusMeter mbus && mbus.counters() instanceof FlowCounters counters) {
                heatMeters.put(mbus.identification(), counters);
            }
        }
        List<SimulatedMeter> out = new ArrayList<>(meters);
        for (Spec building : buildings) {
            if (taken.contains(building.address())) {
                throw new IllegalArgumentException("buildingMeters: address " + building.address() + " is already a meter"
                        + " of the line");
            }
            taken.add(building.address());
            List<FlowCounters> households = new ArrayList<>();
            for (String household : building.households()) {
                FlowCounters counters = heatMeters.get(household);
                if (counters == null) {
                    throw new IllegalArgumentException("buildingMeters: building meter " + building.address()
                            + ": no heat meter " + household + " on the line (heat meters: "
                            + String.join(", ", heatMeters.keySet()) + ")");
                }
                households.add(counters);
            }
            long meterSeed = seed * 1_000_003L + building.address().hashCode();
            Faults own = faults.getOrDefault(building.address(), Faults.NONE);
            Counters counters = new BuildingCounters(households, lossPercent / 100, meterSeed, own, environment);
            out.add(new Cjt188Meter(building.address(), Cjt188Meter.TYPE_HEAT, Cjt188Meter.UnitPosition.AFTER,
                    Cjt188Meter.EnergyUnit.KWH, Cjt188Meter.AddressWildcards.HIGH, meterSeed, own, environment, counters));
        }
        return out;
    }

    /** The building meters' addresses of {@code buildings} (their faults are theirs, not the line's others'). */
    public static List<String> addresses(List<Spec> buildings) {
        return buildings.stream().map(Spec::address).toList();
    }
}
