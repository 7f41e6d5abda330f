package io.heathub.simulator.meters;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Pattern;

/**
 * A DL/T 645-2007 three-phase electricity meter (a circulation pump's supply, say). Answers read
 * data (C 11) with C 91 for the identifiers below, an error reply C D1 with error byte 02 ("no
 * data requested") for any other identifier, and read address (C 13, usually to AA×6) with C 93.
 * Every data byte travels plus 33h; replies start with FE FE FE FE. Addresses follow DL/T 645-2007
 * §4.2: the meter's own, or abbreviated — the high bytes AAh as wildcards above its own low bytes
 * (an AA below a real byte is no wildcard); a meter that does not honour abbreviated addressing
 * answers AA×6 only. The broadcast 99…99 is never answered.
 *
 * <table>
 * <caption>Data identifiers (DI3 DI2 DI1 DI0)</caption>
 * <tr><td>00 00 00 00</td><td>combined active energy, XXXXXX.XX kWh, signed</td></tr>
 * <tr><td>00 01 00 00</td><td>forward active energy, XXXXXX.XX kWh</td></tr>
 * <tr><td>00 02 00 00</td><td>reverse active energy, XXXXXX.XX kWh (0: a pump does not feed back)</td></tr>
 * <tr><td>02 01 01 00</td><td>phase A voltage, XXX.X V</td></tr>
 * <tr><td>02 02 01 00</td><td>phase A current, XXX.XXX A, signed</td></tr>
 * <tr><td>02 03 00 00</td><td>total active power, XX.XXXX kW, signed</td></tr>
 * <tr><td>02 06 00 00</td><td>total power factor, X.XXX, signed</td></tr>
 * <tr><td>02 80 00 02</td><td>frequency, XX.XX Hz</td></tr>
 * <tr><td>04 00 01 01</td><td>the meter's date and week day, YYMMDDWW (0 = Sunday), local time of the line's zone</td></tr>
 * <tr><td>04 00 01 02</td><td>the meter's time, hhmmss; the clock wanders up to a minute off, like a battery meter's</td></tr>
 * </table>
 */
public final class Dlt645Meter implements SimulatedMeter {
    /** Error byte bit D1: no data requested (unknown identifier). */
    public static final int ERROR_NO_DATA = 0x02;
    /** Error byte bit D0: other error. */
    public static final int ERROR_OTHER = 0x01;
    private static final int WILDCARD = 0xAA;
    private static final int READ_DATA = 0x11;
    private static final int READ_ADDRESS = 0x13;
    private static final int MASK = 0x33;
    private static final int CLOCK_DATE = 0x04000101;
    private static final int CLOCK_TIME = 0x04000102;
    private static final Pattern ADDRESS = Pattern.compile("[0-9]{12}");

    /** A value format: bytes, decimals, sign bit. */
    private record Format(int bytes, int decimals, boolean signed) {
    }

    private static final Map<Integer, Format> FORMATS = Map.of(
            0x00000000, new Format(4, 2, true),
            0x00010000, new Format(4, 2, false),
            0x00020000, new Format(4, 2, false),
            0x02010100, new Format(2, 1, false),
            0x02020100, new Format(3, 3, true),
            0x02030000, new Format(3, 4, true),
            0x02060000, new Format(2, 3, true),
            0x02800002, new Format(2, 2, false));

    private final String address;
    private final byte[] addressBytes;
    private final Faults faults;
    private final MeterEnvironment environment;
    private final double basePowerKw;
    private final double powerFactor;
    private final double phase;
    private final boolean abbreviatedAddressing;
    private final long clockOffsetSeconds;
    private double energyKwh;
    private Instant last;

    /**
     * @param address 12 digits as printed (most significant first)
     * @param seed    makes the load differ, reproducibly
     */
    public Dlt645Meter(String address, long seed, Faults faults, MeterEnvironment environment) {
        this(address, true, seed, faults, environment);
    }

    /**
     * @param address               12 digits as printed (most significant first)
     * @param abbreviatedAddressing whether the meter answers abbreviated addresses (AA high bytes);
     *                              false: only its own address and AA×6
     * @param seed                  makes the load differ, reproducibly
     */
    public Dlt645Meter(String address, boolean abbreviatedAddressing, long seed, Faults faults,
                       MeterEnvironment environment) {
        if (address == null || !ADDRESS.matcher(address).matches()) {
            throw new IllegalArgumentException("DL/T 645 address must be 12 digits, got \"" + address + "\"");
        }
        Random random = new Random(seed);
        this.address = address;
        this.addressBytes = Bcd.address(address);
        this.faults = Objects.requireNonNull(faults, "faults");
        this.environment = Objects.requireNonNull(environment, "environment");
        this.abbreviatedAddressing = abbreviatedAddressing;
        this.basePowerKw = 1.5 + 6 * random.nextDouble();
        this.powerFactor = 0.85 + 0.1 * random.nextDouble();
        this.phase = 2 * Math.PI * random.nextDouble();
        this.energyKwh = Math.round((5_000 + 50_000 * random.nextDouble()) * 100) / 100.0;
        this.clockOffsetSeconds = random.nextInt(121) - 60;
        this.last = environment.clock().instant();
    }

    /** The 12-digit address. */
    public String address() {
        return address;
    }

    @Override
    public String protocol() {
        return "dlt645";
    }

    @Override
    public String describe() {
        return "dlt645 electricity " + address + (abbreviatedAddressing ? "" : " abbreviated=no")
                + Cjt188Meter.faultNote(faults);
    }

