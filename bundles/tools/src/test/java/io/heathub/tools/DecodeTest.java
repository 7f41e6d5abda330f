package io.heathub.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DecodeTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return new Decode(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void printsOneJsonLinePerReadingWithTheFrameTimeOnlyWhenItHasOne() {
        assertThat(run("--protocol", "echo", "--set", "scale=0.5", "01 2A")).isZero();
        assertThat(out()).isEqualTo("{\"device\":\"dev-9\",\"point\":\"heat.energy\",\"value\":21.0,\"unit\":\"kWh\","
                + "\"time\":\"2026-01-01T00:00:00Z\",\"quality\":\"GOOD\"}" + System.lineSeparator());
        out.reset();
        assertThat(run("--protocol", "echo", "00", "2a")).isZero();
        assertThat(out()).doesNotContain("time").contains("\"value\":42");
    }

    @Test
    void spacesAreOptionalAndSplitArgumentsJoin() {
        assertThat(run("--protocol", "echo", "012A")).isZero();
        assertThat(run("--protocol", "echo", "0x01", "0x2A")).isZero();
    }

    @Test
    void aBadFrameIsOneLineWithTheByteOffsetAndStatusTwo() {
        assertThat(run("--protocol", "echo", "07 2A")).isEqualTo(2);
        assertThat(err()).isEqualTo("heathub decode: echo: byte 0: clock flag must be 0 or 1" + System.lineSeparator());
        assertThat(out()).isEmpty();
    }

    @Test
    void badHexNamesTheCharacter() {
        assertThat(run("--protocol", "echo", "01 2G")).isEqualTo(2);
        assertThat(err()).contains("not hex: 'G' at character 4 is not a hex digit");
        err.reset();
        assertThat(run("--protocol", "echo", "01 2")).isEqualTo(2);
        assertThat(err()).contains("odd number of hex digits");
    }

    @Test
    void unknownProtocolListsTheAvailableOnes() {
        assertThat(run("--protocol", "modbus-ascii", "01")).isEqualTo(2);
        // the class path also holds the real drivers (check's tests): every decoder found is listed, sorted
        assertThat(err()).contains("unknown protocol 'modbus-ascii' (available: cjt188, dlt645, echo, mbus)");
    }

    @Test
    void missingArgumentsPrintUsage() {
        assertThat(run("01 2A")).isEqualTo(2);
        assertThat(err()).contains("heathub decode: --protocol is required").contains("try 'heathub decode --help'");
    }
}
