package io.heathub.camel.modbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.heathub.testkit.peers.PymodbusServer;
import io.heathub.testkit.peers.SocatPtyPair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Modbus RTU on a serial port (j2mod's serial master, jSerialComm) against pymodbus on a socat pty
 * pair; several endpoints (reads, writes, coils) share the one open port.
 */
class ModbusSerialTest {
    @TempDir
    Path folder;

    @Test
    void readsAndWritesOverASerialLine() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/socat")), "socat is not installed");
        Assumptions.assumeTrue(new ProcessBuilder("/usr/bin/python3", "-c", "import serial_asyncio")
                .start().waitFor() == 0, "python3-serial-asyncio is not installed");
        DefaultCamelContext context = new DefaultCamelContext();
        context.addComponent("modbus", new ModbusComponent());
        try (SocatPtyPair line = new SocatPtyPair(folder);
             PymodbusServer slave = PymodbusServer.rtuOnSerial(
                     Map.of(5, Map.of("hr", new int[] {10, 20, 30}, "co", new int[] {0, 1})), line.deviceEnd())) {
            context.start();
            ProducerTemplate producer = context.createProducerTemplate();
            String uri = "modbus:serial:" + line.hubEnd() + "?baud=9600&parity=none&unitId=5&timeout=2s";

            assertThat(producer.requestBody(uri + "&count=3", (Object) null, int[].class)).containsExactly(10, 20, 30);
            producer.requestBodyAndHeader(uri + "&address=1", 99, ModbusHeaders.OPERATION, "write");
            producer.requestBodyAndHeader(uri + "&function=coil", true, ModbusHeaders.OPERATION, "write");

            assertThat(producer.requestBody(uri + "&count=3", (Object) null, int[].class)).containsExactly(10, 99, 30);
            assertThat(producer.requestBody(uri + "&function=coil&count=2", (Object) null, boolean[].class))
                    .containsExactly(true, true);
            // the port is open once, for every endpoint on it: other line settings cannot share it
            assertThatThrownBy(() -> producer.requestBody("modbus:serial:" + line.hubEnd() + "?baud=19200&unitId=5",
                    (Object) null)).hasStackTraceContaining("is already used with line settings")
                    .hasStackTraceContaining("19200");
        } finally {
            context.stop();
        }
    }
}
