package io.heathub.camel.modbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.camel.ResolveEndpointFailedException;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** URI parsing: defaults, and every bad option refused with its name and value. No traffic. */
class ModbusOptionsTest {
    private DefaultCamelContext context;

    @BeforeEach
    void startContext() {
        context = new DefaultCamelContext();
        context.addComponent("modbus", new ModbusComponent());
        context.start();
    }

    @AfterEach
    void stopContext() {
        context.stop();
    }

    private ModbusEndpoint.Settings settings(String uri) {
        return context.getEndpoint(uri, ModbusEndpoint.class).getSettings();
    }

    @Test
    void defaultsApplyToABareTcpAddress() {
        ModbusEndpoint.Settings s = settings("modbus:tcp://plc.local");

        assertThat(s.target()).isEqualTo(new ModbusTarget.Tcp("plc.local", 502, false));
        assertThat(s.unitId()).isEqualTo(1);
        assertThat(s.function()).isEqualTo(ModbusFunction.HOLDING);
        assertThat(s.address()).isZero();
        assertThat(s.count()).isEqualTo(1);
        assertThat(s.timeoutMillis()).isEqualTo(1000);
        assertThat(s.write()).isFalse();
    }

    @Test
    void everyOptionIsTaken() {
        ModbusEndpoint.Settings s = settings(
                "modbus:tcp://10.0.0.7:5020?unitId=3&function=coil&address=100&count=2000&timeout=2500&framing=rtu&operation=write");

        assertThat(s).isEqualTo(new ModbusEndpoint.Settings(new ModbusTarget.Tcp("10.0.0.7", 5020, true),
                3, ModbusFunction.COIL, 100, 2000, 2500, true, 0, null, true));
        assertThat(settings("modbus://tcp://127.0.0.1:15020?timeout=1m").timeoutMillis()).isEqualTo(60_000);
    }

    @Test
    void serialAddressesTakeTheLineSettings() {
        ModbusEndpoint.Settings s = settings("modbus:serial:/dev/ttyUSB0?baud=19200&parity=even&dataBits=8&stopBits=1&unitId=7");
        assertThat(s.target()).isEqualTo(new ModbusTarget.Serial("/dev/ttyUSB0", 19200, 8, "even", 1, "rtu"));
        assertThat(settings("modbus:serial:///dev/ttyS1?framing=ascii").target())
                .isEqualTo(new ModbusTarget.Serial("/dev/ttyS1", 9600, 8, "none", 1, "ascii"));
    }

    @Test
    void scheduledPollOptionsAreTakenByTheConsumerSide() {
        ModbusEndpoint endpoint = context.getEndpoint("modbus:tcp://127.0.0.1:1?delay=250&initialDelay=0", ModbusEndpoint.class);

        assertThat(endpoint.getDelay()).isEqualTo(250);
        assertThat(endpoint.getInitialDelay()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "function=foo | function=foo",
        "count=0 | count=0",
        "count=126 | count=126",
        "function=discrete&count=2001 | count=2001",
        "address=65536 | address=65536",
        "address=-1 | address=-1",
        "address=65535&count=2 | beyond 65535",
        "unitId=256 | unitId=256",
        "unitId=x | unitId=x",
        "timeout=soon | timeout=soon",
        "framing=ascii | framing=ascii",
        "operation=delete | operation=delete",
        "function=input&operation=write | function=input is read-only",
        "colour=red | colour",
    })
    void badOptionsAreRefusedNamingOptionAndValue(String options, String named) {
        assertThatThrownBy(() -> context.getEndpoint("modbus:tcp://127.0.0.1:502?" + options))
                .isInstanceOf(ResolveEndpointFailedException.class)
                .hasMessageContaining(named);
    }

    @Test
    void unknownTransportsAreRefused() {
        assertThatThrownBy(() -> context.getEndpoint("modbus:udp://127.0.0.1:502"))
                .isInstanceOf(ResolveEndpointFailedException.class)
                .hasMessageContaining("udp://127.0.0.1:502").hasMessageContaining("tcp://host[:port] or serial:");
        assertThatThrownBy(() -> context.getEndpoint("modbus:serial:/dev/ttyUSB0?parity=mark"))
                .isInstanceOf(ResolveEndpointFailedException.class).hasMessageContaining("parity=mark");
    }
}
