package io.heathub.simulator.meters;

import java.io.ByteArrayOutputStream;
import java.time.LocalDateTime;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A CJ/T 188 heat meter (type 20h) or cold water meter (type 10h). Answers:
 * <ul>
 * <li>read data (C 01) of DI {@code 90 1F} or, as some masters send it, {@code 1F 90}: C 81 with the
 * current data, the DI echoed in the order received;</li>
 * <li>read address (C 03, DI {@code 81 0A}), also to the broadcast address AA×7: C 83;</li>
 * <li>write (C 04) of DI {@code A0 17} with 55 (open) or 99 (close): the valve moves, C 84 with the
 * status bytes;</li>
 * <li>anything else addressed to it: an error reply C = C0h + function, data SER ST0 ST1.</li>
 * </ul>
 * Replies start with FE FE FE FE. The unit byte of each 4-byte value comes after the value (the
 * standard) or before it (a widespread vendor variant), see {@link UnitPosition}. Type AA matches
 * any meter; the address AA×7 every meter; partial wildcards as the meter's family does, see
 * {@link AddressWildcards}.
 */
public final class Cjt188Meter implements SimulatedMeter {
    /** Heat meter type byte. */
    public static final int TYPE_HEAT = 0x20;
    /** Cold water meter type byte. */
    public static final int TYPE_WATER = 0x10;
    private static final int WILDCARD = 0xAA;
    private static final int DI_CURRENT_DATA = 0x901F;
    private static final int DI_READ_ADDRESS = 0x810A;
    private static final int DI_VALVE = 0xA017;
    private static final int VALVE_OPEN = 0x55;
    private static final int VALVE_CLOSE = 0x99;
    private static final int UNIT_KWH = 0x05;
    private static final int UNIT_MWH = 0x08;
    private static final int UNIT_KW = 0x17;
    private static final int UNIT_CUBIC_METRE = 0x2C;
    private static final int UNIT_CUBIC_METRE_PER_HOUR = 0x35;
    private static final Pattern ADDRESS = Pattern.compile("[0-9]{14}");

    /** Where the unit byte of a 4-byte value goes. */
    public enum UnitPosition {
        /** After the value, as the standard says. */
        AFTER,
        /** Before the value (vendor variant). */
        BEFORE;

        /** {@code after} / {@code before}, as the hub's {@code unitPosition} setting spells it. */
        public String setting() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Which requests with AA address bytes the meter's family answers besides the broadcast AA×7. */
    public enum AddressWildcards {
        /** None: the standard has no partial wildcard, only the broadcast. */
        NONE,
        /**
         * AA in the high bytes above real low bytes ({@code AA AA … 01} least significant byte
         * first on the wire: printed {@code AAAAAAAAAAAA01}), as DL/T 645's abbreviated addressing;
         * an AA below a real byte is no wildcard, so such a request is not for this meter.
         */
        HIGH
    }

    /** The unit the heat counters are sent in. */
    public enum EnergyUnit {
        /** kWh, code 05: XXXXXX.XX kWh. */
        KWH,
        /** MWh, code 08: XXXXXX.XX MWh (coarse: 10 kWh steps). */
        MWH
    }

    private final String address;
    private final byte[] addressBytes;
    private final int type;
    private final UnitPosition unitPosition;
    private final EnergyUnit energyUnit;
    private final Faults faults;
    private final MeterEnvironment environment;
    private final Counters counters;
    private final long clockOffsetSeconds;
    private final AddressWildcards wildcards;

    /**
     * @param address      14 digits as printed on the meter (most significant first)
     * @param type         {@link #TYPE_HEAT} or {@link #TYPE_WATER} (10h..19h)
     * @param unitPosition where the unit byte goes (ignored by nothing: water meters have units too)
     * @param energyUnit   unit of the heat counters (heat meters)
     * @param seed         makes this meter's consumption differ, reproducibly
     */
    public Cjt188Meter(String address, int type, UnitPosition unitPosition, EnergyUnit energyUnit, long seed,
                       Faults faults, MeterEnvironment environment) {
        this(address, type, unitPosition, energyUnit, AddressWildcards.HIGH, seed, faults, environment);
    }

    /**
     * @param address      14 digits as printed on the meter (most significant first)
     * @param type         {@link #TYPE_HEAT} or {@link #TYPE_WATER} (10h..19h)
     * @param unitPosition where the unit byte goes
     * @param energyUnit   unit of the heat counters (heat meters)
     * @param wildcards    which partial wildcard addresses the meter answers
     * @param seed         makes this meter's consumption differ, reproducibly
     */
    public Cjt188Meter(String address, int type, UnitPosition unitPosition, EnergyUnit energyUnit,
                       AddressWildcards wildcards, long seed, Faults faults, MeterEnvironment environment) {
        this(address, type, unitPosition, energyUnit, wildcards, seed, faults, environment,
                new FlowCounters(seed, type == TYPE_HEAT, faults, environment));
    }

