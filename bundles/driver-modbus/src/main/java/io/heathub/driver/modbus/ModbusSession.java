package io.heathub.driver.modbus;

import io.heathub.api.Quality;
import io.heathub.api.Reading;
import io.heathub.api.Unit;
import io.heathub.api.driver.Command;
import io.heathub.api.driver.CommandResult;
import io.heathub.api.driver.DeviceException;
import io.heathub.api.driver.DeviceException.Kind;
import io.heathub.api.driver.DeviceSession;
import io.heathub.driver.modbus.profile.DataType;
import io.heathub.driver.modbus.profile.PointDefinition;
import io.heathub.driver.modbus.profile.Profile;
import io.heathub.driver.modbus.profile.RegisterFunction;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * One open Modbus device: reads its profile's points in merged blocks (one request per block),
 * writes limited values and reads them back. Picks up an edited profile before the next call.
 */
final class ModbusSession implements DeviceSession {
    private final String deviceId;
    private final String label;
    private final ModbusClient client;
    /** Returns the newest good profile given the current one (the same object when unchanged). */
    private final UnaryOperator<Profile> refresh;
    private Profile profile;
    private Map<String, PointDefinition> writable;
    private Map<String, PointDefinition> readable;
    /** Blocks for "all points", planned once per profile version: the usual poll. */
    private List<ReadBlock> allBlocks;
    /** What each of {@link #allBlocks} is, for messages: built once, not on every poll. */
    private List<String> allBlockLabels;

    ModbusSession(String deviceId, String label, Profile profile, ModbusClient client, UnaryOperator<Profile> refresh) {
        this.deviceId = deviceId;
        this.label = label;
        this.client = client;
        this.refresh = refresh;
        use(profile);
    }

    @Override
    public List<Reading> read(Set<String> wanted) throws DeviceException {
        refreshProfile();
        Instant now = Instant.now();
        List<ReadBlock> blocks = wanted.isEmpty() ? allBlocks
                : plan(wanted.stream().map(readable::get).filter(Objects::nonNull).distinct().toList());
        List<String> labels = wanted.isEmpty() ? allBlockLabels : labels(blocks);
        List<Reading> readings = new ArrayList<>();
        for (int b = 0; b < blocks.size(); b++) {
            ReadBlock block = blocks.get(b);
            int[] values = client.read(block.function(), block.start(), block.count(), labels.get(b));
            for (PointDefinition p : block.points()) {
                if (wanted.isEmpty() || wanted.contains(p.name())) {
                    readings.add(reading(p, values, block.start(), now));
                }
                if (p.bits().isEmpty()) {
                    continue; // most points: no iterator to allocate for every point of every poll
                }
                for (Map.Entry<Integer, String> bit : p.bits().entrySet()) {
                    if (wanted.isEmpty() || wanted.contains(bit.getValue())) {
                        BigDecimal on = p.bit(values, block.start(), bit.getKey()) ? BigDecimal.ONE : BigDecimal.ZERO;
                        readings.add(Reading.good(deviceId, bit.getValue(), on, Unit.NONE, now));
                    }
                }
            }
        }
        return readings;
    }

    @Override
    public CommandResult execute(Command command) throws DeviceException {
        refreshProfile();
        String id = command.requestId();
        if (RawPoint.is(command.point())) {
            return executeRaw(command);
        }
        PointDefinition p = writable.get(command.point());
        if (p == null) {
            PointDefinition owner = readable.get(command.point());
            if (owner != null && !owner.name().equals(command.point())) {
                return CommandResult.refused(id, label + ": '" + command.point() + "' is a bit of '" + owner.name()
                        + "' (" + owner.origin() + ") and cannot be written on its own");
            }
            return CommandResult.refused(id, label + ": no point '" + command.point() + "' in profile "
                    + profile.name() + " (" + profile.file() + ")");
        }
        if (!p.writable()) {
            return CommandResult.refused(id, label + ": point '" + p.name() + "' is read-only (" + p.origin() + ")");
        }
        BigDecimal value = command.value();
        String refusal = refusal(p, value);
        if (refusal != null) {
            return CommandResult.refused(id, label + ": " + refusal);
        }
        int[] raw;
        try {
            raw = p.encode(value);
        } catch (ArithmeticException e) {
            return CommandResult.refused(id, label + ": " + p.name() + " " + value.toPlainString()
                    + " cannot be written as " + p.type().key() + ": " + e.getMessage());
        }
        return writeAndReadBack(id, p, raw, value.toPlainString(), false);
    }

    /**
     * A raw register write ({@link RawPoint}, from a {@code modbus:bus/…} route): allowed only
     * where the profile declares a writable point of exactly those registers (or that coil), and
     * checked against that point's limits after decoding, so a raw write can do nothing a named
     * one could not.
     */
    private CommandResult executeRaw(Command command) throws DeviceException {
        String id = command.requestId();
        RawPoint target;
        try {
            target = RawPoint.parse(command.point());
        } catch (IllegalArgumentException e) {
            return CommandResult.refused(id, label + ": " + e.getMessage());
        }
        PointDefinition p = writable.values().stream()
                .filter(d -> d.writable() && d.function().key().equals(target.table()) && d.address() == target.address()
                        && d.registers() == target.count())
                .findFirst().orElse(null);
        if (p == null) {
            return CommandResult.refused(id, label + ": raw write of " + target.count() + " " + target.table() + " from "
                    + target.address() + ": no writable point of profile " + profile.name() + " is exactly that (writable: "
                    + writable.values().stream().filter(PointDefinition::writable).map(d -> d.name() + " " + d.span())
                            .toList() + "; " + profile.file() + ")");
        }
        int[] raw;
        try {
            raw = RawPoint.words(command.value(), p.registers(), p.function().bits());
        } catch (IllegalArgumentException e) {
            return CommandResult.refused(id, label + ": raw write of " + p.span() + " (" + p.name() + "): " + e.getMessage());
        }
        BigDecimal value;
        try {
            value = p.decode(raw, p.address());
        } catch (DataType.NotBcdException e) {
            return CommandResult.refused(id, label + ": raw write of " + p.span() + " (" + p.name() + "): " + e.getMessage());
        }
        if (value == null) {
            return CommandResult.refused(id, label + ": raw write of " + p.span() + " (" + p.name() + ") is NaN or infinite");
        }
        String refusal = refusal(p, value);
        if (refusal != null) {
            return CommandResult.refused(id, label + ": raw write of " + p.span() + " = " + command.value().toPlainString()
                    + " is " + refusal);
        }
        return writeAndReadBack(id, p, raw, value.toPlainString() + " (raw " + command.value().toPlainString() + ")", true);
    }

