package io.heathub.driver.modbus;

import io.heathub.api.Quality;
import io.heathub.api.Reading;
import io.heathub.api.driver.Command;
import io.heathub.api.driver.CommandResult;
import io.heathub.api.driver.DeviceException;
import io.heathub.api.driver.DeviceSession;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** One open Modbus device: reads its profile's points in merged blocks, writes limited setpoints. */
final class ModbusSession implements DeviceSession {
    private final String deviceId;
    private final String label;
    private final Profile profile;
    private final Map<String, PointDefinition> points;
    private final ModbusTcpClient client;
    /** Blocks for "all points", planned once: the usual poll. */
    private final List<ReadBlock> allBlocks;

    ModbusSession(String deviceId, String label, Profile profile, ModbusTcpClient client) {
        this.deviceId = deviceId;
        this.label = label;
        this.profile = profile;
        this.points = profile.byName();
        this.client = client;
        this.allBlocks = plan(profile.points());
    }

    @Override
    public List<Reading> read(Set<String> wanted) throws DeviceException {
        Instant now = Instant.now();
        List<ReadBlock> blocks = wanted.isEmpty() ? allBlocks
                : plan(wanted.stream().map(points::get).filter(p -> p != null).toList());
        List<Reading> readings = new ArrayList<>();
        for (ReadBlock block : blocks) {
            int[] words = client.readRegisters(block.function(), block.start(), block.count(), "read " + block.describe());
            for (PointDefinition p : block.points()) {
                readings.add(reading(p, words, block.start(), now));
            }
        }
        return readings;
    }

    @Override
    public CommandResult execute(Command command) throws DeviceException {
        String id = command.requestId();
        PointDefinition p = points.get(command.point());
        if (p == null) {
            return CommandResult.refused(id, label + ": no point '" + command.point() + "' in profile "
                    + profile.name() + " (" + profile.file() + ")");
        }
        if (!p.writable()) {
            return CommandResult.refused(id, label + ": point '" + p.name() + "' is read-only (" + p.origin() + ")");
        }
        BigDecimal value = command.value();
        if (value.compareTo(p.min()) < 0 || value.compareTo(p.max()) > 0) {
            return CommandResult.refused(id, label + ": " + p.name() + " " + value.toPlainString() + " is outside "
                    + p.min().toPlainString() + ".." + p.max().toPlainString() + " " + p.unit().canonical().symbol()
                    + " (limits in " + p.origin() + ")");
        }
        int[] words;
        try {
            words = p.encode(value);
        } catch (ArithmeticException e) {
            return CommandResult.refused(id, label + ": " + p.name() + " " + value.toPlainString()
                    + " cannot be written as " + p.type().name().toLowerCase() + ": " + e.getMessage());
        }
        client.writeRegisters(p.address(), words, "write " + p.name() + " (" + p.span() + ") = " + value.toPlainString());
        int[] readBack = client.readRegisters(p.function(), p.address(), p.registers(), "read back " + p.name());
        BigDecimal readValue = p.decode(readBack, p.address());
        if (!Arrays.equals(words, readBack)) {
            return CommandResult.failed(id, label + ": " + p.name() + ": wrote " + value.toPlainString()
                    + " but read back " + (readValue == null ? "NaN" : readValue.toPlainString())
                    + " (registers " + Arrays.toString(words) + " vs " + Arrays.toString(readBack) + ")");
        }
        return CommandResult.done(id, readValue);
    }

    private Reading reading(PointDefinition p, int[] words, int blockStart, Instant time) {
        BigDecimal value = p.decode(words, blockStart);
        if (value == null) {
            return new Reading(deviceId, p.name(), BigDecimal.ZERO, p.unit().canonical(), time, Quality.BAD,
                    "float32 at " + p.span() + " is NaN or infinite");
        }
        return Reading.good(deviceId, p.name(), value, p.unit().canonical(), time);
    }

    private List<ReadBlock> plan(Collection<PointDefinition> wanted) {
        return ReadBlock.plan(wanted, profile.maxGap(), ProfileParser.MAX_REGISTERS_PER_READ);
    }

    /** The profile this session reads, for tests and diagnostics. */
    Profile profile() {
        return profile;
    }
}