    /** A heat meter counting what {@code counters} count (a building meter over its households' meters). */
    Cjt188Meter(String address, int type, UnitPosition unitPosition, EnergyUnit energyUnit, AddressWildcards wildcards,
                long seed, Faults faults, MeterEnvironment environment, Counters counters) {
        if (address == null || !ADDRESS.matcher(address).matches()) {
            throw new IllegalArgumentException("CJ/T 188 address must be 14 digits, got \"" + address + "\"");
        }
        if (type != TYPE_HEAT && (type < 0x10 || type > 0x19)) {
            throw new IllegalArgumentException(String.format(
                    "CJ/T 188 meter type %02X is not simulated: heat 20 or water 10..19", type));
        }
        this.address = address;
        this.addressBytes = Bcd.address(address);
        this.type = type;
        this.unitPosition = Objects.requireNonNull(unitPosition, "unitPosition");
        this.energyUnit = Objects.requireNonNull(energyUnit, "energyUnit");
        this.wildcards = Objects.requireNonNull(wildcards, "wildcards");
        this.faults = Objects.requireNonNull(faults, "faults");
        this.environment = Objects.requireNonNull(environment, "environment");
        this.counters = Objects.requireNonNull(counters, "counters");
        // battery meters' clocks wander a little
        this.clockOffsetSeconds = new java.util.Random(seed ^ 0x5DEECE66DL).nextInt(121) - 60;
    }

    /** What this meter counts (a building meter sums its households'). */
    Counters counters() {
        return counters;
    }

    /** The 14-digit address. */
    public String address() {
        return address;
    }

    /** The meter type byte. */
    public int type() {
        return type;
    }

    /** Where the unit bytes go. */
    public UnitPosition unitPosition() {
        return unitPosition;
    }

    /** Whether the valve is open. */
    public boolean valveOpen() {
        return counters.valveOpen();
    }

    @Override
    public String protocol() {
        return "cjt188";
    }

    @Override
    public String describe() {
        return String.format("cjt188 %s %s type=%02X unitPosition=%s%s%s", type == TYPE_HEAT ? "heat" : "water", address,
                type, unitPosition.setting(), wildcards == AddressWildcards.NONE ? " wildcards=none" : "",
                faultNote(faults));
    }

    @Override
    public Optional<byte[]> answer(LineFrame request) {
        if (faults.offline() || !(request instanceof LineFrame.Cjt188 frame)) {
            return Optional.empty();
        }
        if ((frame.control() & 0x80) != 0 || !typeMatches(frame.type()) || !addressMatches(frame.address())
                || frame.body().length < 3) {
            return Optional.empty();
        }
        byte[] body = frame.body();
        int function = frame.control() & 0x3F;
        int di = (body[0] & 0xFF) << 8 | (body[1] & 0xFF);
        int ser = body[2] & 0xFF;
        boolean current = di == DI_CURRENT_DATA || di == swap(DI_CURRENT_DATA);
        boolean readAddress = di == DI_READ_ADDRESS || di == swap(DI_READ_ADDRESS);
        boolean valve = di == DI_VALVE || di == swap(DI_VALVE);
        if (function == 0x01 && current) {
            return Optional.of(reply(0x81, body[0], body[1], ser, type == TYPE_HEAT ? heatData() : waterData()));
        }
        if (function == 0x03 && readAddress) {
            return Optional.of(reply(0x83, body[0], body[1], ser, new byte[0]));
        }
        if (function == 0x04 && valve && body.length == 4
                && ((body[3] & 0xFF) == VALVE_OPEN || (body[3] & 0xFF) == VALVE_CLOSE)
                && counters.setValveOpen((body[3] & 0xFF) == VALVE_OPEN)) {
            return Optional.of(reply(0x84, body[0], body[1], ser, status()));
        }
        for (byte b : frame.address()) {
            if ((b & 0xFF) == WILDCARD) {
                return Optional.empty(); // nobody answers errors to a wildcard address
            }
        }
        return Optional.of(errorReply(0xC0 | function, ser));
    }

    private boolean typeMatches(int requested) {
        return requested == type || requested == WILDCARD;
    }

