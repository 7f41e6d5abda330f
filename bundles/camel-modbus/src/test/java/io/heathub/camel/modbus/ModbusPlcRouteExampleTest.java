package io.heathub.camel.modbus;

import static org.assertj.core.api.Assertions.assertThat;

import io.heathub.testkit.peers.PymodbusServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The example route file config/routes/modbus-plc.yaml, loaded with the YAML DSL as the hub loads
 * it, against pymodbus holding the simulator PLC's register layout (float32 big-endian pairs).
 */
class ModbusPlcRouteExampleTest {
    private static final Path ROUTE_FILE = Path.of("../../config/routes/modbus-plc.yaml");
    /** outdoor, supply, return °C, supply and return bar, setpoint °C, valve %. */
    private static final float[] PLC_VALUES = {-5.5f, 72.25f, 45.0f, 6.0f, 3.5f, 75.0f, 42.5f};

    private final DefaultCamelContext context = new DefaultCamelContext();
    private final Logger routeLog = Logger.getLogger("heathub.modbus.plc");
    private final BlockingQueue<String> logged = new LinkedBlockingQueue<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @AfterEach
    void stop() {
        context.stop();
        routeLog.removeHandler(capture);
    }

    @Test
    void theExampleRoutePollsThePlcRegistersAndLogsThem() throws Exception {
        int[] registers = plcRegisters();
        try (PymodbusServer plc = PymodbusServer.tcp(Map.of(1, Map.of("hr", registers)))) {
            routeLog.addHandler(capture);
            BlockingQueue<int[]> bodies = new LinkedBlockingQueue<>();
            context.getManagementStrategy().addEventNotifier(new EventNotifierSupport() {
                @Override
                public void notify(CamelEvent event) {
                    if (event instanceof CamelEvent.ExchangeCompletedEvent done
                            && "modbus-plc".equals(done.getExchange().getFromRouteId())) {
                        bodies.add(done.getExchange().getMessage().getBody(int[].class));
                    }
                }
            });
            context.getPropertiesComponent().addInitialProperty("heathub.plc.port", Integer.toString(plc.port()));
            context.addComponent("modbus", new ModbusComponent());
            context.start();

            assertThat(Files.isRegularFile(ROUTE_FILE)).as(ROUTE_FILE.toAbsolutePath().toString()).isTrue();
            PluginHelper.getRoutesLoader(context).loadRoutes(
                    ResourceHelper.resolveMandatoryResource(context, "file:" + ROUTE_FILE.toAbsolutePath()));

            ModbusEndpoint endpoint = (ModbusEndpoint) context.getRoute("modbus-plc").getEndpoint();
            assertThat(endpoint.getSettings()).isEqualTo(new ModbusEndpoint.Settings(
                    new ModbusTarget.Tcp("127.0.0.1", plc.port(), false), 1, ModbusFunction.HOLDING, 0, 14, 1000, false));
            assertThat(endpoint.getDelay()).as("polls every 30 s").isEqualTo(30_000);

            int[] body = bodies.poll(15, TimeUnit.SECONDS);
            assertThat(body).as("first poll of the example route").isNotNull().containsExactly(registers);
            assertThat(floats(body)).containsExactly(PLC_VALUES);
            String line = logged.poll(5, TimeUnit.SECONDS);
            assertThat(line).startsWith("PLC unit 1 holding registers 0..: ")
                    .contains(Integer.toString(registers[0])).contains(Integer.toString(registers[13]));
        }
    }

    private static int[] plcRegisters() {
        int[] registers = new int[PLC_VALUES.length * 2];
        for (int i = 0; i < PLC_VALUES.length; i++) {
            int bits = Float.floatToIntBits(PLC_VALUES[i]);
            registers[2 * i] = bits >>> 16;
            registers[2 * i + 1] = bits & 0xFFFF;
        }
        return registers;
    }

    private static float[] floats(int[] registers) {
        float[] values = new float[registers.length / 2];
        for (int i = 0; i < values.length; i++) {
            values[i] = Float.intBitsToFloat(registers[2 * i] << 16 | registers[2 * i + 1]);
        }
        return values;
    }
}
