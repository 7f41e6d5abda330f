package io.heathub.simulator.meters;

import java.io.ByteArrayOutputStream;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A wired M-Bus (EN 13757-2/-3) heat meter.
 * <ul>
 * <li>SND_NKE ({@code 10 40 A CS 16}) to its primary address, or to 253 while selected: E5 (and it
 * is deselected); to 255: deselected, silent.</li>
 * <li>REQ_UD2 ({@code 10 5B/7B A CS 16}) to its primary address, to 253 while selected, or to 254
 * (test address, every meter answers): RSP_UD, a long frame with CI 72 and the variable data
 * records energy, volume, power, flow, supply and return temperature, operating hours and the
 * due-day energy (storage 1).</li>
 * <li>SND_UD ({@code 68 L L 68 53/73 FD 52 …}) select by secondary address: 8 data bytes, the
 * identification number BCD (least significant byte first, F nibbles are wildcards), manufacturer
 * (FF FF any), version (FF any), medium (FF any). A matching meter is selected and answers E5; a
 * meter that does not match is deselected and stays silent.</li>
 * <li>other SND_UD to its address: E5.</li>
 * </ul>
 */
public final class MbusMeter implements SimulatedMeter {
    /** Medium byte of a heat meter (outlet). */
    public static final int MEDIUM_HEAT = 0x04;
    /** Network-layer address of the selected meter. */
    public static final int ADDRESS_SELECTED = 253;
    /** Test address: every meter answers. */
    public static final int ADDRESS_TEST = 254;
    /** Broadcast: nobody answers. */
    public static final int ADDRESS_BROADCAST = 255;
    private static final int ACK = 0xE5;
    private static final int CI_SELECT = 0x52;
    private static final int CI_RESPONSE_LONG_HEADER = 0x72;
    private static final Pattern IDENTIFICATION = Pattern.compile("[0-9]{8}");
    private static final Pattern MANUFACTURER = Pattern.compile("[A-Z]{3}");

    /** The unit the energy records are sent in. */
    public enum EnergyUnit {
        /** VIF 03, 8 BCD digits of Wh. */
        WH,
        /** VIF 06, 8 BCD digits of kWh. */
        KWH,
        /** VIF FB 01 (1 MWh), a 32-bit real. */
        MWH
    }

    private final int primaryAddress;
    private final String identification;
    private final String manufacturer;
    private final int version;
    private final int medium;
    private final EnergyUnit energyUnit;
    private final Faults faults;
    private final Counters counters;
    private boolean selected;
    private int accessNumber;

    /** What this meter counts. */
    Counters counters() {
        return counters;
    }

    /** The 8-digit identification (secondary) number. */
    String identification() {
        return identification;
    }

    /**
     * @param primaryAddress 0..250
     * @param identification the 8-digit identification (secondary) number
     * @param manufacturer   three capital letters
     * @param version        version byte
     * @param medium         medium byte ({@link #MEDIUM_HEAT})
     * @param seed           makes the consumption differ, reproducibly
     */
    public MbusMeter(int primaryAddress, String identification, String manufacturer, int version, int medium,
                     EnergyUnit energyUnit, long seed, Faults faults, MeterEnvironment environment) {
        if (primaryAddress < 0 || primaryAddress > 250) {
            throw new IllegalArgumentException("M-Bus primary address must be 0..250, got " + primaryAddress);
        }
        if (identification == null || !IDENTIFICATION.matcher(identification).matches()) {
            throw new IllegalArgumentException("M-Bus identification number must be 8 digits, got \"" + identification
                    + "\"");
        }
        if (manufacturer == null || !MANUFACTURER.matcher(manufacturer).matches()) {
            throw new IllegalArgumentException("M-Bus manufacturer must be three capital letters, got \"" + manufacturer
                    + "\"");
        }
        if (version < 0 || version > 0xFF || medium < 0 || medium > 0xFF) {
            throw new IllegalArgumentException("M-Bus version and medium are bytes, got " + version + ", " + medium);
        }
        this.primaryAddress = primaryAddress;
        this.identification = identification;
        this.manufacturer = manufacturer;
        this.version = version;
        this.medium = medium;
        this.energyUnit = Objects.requireNonNull(energyUnit, "energyUnit");
        this.faults = Objects.requireNonNull(faults, "faults");
        this.counters = new FlowCounters(seed, true, faults, Objects.requireNonNull(environment, "environment"));
        this.accessNumber = (int) (seed & 0xFF);
    }