    /** Writes, then reads back and compares; the read-back is the raw words' integer when {@code rawReadBack}. */
    private CommandResult writeAndReadBack(String id, PointDefinition p, int[] raw, String shown, boolean rawReadBack)
            throws DeviceException {
        String what = "write " + p.name() + " (" + p.span() + ") = " + shown;
        if (p.function() == RegisterFunction.COIL) {
            client.writeCoils(p.address(), raw, p.multiple(), what);
        } else {
            client.writeRegisters(p.address(), raw, p.multiple(), what);
        }
        if (p.writeOnly()) {
            return CommandResult.done(id, null); // a command register that cannot be read back
        }
        int[] readBack = client.read(p.function(), p.address(), p.registers(), "read back " + p.name());
        BigDecimal readValue;
        try {
            readValue = rawReadBack ? RawPoint.value(readBack, p.function().bits()) : p.decode(readBack, p.address());
        } catch (DataType.NotBcdException e) {
            return CommandResult.failed(id, label + ": " + p.name() + ": wrote " + shown
                    + " but read back a value that is not BCD: " + e.getMessage());
        }
        if (!Arrays.equals(raw, readBack)) {
            return CommandResult.failed(id, label + ": " + p.name() + ": wrote " + shown
                    + " but read back " + (readValue == null ? "NaN" : readValue.toPlainString())
                    + " (" + (p.function().bits() ? "bits " : "registers ") + Arrays.toString(raw) + " vs "
                    + Arrays.toString(readBack) + ")");
        }
        return CommandResult.done(id, readValue);
    }

    /** Why {@code value} must not be written to {@code p}, or null when it may. */
    private static String refusal(PointDefinition p, BigDecimal value) {
        String unit = p.unit().canonical().symbol();
        if (p.min() != null && (value.compareTo(p.min()) < 0 || value.compareTo(p.max()) > 0)) {
            return p.name() + " " + value.toPlainString() + " is outside " + p.min().toPlainString() + ".."
                    + p.max().toPlainString() + (unit.isEmpty() ? "" : " " + unit) + " (limits in " + p.origin() + ")";
        }
        if (!p.states().isEmpty() && p.state(value).isEmpty()) {
            return p.name() + " " + value.toPlainString() + " is not one of the values it accepts: "
                    + p.describeStates() + " (" + p.origin() + ")";
        }
        if (p.type() == DataType.BOOL && value.compareTo(BigDecimal.ZERO) != 0 && value.compareTo(BigDecimal.ONE) != 0) {
            return p.name() + " is a single " + (p.function() == RegisterFunction.COIL ? "coil" : "bit")
                    + ": write 0 or 1, not " + value.toPlainString() + " (" + p.origin() + ")";
        }
        return null;
    }

    private Reading reading(PointDefinition p, int[] values, int blockStart, Instant time) throws DeviceException {
        BigDecimal value;
        try {
            value = p.decode(values, blockStart);
        } catch (DataType.NotBcdException e) {
            throw new DeviceException(Kind.MALFORMED, label + ": " + p.name() + " (" + p.span() + ", "
                    + p.type().key() + ", " + p.origin() + "): " + e.getMessage(), e);
        }
        Unit unit = p.unit().canonical();
        if (value == null) {
            return new Reading(deviceId, p.name(), BigDecimal.ZERO, unit, time, Quality.BAD,
                    p.type().key() + " at " + p.span() + " is NaN or infinite");
        }
        if (!p.states().isEmpty() && p.state(value).isEmpty()) {
            return new Reading(deviceId, p.name(), value, unit, time, Quality.SUSPECT, "value " + value.toPlainString()
                    + " is not a documented state (" + p.describeStates() + "; " + p.origin() + ")");
        }
        return Reading.good(deviceId, p.name(), value, unit, time);
    }

    private void refreshProfile() {
        Profile newest = refresh.apply(profile);
        if (newest != profile) {
            use(newest);
        }
    }

    private void use(Profile newProfile) {
        profile = newProfile;
        writable = newProfile.byName();
        readable = newProfile.readableNames();
        allBlocks = plan(readable.values().stream().distinct().toList());
        allBlockLabels = labels(allBlocks);
    }

    private static List<String> labels(List<ReadBlock> blocks) {
        return blocks.stream().map(b -> "read " + b.describe()).toList();
    }

    private List<ReadBlock> plan(Collection<PointDefinition> wanted) {
        return ReadBlock.plan(wanted, profile.limits());
    }

    /** The profile this session reads, for tests and diagnostics. */
    Profile profile() {
        return profile;
    }
}
