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
 * Then the {@link Listed} meters at the addresses given (a line like one on site: meters of one batch
 * sharing long address prefixes, two meters on one address). Each meter's consumption is seeded
 * from the line seed and its address.
 *
 * @param cjt188After       CJ/T 188 heat meters with the unit after the value (standard)
 * @param cjt188Before      CJ/T 188 heat meters with the unit before the value (vendor variant)
 * @param water             CJ/T 188 water meters
 * @param mbus              M-Bus heat meters, at most 250
 * @param dlt645            DL/T 645 electricity meters
 * @param listed            meters at given addresses, after the counted ones
 * @param cjt188Wildcards   which partial wildcard addresses the CJ/T 188 meters answer
 * @param dlt645Abbreviated whether the DL/T 645 meters honour abbreviated addressing
 */
public record MeterPopulation(int cjt188After, int cjt188Before, int water, int mbus, int dlt645, List<Listed> listed,
                              Cjt188Meter.AddressWildcards cjt188Wildcards, boolean dlt645Abbreviated) {
    /** Manufacturer code of the simulated M-Bus meters. */
    public static final String MBUS_MANUFACTURER = "HHS";
    /** Version byte of the simulated M-Bus meters. */
    public static final int MBUS_VERSION = 0x01;
    private static final long MAX_INDEX = 99_999_999L;

    /** The demo line of the hub's simulator: 3 + 3 CJ/T 188 heat, 2 water, 2 M-Bus, 1 DL/T 645. */
    public static final MeterPopulation DEMO = new MeterPopulation(3, 3, 2, 2, 1);

    /** A kind of meter the line can carry. */
    public enum Kind {
        /** CJ/T 188 heat meter, unit after the value. */
        CJT188,
        /** CJ/T 188 heat meter, unit before the value. */
        CJT188_BEFORE,
        /** CJ/T 188 cold water meter. */
        WATER,
        /** M-Bus heat meter; its address is {@code PRIMARY:IDENTIFICATION}, e.g. {@code 3:71000003}. */
        MBUS,
        /** DL/T 645 electricity meter. */
        DLT645;

        /** {@code cjt188}, {@code cjt188-before}, {@code water}, {@code mbus}, {@code dlt645}. */
        public String key() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * One meter at a given address.
     *
     * @param address 14 digits (CJ/T 188), 12 (DL/T 645), {@code PRIMARY:IDENTIFICATION} (M-Bus)
     */
    public record Listed(Kind kind, String address) {
        public Listed {
            java.util.Objects.requireNonNull(kind, "kind");
            java.util.Objects.requireNonNull(address, "address");
        }

        /**
         * {@code KIND:ADDRESS}, e.g. {@code cjt188-before:20200000000101} or {@code mbus:3:71000003}.
         *
         * @throws IllegalArgumentException naming what is wrong
         */
        public static Listed parse(String text) {
            int colon = text.indexOf(':');
            String kind = colon < 0 ? text : text.substring(0, colon);
            for (Kind k : Kind.values()) {
                if (k.key().equals(kind)) {
                    return new Listed(k, text.substring(colon + 1));
                }
            }
            throw new IllegalArgumentException("meter \"" + text + "\": expected KIND:ADDRESS with KIND one of "
                    + java.util.Arrays.stream(Kind.values()).map(Kind::key).toList());
        }
    }

    /** Counted meters only, CJ/T 188 meters accepting AA in the high bytes, DL/T 645 meters as the standard. */
    public MeterPopulation(int cjt188After, int cjt188Before, int water, int mbus, int dlt645) {
        this(cjt188After, cjt188Before, water, mbus, dlt645, List.of(), Cjt188Meter.AddressWildcards.HIGH, true);
    }

    /** Checks the counts. */
    public MeterPopulation {
        listed = List.copyOf(listed);
        java.util.Objects.requireNonNull(cjt188Wildcards, "cjt188Wildcards");
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
        List<Listed> all = new ArrayList<>();
        for (int i = 1; i <= cjt188After; i++) {
            all.add(new Listed(Kind.CJT188, String.format("201%011d", i)));
        }
        for (int i = 1; i <= cjt188Before; i++) {
            all.add(new Listed(Kind.CJT188_BEFORE, String.format("202%011d", i)));
        }
        for (int i = 1; i <= water; i++) {
            all.add(new Listed(Kind.WATER, String.format("101%011d", i)));
        }
        for (int i = 1; i <= mbus; i++) {
            all.add(new Listed(Kind.MBUS, i + ":" + String.format("71%06d", i)));
        }
        for (int i = 1; i <= dlt645; i++) {
            all.add(new Listed(Kind.DLT645, String.format("64%010d", i)));
        }
        all.addAll(listed);
        for (Listed meter : all) {
            meters.add(meter(meter, seed, environment, faults, addresses));
        }
        Set<String> unknown = new HashSet<>(faults.keySet());
        unknown.removeAll(addresses);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("meterFaults: no simulated meter with address "
                    + String.join(", ", unknown.stream().sorted().toList()) + " (the line has " + addresses.size() + " meters, e.g. " + addresses.stream().sorted().findFirst().orElse("none") + ")");
        }
        return meters;
    }

    /** One meter; the M-Bus meters' faults go by identification number. */
    private SimulatedMeter meter(Listed listed, long seed, MeterEnvironment environment, Map<String, Faults> faults,
                                 Set<String> addresses) {
        String address = listed.address();
        return switch (listed.kind()) {
            case CJT188, CJT188_BEFORE, WATER -> new Cjt188Meter(address, listed.kind() == Kind.WATER
                    ? Cjt188Meter.TYPE_WATER : Cjt188Meter.TYPE_HEAT, listed.kind() == Kind.CJT188_BEFORE
                    ? Cjt188Meter.UnitPosition.BEFORE : Cjt188Meter.UnitPosition.AFTER, Cjt188Meter.EnergyUnit.KWH,
                    cjt188Wildcards, seedOf(seed, address), faultsOf(faults, address, addresses), environment);
            case DLT645 -> new Dlt645Meter(address, dlt645Abbreviated, seedOf(seed, address),
                    faultsOf(faults, address, addresses), environment);
            case MBUS -> {
                String[] parts = address.split(":", 2);
                int primary;
                try {
                    primary = Integer.parseInt(parts[0]);
                } catch (NumberFormatException e) {
                    primary = -1;
                }
                if (parts.length != 2 || primary < 0) {
                    throw new IllegalArgumentException("M-Bus meter \"" + address + "\": expected PRIMARY:IDENTIFICATION,"
                            + " e.g. 3:71000003");
                }
                yield new MbusMeter(primary, parts[1], MBUS_MANUFACTURER, MBUS_VERSION, MbusMeter.MEDIUM_HEAT,
                        MbusMeter.EnergyUnit.KWH, seedOf(seed, parts[1]), faultsOf(faults, parts[1], addresses), environment);
            }
        };
    }

    private static Faults faultsOf(Map<String, Faults> faults, String address, Set<String> seen) {
        seen.add(address);
        return faults.getOrDefault(address, Faults.NONE);
    }

    private static long seedOf(long seed, String address) {
        return seed * 1_000_003L + address.hashCode();
    }
}