    /** The primary address. */
    public int primaryAddress() {
        return primaryAddress;
    }

    /** The secondary address as the hub's site file writes it: {@code 71000001.HHS.01.04}. */
    public String secondaryAddress() {
        return String.format("%s.%s.%02X.%02X", identification, manufacturer, version, medium);
    }

    /** Whether a select chose this meter and no SND_NKE has released it. */
    public synchronized boolean selected() {
        return selected;
    }

    @Override
    public String protocol() {
        return "mbus";
    }

    @Override
    public String describe() {
        return "mbus heat primary " + primaryAddress + " secondary " + secondaryAddress() + " energy "
                + energyUnit.name().replace("WH", "Wh").replace("K", "k") + Cjt188Meter.faultNote(faults);
    }

    @Override
    public synchronized Optional<byte[]> answer(LineFrame request) {
        if (faults.offline()) {
            return Optional.empty();
        }
        if (request instanceof LineFrame.MbusShort s) {
            return shortFrame(s.control(), s.address());
        }
        if (request instanceof LineFrame.MbusLong l) {
            return longFrame(l);
        }
        return Optional.empty();
    }

    private Optional<byte[]> shortFrame(int control, int address) {
        if (control == 0x40) { // SND_NKE
            if (address == ADDRESS_BROADCAST) {
                selected = false;
                return Optional.empty();
            }
            if (address == primaryAddress || (address == ADDRESS_SELECTED && selected)) {
                selected = false;
                return Optional.of(new byte[] {(byte) ACK});
            }
            return Optional.empty();
        }
        if ((control & 0xCF) == 0x4B && (addressed(address) || address == ADDRESS_TEST)) { // REQ_UD2, FCB/FCV any
            return Optional.of(responseUserData());
        }
        return Optional.empty();
    }

    private Optional<byte[]> longFrame(LineFrame.MbusLong frame) {
        if ((frame.control() & 0xCF) != 0x43) { // only SND_UD (53/73) is a request with user data
            return Optional.empty();
        }
        if (frame.ci() == CI_SELECT && frame.address() == ADDRESS_SELECTED) {
            selected = matches(frame.data());
            return selected ? Optional.of(new byte[] {(byte) ACK}) : Optional.empty();
        }
        return addressed(frame.address()) ? Optional.of(new byte[] {(byte) ACK}) : Optional.empty();
    }

    private boolean addressed(int address) {
        return address == primaryAddress || (address == ADDRESS_SELECTED && selected);
    }

    /** The select mask: id nibbles (F = any), manufacturer (FF FF any), version (FF any), medium (FF any). */
    private boolean matches(byte[] mask) {
        if (mask.length != 8) {
            return false;
        }
        byte[] id = Bcd.address(identification);
        for (int i = 0; i < 4; i++) {
            int want = mask[i] & 0xFF;
            int have = id[i] & 0xFF;
            if ((want >> 4) != 0xF && (want >> 4) != (have >> 4)) {
                return false;
            }
            if ((want & 0x0F) != 0xF && (want & 0x0F) != (have & 0x0F)) {
                return false;
            }
        }
        int code = manufacturerCode();
        boolean anyManufacturer = (mask[4] & 0xFF) == 0xFF && (mask[5] & 0xFF) == 0xFF;
        if (!anyManufacturer && ((mask[4] & 0xFF) != (code & 0xFF) || (mask[5] & 0xFF) != (code >> 8))) {
            return false;
        }
        if ((mask[6] & 0xFF) != 0xFF && (mask[6] & 0xFF) != version) {
            return false;
        }
        return (mask[7] & 0xFF) == 0xFF || (mask[7] & 0xFF) == medium;
    }

