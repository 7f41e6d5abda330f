package io.heathub.camel.modbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.heathub.testkit.FreePorts;
import io.heathub.testkit.peers.PymodbusServer;
import java.util.Map;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Reconnection after the peer went away, and RTU framing over TCP. */
class ModbusConnectionRecoveryTest {
    private DefaultCamelContext context;
    private ProducerTemplate producer;

    @BeforeEach
    void startContext() {
        context = new DefaultCamelContext();
        context.addComponent("modbus", new ModbusComponent());
        context.start();
        producer = context.createProducerTemplate();
    }

    @AfterEach
    void stopContext() {
        context.stop();
    }

    @Test
    void reconnectsAfterTheServerRestarted() throws Exception {
        Map<Integer, Map<String, int[]>> units = Map.of(1, Map.of("hr", new int[] {11, 22}));
        int port = FreePorts.tcp();
        String uri = "modbus:tcp://127.0.0.1:" + port + "?count=2&timeout=500ms";
        try (PymodbusServer first = PymodbusServer.tcp(units, port)) {
            assertThat(producer.requestBody(uri, null, int[].class)).containsExactly(11, 22);
        }

        assertThatThrownBy(() -> producer.requestBody(uri, (Object) null))
                .cause().hasMessageContaining("tcp://127.0.0.1:" + port);

        try (PymodbusServer second = PymodbusServer.tcp(Map.of(1, Map.of("hr", new int[] {33, 44})), port)) {
            assertThat(producer.requestBody(uri, null, int[].class)).containsExactly(33, 44);
        }
    }

    @Test
    void aStaleConnectionIsReplacedWithoutFailingTheRequest() throws Exception {
        int port = FreePorts.tcp();
        String uri = "modbus:tcp://127.0.0.1:" + port + "?count=1";
        try (PymodbusServer first = PymodbusServer.tcp(Map.of(1, Map.of("hr", new int[] {5})), port)) {
            assertThat(producer.requestBody(uri, null, int[].class)).containsExactly(5);
        }
        // the endpoint still holds the connection the first server closed
        try (PymodbusServer second = PymodbusServer.tcp(Map.of(1, Map.of("hr", new int[] {6})), port)) {
            assertThat(producer.requestBody(uri, null, int[].class)).containsExactly(6);
        }
    }

    @Test
    void readsAndWritesWithRtuFramingOverTcp() throws Exception {
        try (PymodbusServer rtu = PymodbusServer.rtuOverTcp(Map.of(2, Map.of("hr", new int[] {100, 200, 300, 0})))) {
            String uri = "modbus:tcp://127.0.0.1:" + rtu.port() + "?framing=rtu&unitId=2&count=";

            assertThat(producer.requestBody(uri + "3", null, int[].class)).containsExactly(100, 200, 300);
            producer.requestBodyAndHeader(uri + "1&address=3", 4321, ModbusHeaders.OPERATION, "write");
            assertThat(producer.requestBody(uri + "4", null, int[].class)).containsExactly(100, 200, 300, 4321);
        }
    }
}
