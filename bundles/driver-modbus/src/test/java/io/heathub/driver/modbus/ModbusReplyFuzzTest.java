package io.heathub.driver.modbus;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.heathub.api.Quality;
import io.heathub.api.Reading;
import io.heathub.api.Unit;
import io.heathub.api.driver.Command;
import io.heathub.api.driver.CommandResult;
import io.heathub.api.driver.DeviceException;
import io.heathub.config.ConfigException;
import io.heathub.driver.modbus.profile.PointDefinition;
import io.heathub.driver.modbus.profile.Profile;
import io.heathub.driver.modbus.profile.ProfileParser;
import io.heathub.testkit.line.ScriptedLine;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Modbus reply path, from the bytes on the line to readings: RTU or MBAP framing,
 * {@link ModbusClient}'s PDU checks and the profile's decoding in {@link ModbusSession}, for each
 * shipped profile. Whatever a device (or the noise on its line) answers, a poll gives readings or a
 * {@link DeviceException}, never another exception and never a hang (the line runs on a virtual
 * clock, so a silent device costs no real time); every reading is of a point the profile has, of
 * this device, in that point's canonical unit; a documented-state point reads GOOD only in a
 * documented state. A command's write and read-back go through the same replies and end DONE,
 * FAILED, REFUSED or in a {@link DeviceException}.
 *
 * <p>Input: byte 0 picks the profile (bits 0-2), the framing (bit 3: RTU, else TCP), an echoing
 * line (bit 4, RTU) and a command after the poll (bit 5); byte 1 is the unit id. Then, for each
 * request in turn, {@code mode, length, length bytes}: mode 0 sends the bytes as they are (e.g. a
 * published frame), mode 1 frames them as this request's reply PDU (right CRC or MBAP header), mode
 * 2 answers a read with the right byte count and register data taken from the bytes (or
 * confirms a write). No more input: the device is silent. Seeds (published frames of
 * docs/protocols.md §4.5) in {@code src/test/resources/io/heathub/driver/modbus/ModbusReplyFuzzTestInputs/};
 * long run {@code JAZZER_FUZZ=1 mvn test -Dtest=ModbusReplyFuzzTest} (README).
 */
class ModbusReplyFuzzTest {
    private static final List<Profile> PROFILES = profiles("substation-plc", "bac-002", "danfoss-fc51", "vfd-cn",
            "boiler");
    private static final Duration TIMEOUT = Duration.ofSeconds(1);

    @FuzzTest(maxDuration = "3m")
    void pollGivesProfilePointsOrDeviceException(byte[] input) {
        if (input.length < 2) {
            return;
        }
        Profile profile = PROFILES.get((input[0] & 7) % PROFILES.size());
        boolean rtu = (input[0] & 8) != 0;
        int unit = rtu ? 1 + (input[1] & 0xFF) % 247 : input[1] & 0xFF;
        Replies replies = new Replies(Arrays.copyOfRange(input, 2, input.length), rtu, unit);
        ScriptedLine line = ScriptedLine.answering(replies::answer);
        if (rtu && (input[0] & 16) != 0) {
            line.echo();
        }
        String label = "device fuzz (unit " + unit + ")";
        ModbusFraming framing = rtu ? new RtuFraming(line, unit, TIMEOUT, label) : new MbapFraming(line, unit, TIMEOUT, label);
        ModbusSession session = new ModbusSession("fuzz-1", label, profile, new ModbusClient(framing, label), p -> p);
        Map<String, PointDefinition> readable = profile.readableNames();
        try {
            List<Reading> readings = session.read(Set.of());
            assertThat(readings.size()).isLessThanOrEqualTo(readable.size());
            for (Reading r : readings) {
                PointDefinition p = readable.get(r.point());
                assertThat(p).as("reading of %s, which profile %s does not have", r.point(), profile.name()).isNotNull();
                assertThat(r.device()).isEqualTo("fuzz-1");
                Unit expected = p.name().equals(r.point()) ? p.unit().canonical() : Unit.NONE;
                assertThat(r.unit()).isEqualTo(expected);
                if (r.quality() == Quality.GOOD && p.name().equals(r.point()) && !p.states().isEmpty()) {
                    assertThat(p.state(r.value())).as("GOOD %s = %s", r.point(), r.value()).isPresent();
                }
            }
        } catch (DeviceException expected) {
            assertThat(expected.getMessage()).contains(label).hasSizeLessThan(1024); // quoted bytes are capped
        }
        if ((input[0] & 32) != 0) {
            command(session, profile);
        }
    }