    private int manufacturerCode() {
        return ((manufacturer.charAt(0) - 64) << 10) | ((manufacturer.charAt(1) - 64) << 5) | (manufacturer.charAt(2) - 64);
    }

    /** RSP_UD: 68 L L 68 08 A 72 header records CS 16. */
    private byte[] responseUserData() {
        FlowCounters.Snapshot s = counters.read();
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        data.writeBytes(Bcd.address(identification));
        int code = manufacturerCode();
        data.write(code & 0xFF);
        data.write(code >> 8);
        data.write(version);
        data.write(medium);
        accessNumber = (accessNumber + 1) & 0xFF;
        data.write(accessNumber);
        data.write(0x00); // status: no error
        data.write(0x00); // signature / configuration: not encrypted
        data.write(0x00);
        energy(data, 0x00, s.energyKwh());
        record(data, 0x0C, 0x14, Bcd.encode(Math.floor(s.volumeCubicMetres() * 100) / 100, 4, 2)); // 0.01 m³
        record(data, 0x0B, 0x2B, Bcd.encode(s.powerKw() * 1000, 3, 0)); // W
        record(data, 0x0B, 0x3B, Bcd.encode(s.flowCubicMetresPerHour() * 1000, 3, 0)); // l/h
        record(data, 0x0A, 0x5A, Bcd.encode(s.supply(), 2, 1)); // flow temperature 0.1 °C
        record(data, 0x0A, 0x5E, Bcd.encode(s.returnTemperature(), 2, 1)); // return temperature 0.1 °C
        record(data, 0x0B, 0x26, Bcd.encode(Math.floor(s.hours()), 3, 0)); // operating time, hours
        energy(data, 0x40, s.dueDayEnergyKwh()); // DIF storage bit: storage number 1 (due day)
        byte[] user = data.toByteArray();
        int l = 3 + user.length;
        byte[] frame = new byte[l + 6];
        frame[0] = 0x68;
        frame[1] = (byte) l;
        frame[2] = (byte) l;
        frame[3] = 0x68;
        frame[4] = 0x08; // RSP_UD
        frame[5] = (byte) primaryAddress;
        frame[6] = (byte) CI_RESPONSE_LONG_HEADER;
        System.arraycopy(user, 0, frame, 7, user.length);
        frame[l + 4] = Bcd.checksum(frame, 4, l + 4);
        frame[l + 5] = 0x16;
        return frame;
    }

    /** An energy record in the meter's unit; {@code storageBit} 0x40 makes it storage number 1. */
    private void energy(ByteArrayOutputStream data, int storageBit, double kwh) {
        switch (energyUnit) {
            case WH -> record(data, 0x0C | storageBit, 0x03, Bcd.encode(Math.floor(kwh * 1000), 4, 0));
            case KWH -> record(data, 0x0C | storageBit, 0x06, Bcd.encode(Math.floor(kwh), 4, 0));
            case MWH -> {
                int bits = Float.floatToIntBits((float) (kwh / 1000));
                data.write(0x05 | storageBit); // 32-bit real
                data.write(0xFB); // VIF extension table FB
                data.write(0x01); // E000 000n: energy 10^(n-1) MWh, n = 1
                data.writeBytes(new byte[] {(byte) bits, (byte) (bits >> 8), (byte) (bits >> 16), (byte) (bits >> 24)});
            }
            default -> throw new IllegalStateException("unknown energy unit " + energyUnit);
        }
    }

    private static void record(ByteArrayOutputStream data, int dif, int vif, byte[] value) {
        data.write(dif);
        data.write(vif);
        data.writeBytes(value);
    }
}
