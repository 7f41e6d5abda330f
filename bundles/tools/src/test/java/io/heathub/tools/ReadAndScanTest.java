package io.heathub.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The read and scan commands' plumbing: options, ServiceLoader lookup, output, exit codes. */
class ReadAndScanTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int read(String... args) {
        return new Read(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))
                .run(args);
    }

    private int scan(String... args) {
        return new Scan(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))
                .run(args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void readsOneDeviceAndPrintsJsonLinesWithSettingsApplied() {
        assertThat(read("--driver", "mem-meter", "--bus", "mem:line", "--address", "2", "--set", "scale=0.5")).isZero();
        assertThat(out()).isEqualTo("{\"device\":\"cli\",\"point\":\"heat.energy\",\"value\":21.0,\"unit\":\"kWh\","
                + "\"time\":\"2026-11-23T00:00:00Z\",\"quality\":\"GOOD\"}\n");
        assertThat(err()).isEmpty();
    }

    @Test
    void aSilentDeviceExitsOneWithOneLine() {
        assertThat(read("--driver", "mem-meter", "--bus", "mem:line", "--address", "9")).isEqualTo(1);
        assertThat(out()).isEmpty();
        assertThat(err()).startsWith("heathub read: mem-meter 9 on mem:line: TIMEOUT: mem:line: no complete frame within").hasLineCount(1);
    }

    @Test
    void badOptionsAndSettingsExitTwoNamingTheProblem() {
        assertThat(read("--driver", "nope", "--bus", "mem:line", "--address", "1")).isEqualTo(2);
        // the class path also holds the real drivers (check's tests): every driver found is listed, sorted
        assertThat(err()).contains("unknown driver 'nope' (available: cjt188, dlt645, mbus, mem-meter, modbus)");
        err.reset();
        assertThat(read("--driver", "mem-meter", "--bus", "carrier-pigeon:x", "--address", "1")).isEqualTo(2);
        assertThat(err()).contains("no transport for 'carrier-pigeon:' buses (available: mem, serial, tcp)");
        err.reset();
        assertThat(read("--driver", "mem-meter", "--bus", "mem:line", "--address", "x")).isEqualTo(2);
        assertThat(err()).contains("device cli (command line): address must be a number");
        err.reset();
        assertThat(read("--driver", "mem-meter", "--bus", "mem:line")).isEqualTo(2);
        assertThat(err()).contains("--address is required");
        err.reset();
        assertThat(read("--driver", "mem-meter", "--bus", "mem:refuse", "--address", "1")).isEqualTo(1);
        assertThat(err()).contains("connection refused (test)");
    }

    @Test
    void scanPrintsFoundDevicesAndProgressOnStderr() {
        assertThat(scan("--driver", "mem-meter", "--bus", "mem:line")).isZero();
        assertThat(out()).isEqualTo("{\"address\":\"1\",\"description\":\"mem meter\"}\n"
                + "{\"address\":\"2\",\"description\":\"mem meter\"}\n"
                + "{\"address\":\"3\",\"description\":\"mem meter\"}\n");
        assertThat(err()).contains("scan: 5/5 address 5", "scan: 3 device(s) found on mem:line");
    }

    @Test
    void readAndScanAlsoPrintTablesAndCsv() {
        assertThat(read("--driver", "mem-meter", "--bus", "mem:line", "--address", "2", "--set", "scale=0.5",
                "--format", "csv")).isZero();
        assertThat(out().lines().toList()).containsExactly("device,point,value,unit,time,quality,reason",
                "cli,heat.energy,21.0,kWh,2026-11-23T00:00:00Z,GOOD,");
        out.reset();
        assertThat(read("--driver", "mem-meter", "--bus", "mem:line", "--address", "2", "--format", "table")).isZero();
        assertThat(out().lines().toList()).hasSize(2).first().asString()
                .matches("device +point +value +unit +time +quality +reason");
        out.reset();
        assertThat(scan("--driver", "mem-meter", "--bus", "mem:line", "--format", "csv")).isZero();
        assertThat(out().lines().toList()).containsExactly("address,description,settings,collision",
                "1,mem meter,,", "2,mem meter,,", "3,mem meter,,");
        out.reset();
        assertThat(scan("--driver", "mem-meter", "--bus", "mem:line", "--format", "table")).isZero();
        assertThat(out().lines().toList()).containsExactly("address  description  settings  collision",
                "1        mem meter", "2        mem meter", "3        mem meter");
        err.reset();
        assertThat(read("--driver", "mem-meter", "--bus", "mem:line", "--address", "2", "--format", "yaml")).isEqualTo(2);
        assertThat(err().lines().toList()).containsExactly("heathub read: --format: read prints json, table or csv",
                "try 'heathub read --help'");
    }
}