    /**
     * The meter's own address, the broadcast, or (a family with {@link AddressWildcards#HIGH}) AA in
     * the high bytes and the meter's own bytes below them.
     */
    private boolean addressMatches(byte[] requested) {
        if (isBroadcast(requested)) {
            return true;
        }
        boolean wildcardAbove = false;
        for (int i = 6; i >= 0; i--) {
            boolean wildcard = (requested[i] & 0xFF) == WILDCARD;
            if (wildcard && (wildcards == AddressWildcards.NONE || i < 6 && !wildcardAbove)) {
                return false; // no partial wildcards, or an AA below a real byte: not an address of ours
            }
            wildcardAbove = wildcard;
            if (!wildcard && requested[i] != addressBytes[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean isBroadcast(byte[] requested) {
        for (byte b : requested) {
            if ((b & 0xFF) != WILDCARD) {
                return false;
            }
        }
        return true;
    }

    private static int swap(int di) {
        return (di & 0xFF) << 8 | di >> 8;
    }

    /** The 901F data of a heat meter, after DI0 DI1 SER (L = 2E). */
    private byte[] heatData() {
        FlowCounters.Snapshot s = counters.read();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        double energyFactor = energyUnit == EnergyUnit.MWH ? 0.001 : 1;
        int energyCode = energyUnit == EnergyUnit.MWH ? UNIT_MWH : UNIT_KWH;
        valueWithUnit(out, s.dueDayEnergyKwh() * energyFactor, 2, energyCode);
        valueWithUnit(out, s.energyKwh() * energyFactor, 2, energyCode);
        valueWithUnit(out, s.powerKw(), 2, UNIT_KW);
        valueWithUnit(out, s.flowCubicMetresPerHour(), 4, UNIT_CUBIC_METRE_PER_HOUR);
        valueWithUnit(out, s.volumeCubicMetres(), 2, UNIT_CUBIC_METRE);
        out.writeBytes(Bcd.encode(s.supply(), 3, 2));
        out.writeBytes(Bcd.encode(s.returnTemperature(), 3, 2));
        out.writeBytes(Bcd.encode(Math.floor(s.hours()), 3, 0));
        out.writeBytes(clock());
        out.writeBytes(status());
        return out.toByteArray();
    }

    /** The 901F data of a water meter, after DI0 DI1 SER (L = 16). */
    private byte[] waterData() {
        FlowCounters.Snapshot s = counters.read();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        valueWithUnit(out, s.volumeCubicMetres(), 2, UNIT_CUBIC_METRE);
        valueWithUnit(out, s.dueDayVolumeCubicMetres(), 2, UNIT_CUBIC_METRE);
        out.writeBytes(clock());
        out.writeBytes(status());
        return out.toByteArray();
    }

    private void valueWithUnit(ByteArrayOutputStream out, double value, int decimals, int unit) {
        if (unitPosition == UnitPosition.BEFORE) {
            out.write(unit);
        }
        // the counters are truncated, not rounded, like a register that has not yet reached the next step
        double truncated = Math.floor(value * Math.pow(10, decimals)) / Math.pow(10, decimals);
        out.writeBytes(Bcd.encode(truncated, 4, decimals));
        if (unitPosition == UnitPosition.AFTER) {
            out.write(unit);
        }
    }

    /** ss mm hh DD MM YY CC, local time of the line's zone. */
    private byte[] clock() {
        LocalDateTime t = LocalDateTime.ofInstant(environment.clock().instant().plusSeconds(clockOffsetSeconds),
                environment.zone());
        return new byte[] {Bcd.pair(t.getSecond()), Bcd.pair(t.getMinute()), Bcd.pair(t.getHour()),
            Bcd.pair(t.getDayOfMonth()), Bcd.pair(t.getMonthValue()), Bcd.pair(t.getYear() % 100),
            Bcd.pair(t.getYear() / 100)};
    }

    /** ST0 ST1: D0 valve closed; a stuck counter shows as nothing (that is the point of the fault). */
    private byte[] status() {
        return new byte[] {(byte) (counters.valveOpen() ? 0x00 : 0x01), 0x00};
    }

    private byte[] reply(int control, byte di0, byte di1, int ser, byte[] data) {
        byte[] body = new byte[3 + data.length];
        body[0] = di0;
        body[1] = di1;
        body[2] = (byte) ser;
        System.arraycopy(data, 0, body, 3, data.length);
        return frame(control, body);
    }

    private byte[] errorReply(int control, int ser) {
        byte[] st = status();
        return frame(control, new byte[] {(byte) ser, st[0], st[1]});
    }

    /** FE FE FE FE 68 T A0..A6 C L body CS 16. */
    private byte[] frame(int control, byte[] body) {
        int wake = 4;
        byte[] out = new byte[wake + 13 + body.length];
        for (int i = 0; i < wake; i++) {
            out[i] = (byte) 0xFE;
        }
        out[wake] = 0x68;
        out[wake + 1] = (byte) type;
        System.arraycopy(addressBytes, 0, out, wake + 2, 7);
        out[wake + 9] = (byte) control;
        out[wake + 10] = (byte) body.length;
        System.arraycopy(body, 0, out, wake + 11, body.length);
        out[wake + 11 + body.length] = Bcd.checksum(out, wake, wake + 11 + body.length);
        out[wake + 12 + body.length] = 0x16;
        return out;
    }

    static String faultNote(Faults faults) {
        if (faults.equals(Faults.NONE)) {
            return "";
        }
        StringBuilder s = new StringBuilder(" faults:");
        if (faults.drift() != 1.0) {
            s.append(" drift=").append(faults.drift());
        }
        if (faults.stuck()) {
            s.append(" stuck");
        }
        if (faults.offline()) {
            s.append(" offline");
        }
        return s.toString();
    }
}
