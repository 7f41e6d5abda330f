package io.heathub.camel.modbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.heathub.testkit.peers.PymodbusServer;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The producer against pymodbus: reads of all four tables, writes verified by reading back, exception replies. */
class ModbusProducerTest {
    private static PymodbusServer server;

    private DefaultCamelContext context;
    private ProducerTemplate producer;

    @BeforeAll
    static void startServer() throws Exception {
        server = PymodbusServer.tcp(Map.of(
                1, Map.of("hr", new int[40], "co", new int[40]),
                3, Map.of(
                        "hr", range(0, 110),
                        "ir", new int[] {7, 65535, 300, 4},
                        "co", new int[] {1, 0, 1, 1, 0},
                        "di", new int[] {0, 1, 1, 0, 0, 1})));
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

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

    private String uri(String options) {
        return "modbus:tcp://127.0.0.1:" + server.port() + "?" + options;
    }

    @Test
    void readsHoldingRegistersWithHeaders() {
        Exchange reply = producer.request(uri("unitId=3&function=holding&address=100&count=4"), e -> { });

        assertThat(reply.getException()).isNull();
        assertThat(reply.getMessage().getBody(int[].class)).containsExactly(100, 101, 102, 103);
        assertThat(reply.getMessage().getHeaders()).containsEntry(ModbusHeaders.UNIT_ID, 3)
                .containsEntry(ModbusHeaders.FUNCTION, "holding")
                .containsEntry(ModbusHeaders.ADDRESS, 100)
                .containsEntry(ModbusHeaders.COUNT, 4);
    }

    @Test
    void readsInputRegistersAsUnsignedValues() {
        int[] values = producer.requestBody(uri("unitId=3&function=input&address=0&count=4"), null, int[].class);

        assertThat(values).containsExactly(7, 65535, 300, 4);
    }

    @Test
    void readsCoilsAndDiscreteInputsAsBooleans() {
        boolean[] coils = producer.requestBody(uri("unitId=3&function=coil&address=0&count=5"), null, boolean[].class);
        boolean[] discretes = producer.requestBody(uri("unitId=3&function=discrete&address=1&count=5"), null, boolean[].class);

        assertThat(coils).containsExactly(true, false, true, true, false);
        assertThat(discretes).containsExactly(true, true, false, false, true);
    }

    @Test
    void writesASingleRegisterAndReadsItBack() {
        producer.requestBody(uri("address=5&operation=write"), 1234);
        producer.requestBodyAndHeader(uri("address=6"), "-2", ModbusHeaders.OPERATION, "write");

        assertThat(producer.requestBody(uri("address=5&count=2"), null, int[].class)).containsExactly(1234, 65534);
    }

    @Test
    void writesMultipleRegistersFromArraysListsAndText() {
        producer.requestBody(uri("address=10&operation=write"), new int[] {1, 2, 3});
        producer.requestBody(uri("address=13&operation=write"), List.of(40000, -1));
        producer.requestBody(uri("address=15&operation=write"), "7, 8");

        assertThat(producer.requestBody(uri("address=10&count=7"), null, int[].class))
                .containsExactly(1, 2, 3, 40000, 65535, 7, 8);
    }

    @Test
    void writesSingleAndMultipleCoilsAndReadsThemBack() {
        producer.requestBody(uri("function=coil&address=2&operation=write"), true);
        producer.requestBody(uri("function=coil&address=10&operation=write"), new boolean[] {true, false, true, true});
        producer.requestBodyAndHeader(uri("function=coil&address=20"), List.of(true, true), ModbusHeaders.OPERATION, "write");

        assertThat(producer.requestBody(uri("function=coil&address=0&count=4"), null, boolean[].class))
                .containsExactly(false, false, true, false);
        assertThat(producer.requestBody(uri("function=coil&address=10&count=5"), null, boolean[].class))
                .containsExactly(true, false, true, true, false);
        assertThat(producer.requestBody(uri("function=coil&address=19&count=4"), null, boolean[].class))
                .containsExactly(false, true, true, false);
    }

    @Test
    void anExceptionReplyNamesUnitFunctionAddressAndMeaning() {
        assertThatThrownBy(() -> producer.requestBody(uri("unitId=3&address=500&count=2"), (Object) null))
                .isInstanceOf(CamelExecutionException.class)
                .cause()
                .isInstanceOfSatisfying(ModbusReplyException.class, e -> {
                    assertThat(e.exceptionCode()).isEqualTo(2);
                    assertThat(e.unitId()).isEqualTo(3);
                    assertThat(e.address()).isEqualTo(500);
                })
                .hasMessage("Modbus unit 3 refused read of holding at address 500: exception 02 "
                        + "(illegal data address: the address range is not available on the device)");

        // the connection survived the exception reply
        assertThat(producer.requestBody(uri("unitId=3&address=1&count=1"), null, int[].class)).containsExactly(1);
    }

    @Test
    void badWriteBodiesAndReadOnlyTablesAreRefusedWithoutTraffic() {
        assertThatThrownBy(() -> producer.requestBody(uri("address=0&operation=write"), List.of(1, 70000)))
                .cause().isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("70000").hasMessageContaining("-32768..65535");
        assertThatThrownBy(() -> producer.requestBody(uri("function=coil&operation=write"), "maybe"))
                .cause().isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maybe");
        assertThatThrownBy(() -> producer.requestBodyAndHeader(uri("unitId=3&function=input"), 1, ModbusHeaders.OPERATION, "write"))
                .cause().isInstanceOf(IllegalArgumentException.class).hasMessageContaining("function=input");
        assertThatThrownBy(() -> producer.requestBodyAndHeader(uri("unitId=3"), 1, ModbusHeaders.OPERATION, "erase"))
                .cause().isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ModbusOperation=erase");
    }

    @Test
    void theEndpointKeepsOneConnectionAndClosesItWhenStopped() throws Exception {
        ModbusEndpoint endpoint = context.getEndpoint(uri("unitId=3&address=0&count=2"), ModbusEndpoint.class);
        producer.requestBody(endpoint, (Object) null);
        ModbusConnection connection = endpoint.connection();
        producer.requestBody(endpoint, (Object) null);
        assertThat(endpoint.connection()).isSameAs(connection);
        assertThat(connection.isOpen()).isTrue();

        endpoint.stop();

        assertThat(connection.isOpen()).isFalse();
    }

    static int[] range(int from, int toExclusive) {
        int[] values = new int[toExclusive - from];
        for (int i = 0; i < values.length; i++) {
            values[i] = from + i;
        }
        return values;
    }
}
