package io.heathub.drivertest;

import io.heathub.testkit.Bytes;
import io.heathub.testkit.line.Reply;
import io.heathub.testkit.line.ScriptedDevice;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * A device of another driver sharing the line: it answers one published request of its protocol
 * with the published reply (frames from {@code docs/protocols.md}, checksums checked there) and
 * ignores everything else, as a real meter ignores frames it cannot parse.
 *
 * @param protocol the protocol id its driver reports in {@code DriverInfo.protocol()}
 * @param name     what it is, for messages
 * @param request  the request its driver sends
 * @param reply    what it answers
 */
record ForeignDevice(String protocol, String name, byte[] request, byte[] reply) {

    static final List<ForeignDevice> ALL = List.of(
            new ForeignDevice("cjt188", "CJ/T 188 heat meter 00000040314132 (docs/protocols.md §1.9)",
                    Bytes.hex("FE FE FE FE 68 20 32 41 31 40 00 00 00 01 03 90 1F 01 20 16"),
                    Bytes.hex("68 20 32 41 31 40 00 00 00 81 2E 90 1F 01 08 02 00 00 00 08 02 00 00 00 17 00 00 00 00"
                            + " 35 00 00 00 00 2C 34 10 00 00 35 25 00 66 25 00 00 00 00 53 00 12 10 07 15 20 00 00 31 16")),
            new ForeignDevice("mbus", "M-Bus heat meter at primary address 8 (docs/protocols.md §2.5)",
                    Bytes.hex("10 7B 08 83 16"),
                    Bytes.hex("68 42 42 68 08 08 72 76 00 05 21 18 4E 31 04 51 00 00 00 0C 07 64 08 00 00 0C 14 92 98 79 00"
                            + " 0C 7B 02 03 00 00 0C 2C 58 54 00 00 0A 5A 55 07 0A 5E 94 05 0B 60 76 60 01 0C 78 76 00 05 21"
                            + " 0C FD 10 76 00 05 21 1F B3 16")),
            new ForeignDevice("dlt645", "DL/T 645 electricity meter 000000000161 (docs/protocols.md §3.7)",
                    Bytes.hex("68 61 01 00 00 00 00 68 11 04 33 33 34 33 14 16"),
                    Bytes.hex("68 61 01 00 00 00 00 68 91 08 33 33 34 33 59 33 33 33 8A 16")),
            new ForeignDevice("modbus", "Modbus RTU thermostat panel, unit 3 (docs/protocols.md §4.5)",
                    Bytes.hex("03 03 00 00 00 0A C4 2F"),
                    Bytes.hex("03 03 14 00 01 00 00 00 00 00 D2 00 00 00 00 00 00 00 00 00 C3 00 01 0E CD")));

    /** The devices of the protocols other than {@code protocol}. */
    static List<ForeignDevice> besides(String protocol) {
        return ALL.stream().filter(d -> !d.protocol().equalsIgnoreCase(protocol)).toList();
    }

    /** As a scripted device that answers its request after {@code delay}. */
    ScriptedDevice answeringAfter(Duration delay) {
        return frame -> Arrays.equals(frame, request) ? Reply.after(delay, reply) : Reply.silence();
    }

    @Override
    public byte[] request() {
        return request.clone();
    }

    @Override
    public byte[] reply() {
        return reply.clone();
    }
}