    /** Writes the first writable point's lowest allowed value: a write confirmation and a read-back from the replies. */
    private static void command(ModbusSession session, Profile profile) {
        PointDefinition p = profile.points().stream().filter(PointDefinition::writable).findFirst().orElse(null);
        if (p == null) {
            return;
        }
        BigDecimal value = p.min() != null ? p.min() : BigDecimal.ZERO;
        try {
            CommandResult result = session.execute(new Command("fuzz-1", "fuzz-1", p.name(), value, "fuzz"));
            assertThat(result.status()).isIn(CommandResult.Status.DONE, CommandResult.Status.FAILED,
                    CommandResult.Status.REFUSED);
            if (result.status() == CommandResult.Status.DONE && !p.writeOnly()) {
                assertThat(result.readBack()).isPresent();
            }
        } catch (DeviceException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    /** The device's answers, one per request, from the fuzz input. */
    private static final class Replies {
        private final byte[] data;
        private final boolean rtu;
        private final int unit;
        private int at;

        Replies(byte[] data, boolean rtu, int unit) {
            this.data = data;
            this.rtu = rtu;
            this.unit = unit;
        }

        byte[] answer(byte[] request) {
            if (at + 2 > data.length) {
                return null; // silence
            }
            int mode = (data[at] & 0xFF) % 3;
            int length = data[at + 1] & 0xFF;
            byte[] payload = Arrays.copyOfRange(data, Math.min(at + 2, data.length), Math.min(at + 2 + length, data.length));
            at += 2 + length;
            return switch (mode) {
                case 0 -> payload;
                case 1 -> framed(request, payload);
                default -> framed(request, genuine(pdu(request), payload));
            };
        }

        private byte[] pdu(byte[] request) {
            return rtu ? Arrays.copyOfRange(request, 1, request.length - 2) : Arrays.copyOfRange(request, 7, request.length);
        }

        /** A well-formed reply PDU to {@code pdu}: read data from {@code data}, or the write confirmation. */
        private static byte[] genuine(byte[] pdu, byte[] data) {
            int function = pdu[0] & 0xFF;
            if (function > 4) {
                return Arrays.copyOf(pdu, 5); // 05/06 echo, 0F/10 confirm address and quantity
            }
            int count = ((pdu[3] & 0xFF) << 8) | (pdu[4] & 0xFF);
            int bytes = function <= 2 ? (count + 7) / 8 : 2 * count;
            byte[] reply = new byte[2 + bytes];
            reply[0] = (byte) function;
            reply[1] = (byte) bytes;
            for (int i = 0; i < bytes && data.length > 0; i++) {
                reply[2 + i] = data[i % data.length];
            }
            return reply;
        }

        private byte[] framed(byte[] request, byte[] pdu) {
            if (rtu) {
                return RtuFraming.frame(unit, pdu);
            }
            byte[] frame = new byte[7 + pdu.length];
            frame[0] = request[0]; // the request's transaction id
            frame[1] = request[1];
            frame[4] = (byte) ((pdu.length + 1) >>> 8);
            frame[5] = (byte) (pdu.length + 1);
            frame[6] = (byte) unit;
            System.arraycopy(pdu, 0, frame, 7, pdu.length);
            return frame;
        }
    }

    private static List<Profile> profiles(String... names) {
        List<Profile> out = new ArrayList<>();
        for (String name : names) {
            try {
                out.add(ProfileParser.parse(Path.of("../../config/profiles/" + name + ".yaml")));
            } catch (ConfigException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }
        return List.copyOf(out);
    }
}