    @Override
    public synchronized Optional<byte[]> answer(LineFrame request) {
        if (faults.offline() || !(request instanceof LineFrame.Dlt645 frame)) {
            return Optional.empty();
        }
        if ((frame.control() & 0x80) != 0 || !addressMatches(frame.address())) {
            return Optional.empty();
        }
        int function = frame.control() & 0x1F;
        if (function == READ_ADDRESS) {
            return Optional.of(frame(0x80 | READ_ADDRESS, addressBytes));
        }
        if (function != READ_DATA) {
            return Optional.of(frame(0xC0 | function, new byte[] {ERROR_OTHER}));
        }
        byte[] data = frame.data();
        if (data.length < 4) {
            return Optional.of(frame(0xC0 | READ_DATA, new byte[] {ERROR_OTHER}));
        }
        int identifier = (data[0] & 0xFF) | (data[1] & 0xFF) << 8 | (data[2] & 0xFF) << 16 | (data[3] & 0xFF) << 24;
        if (identifier == CLOCK_DATE || identifier == CLOCK_TIME) {
            byte[] clock = clock(identifier);
            byte[] reply = new byte[4 + clock.length];
            System.arraycopy(data, 0, reply, 0, 4);
            System.arraycopy(clock, 0, reply, 4, clock.length);
            return Optional.of(frame(0x80 | READ_DATA, reply));
        }
        Format format = FORMATS.get(identifier);
        if (format == null) {
            return Optional.of(frame(0xC0 | READ_DATA, new byte[] {ERROR_NO_DATA}));
        }
        byte[] value = Bcd.encode(value(identifier), format.bytes(), format.decimals(), format.signed());
        byte[] reply = new byte[4 + value.length];
        System.arraycopy(data, 0, reply, 0, 4);
        System.arraycopy(value, 0, reply, 4, value.length);
        return Optional.of(frame(0x80 | READ_DATA, reply));
    }

    /** Its own address, AA×6, or (honouring abbreviated addressing) AA high bytes above its own low bytes. */
    private boolean addressMatches(byte[] requested) {
        int wildcards = 0;
        while (wildcards < 6 && (requested[5 - wildcards] & 0xFF) == WILDCARD) {
            wildcards++;
        }
        if (wildcards > 0 && wildcards < 6 && !abbreviatedAddressing) {
            return false;
        }
        for (int i = 0; i < 6 - wildcards; i++) {
            if (requested[i] != addressBytes[i]) {
                return false; // another meter's byte, or an AA below a real byte
            }
        }
        return true;
    }

    private double value(int identifier) {
        Instant now = environment.clock().instant();
        double power = powerAt(now);
        double seconds = (now.toEpochMilli() - last.toEpochMilli()) / 1000.0;
        if (seconds > 0) {
            if (!faults.stuck()) {
                // the load changes slowly: the power at the middle of the interval is good enough
                energyKwh += powerAt(last.plusMillis(Math.round(seconds * 500))) * seconds / 3600 * faults.drift();
            }
            last = now;
        }
        double voltage = 220 + 3 * Math.sin(2 * Math.PI * epochSeconds(now) / 600 + phase);
        return switch (identifier) {
            case 0x00000000, 0x00010000 -> Math.floor(energyKwh * 100) / 100;
            case 0x00020000 -> 0;
            case 0x02010100 -> voltage;
            case 0x02020100 -> power * 1000 / (3 * voltage * powerFactor);
            case 0x02030000 -> power;
            case 0x02060000 -> powerFactor;
            case 0x02800002 -> 50 + 0.04 * Math.sin(2 * Math.PI * epochSeconds(now) / 120 + phase);
            default -> throw new IllegalArgumentException("identifier " + Integer.toHexString(identifier));
        };
    }

    /** WW DD MM YY or ss mm hh (least significant first), local time of the line's zone. */
    private byte[] clock(int identifier) {
        java.time.LocalDateTime t = java.time.LocalDateTime.ofInstant(
                environment.clock().instant().plusSeconds(clockOffsetSeconds), environment.zone());
        return identifier == CLOCK_DATE
                ? new byte[] {Bcd.pair(t.getDayOfWeek().getValue() % 7), Bcd.pair(t.getDayOfMonth()),
                    Bcd.pair(t.getMonthValue()), Bcd.pair(t.getYear() % 100)}
                : new byte[] {Bcd.pair(t.getSecond()), Bcd.pair(t.getMinute()), Bcd.pair(t.getHour())};
    }

    private double powerAt(Instant time) {
        return basePowerKw * (1 + 0.1 * Math.sin(2 * Math.PI * epochSeconds(time) / 1800 + phase));
    }

    private static double epochSeconds(Instant time) {
        return time.getEpochSecond() + time.getNano() / 1e9;
    }

    /** FE FE FE FE 68 A0..A5 68 C L data+33h CS 16. */
    private byte[] frame(int control, byte[] data) {
        int wake = 4;
        byte[] out = new byte[wake + 12 + data.length];
        for (int i = 0; i < wake; i++) {
            out[i] = (byte) 0xFE;
        }
        out[wake] = 0x68;
        System.arraycopy(addressBytes, 0, out, wake + 1, 6);
        out[wake + 7] = 0x68;
        out[wake + 8] = (byte) control;
        out[wake + 9] = (byte) data.length;
        for (int i = 0; i < data.length; i++) {
            out[wake + 10 + i] = (byte) (data[i] + MASK);
        }
        out[wake + 10 + data.length] = Bcd.checksum(out, wake, wake + 10 + data.length);
        out[wake + 11 + data.length] = 0x16;
        return out;
    }
}
