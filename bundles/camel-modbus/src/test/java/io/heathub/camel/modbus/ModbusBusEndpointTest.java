package io.heathub.camel.modbus;

import io.heathub.testkit.peers.PymodbusServer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.heathub.api.driver.Command;
import io.heathub.api.driver.CommandResult;
import io.heathub.api.driver.DeviceConfig;
import io.heathub.api.driver.DeviceException;
import io.heathub.api.driver.DeviceSession;
import io.heathub.api.driver.LinkFactory;
import io.heathub.api.hub.BusAccess;
import io.heathub.api.hub.CommandService;
import io.heathub.driver.modbus.ModbusDriver;
import io.heathub.transport.TcpLinkFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code modbus:bus/plc} endpoints against pymodbus playing the substation PLC, through a one-bus
 * stand-in for core (one worker thread owning one real TCP link, the real Modbus driver executing
 * commands). Core's own queueing is tested in core and in Felix (itests).
 */
class ModbusBusEndpointTest {
    /** 70.25 °C supply, 70 °C setpoint (float32, high word first), as the simulator's PLC map. */
    private static final int[] PLC = {0, 0, 0x428C, 0x8000, 0, 0, 0, 0, 0, 0, 0x428C, 0, 0, 0};

    private PymodbusServer server;
    private OneBusHub hub;
    private DefaultCamelContext context;
    private ProducerTemplate producer;

    @BeforeEach
    void start() throws Exception {
        server = PymodbusServer.tcp(Map.of(1, Map.of("hr", PLC.clone())));
        hub = new OneBusHub(URI.create("tcp://127.0.0.1:" + server.port()));
        context = new DefaultCamelContext();
        context.addComponent("modbus", new ModbusComponent(hub, hub));
        context.start();
        producer = context.createProducerTemplate();
    }

    @AfterEach
    void stop() {
        context.stop();
        hub.close();
        server.close();
    }

    @Test
    void aConsumerReadsTheBlockOnTheBusWorkerOverItsLink() throws Exception {
        List<Object> bodies = new CopyOnWriteArrayList<>();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("modbus:bus/plc?unitId=1&count=14&delay=100").process(e -> bodies.add(e.getMessage().getBody()));
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (bodies.size() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(bodies).hasSizeGreaterThanOrEqualTo(3).allSatisfy(b -> assertThat((int[]) b).containsExactly(PLC));
        assertThat(hub.threads).containsOnly("bus-plc");
        assertThat(hub.linksOpened).isEqualTo(1);
    }

    @Test
    void aProducerReadSetsTheHeadersAndAnUnknownBusFailsNamingIt() {
        Exchange read = producer.request("modbus:bus/plc?unitId=1&address=2&count=2", e -> { });
        assertThat(read.getException()).isNull();
        assertThat((int[]) read.getMessage().getBody()).containsExactly(0x428C, 0x8000);
        assertThat(read.getMessage().getHeader(ModbusHeaders.ADDRESS)).isEqualTo(2);
        // dataType: the registers as numbers a YAML route can use without Java
        assertThat(producer.requestBody("modbus:bus/plc?unitId=1&address=2&count=2&dataType=float32", "", List.class))
                .containsExactly(new java.math.BigDecimal("70.25"));
        assertThat(producer.requestBody("modbus:bus/plc?unitId=1&address=2&count=2&dataType=uint16", "", List.class))
                .containsExactly(new java.math.BigDecimal(0x428C), new java.math.BigDecimal(0x8000));
        assertThat(producer.requestBody("modbus:bus/plc?unitId=1&address=2&count=2&dataType=int16", "", List.class))
                .containsExactly(new java.math.BigDecimal(0x428C), new java.math.BigDecimal(-32768));
        assertThatThrownBy(() -> producer.requestBody("modbus:bus/nope?unitId=1", ""))
                .isInstanceOf(CamelExecutionException.class).cause().hasMessage("no bus 'nope' (test)");
        // A NAK from the device reaches the route with the driver's words.
        assertThatThrownBy(() -> producer.requestBody("modbus:bus/plc?unitId=1&address=500", ""))
                .cause().isInstanceOf(DeviceException.class).hasMessageContaining("illegal data address");
    }

    @Test
    void aWriteIsARawCommandToTheDeviceAtTheUnitWithinItsProfile() {
        Exchange done = producer.request("modbus:bus/plc?unitId=1&address=10&operation=write", e -> {
            e.getMessage().setBody(new int[] {0x4285, 0}); // 66.5 °C
            e.getMessage().setHeader(ModbusHeaders.REQUEST_ID, "w-1");
        });
        assertThat(done.getException()).isNull();
        assertThat(done.getMessage().getHeader(ModbusHeaders.COMMAND_STATUS)).isEqualTo("DONE");
        assertThat(done.getMessage().getHeader(ModbusHeaders.COUNT)).isEqualTo(2);
        Command sent = hub.commands.get(0);
        assertThat(sent.requestId()).isEqualTo("w-1");
        assertThat(sent.device()).isEqualTo("plc-1");
        assertThat(sent.point()).isEqualTo("raw.holding.10.2");
        assertThat(sent.value()).isEqualByComparingTo("1116012544");
        assertThat(sent.requestedBy()).startsWith("route:");
        assertThat((int[]) producer.requestBody("modbus:bus/plc?unitId=1&address=10&count=2", ""))
                .containsExactly(0x4285, 0);

        // Above the profile's 95 °C: refused by the driver, the exchange fails with the reason.
        assertThatThrownBy(() -> producer.requestBody("modbus:bus/plc?unitId=1&address=10&operation=write",
                new int[] {0x42C0, 0})).cause().isInstanceOf(ModbusCommandException.class)
                .hasMessageContaining("REFUSED").hasMessageContaining("setpoint.supply 96 is outside 20..95");
        // No device declared at unit 2: nothing is sent.
        int before = hub.commands.size();
        assertThatThrownBy(() -> producer.requestBody("modbus:bus/plc?unitId=2&address=10&operation=write",
                new int[] {0x4285, 0})).cause().isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no device with address 2 on bus plc in site.yaml");
        assertThatThrownBy(() -> producer.requestBody("modbus:bus/plc?unitId=1&function=coil&address=0&operation=write",
                new boolean[] {true, false})).cause().hasMessageContaining("one coil per write");
        assertThat(hub.commands).hasSize(before);
    }

    @Test
    void busOptionsAreCheckedWhenTheEndpointIsCreated() {
        assertThatThrownBy(() -> context.getEndpoint("modbus:bus/pl c")).hasStackTraceContaining("expected bus/<bus id>");
        assertThatThrownBy(() -> context.getEndpoint("modbus:bus/plc?framing=ascii"))
                .hasStackTraceContaining("Invalid option framing=ascii");
        assertThatThrownBy(() -> context.getEndpoint("modbus:bus/plc?resultTimeout=0"))
                .hasStackTraceContaining("Invalid option resultTimeout=0");
        // The bus owns its line settings: serial options are unknown here.
        assertThatThrownBy(() -> context.getEndpoint("modbus:bus/plc?baud=9600")).hasStackTraceContaining("baud");
        assertThatThrownBy(() -> context.getEndpoint("modbus:bus/plc?count=3&dataType=float32"))
                .hasStackTraceContaining("count=3 is not a multiple of its 2 registers");
        assertThatThrownBy(() -> context.getEndpoint("modbus:bus/plc?dataType=real"))
                .hasStackTraceContaining("Invalid option dataType=real");
        ModbusEndpoint endpoint = (ModbusEndpoint) context.getEndpoint("modbus:bus/plc?framing=rtu&resultTimeout=5s");
        assertThat(endpoint.getSettings().target()).isEqualTo(new ModbusTarget.Bus("plc", true));
        assertThat(endpoint.getSettings().resultTimeoutMillis()).isEqualTo(5000);
    }

    /** One bus "plc" with one worker thread and one link, and plc-1 (substation-plc) at unit 1. */
    private static final class OneBusHub implements BusAccess, CommandService, AutoCloseable {
        final Set<String> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();
        final List<Command> commands = new CopyOnWriteArrayList<>();
        volatile int linksOpened;
        private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> new Thread(r, "bus-plc"));
        private final URI uri;
        private LinkFactory.ManagedLink link;
        private DeviceSession plc;

        OneBusHub(URI uri) {
            this.uri = uri;
        }

        private LinkFactory.ManagedLink link() throws IOException {
            if (link == null) {
                link = new TcpLinkFactory().open(uri);
                linksOpened++;
            }
            return link;
        }

        @Override
        public <T> CompletionStage<T> run(String busId, LinkWork<T> work) {
            if (!busId.equals("plc")) {
                return CompletableFuture.failedFuture(new IllegalArgumentException("no bus '" + busId + "' (test)"));
            }
            CompletableFuture<T> result = new CompletableFuture<>();
            worker.execute(() -> {
                threads.add(Thread.currentThread().getName());
                try {
                    result.complete(work.run(link()));
                } catch (Exception e) {
                    result.completeExceptionally(e);
                }
            });
            return result;
        }

        @Override
        public Optional<String> deviceAt(String busId, String address) {
            return busId.equals("plc") && address.equals("1") ? Optional.of("plc-1") : Optional.empty();
        }

        @Override
        public CompletionStage<CommandResult> submit(Command command) {
            commands.add(command);
            return CompletableFuture.supplyAsync(() -> {
                try {
                    if (plc == null) {
                        plc = new ModbusDriver().open(new DeviceConfig("plc-1", "modbus", "plc", "1",
                                Map.of("profile", "substation-plc"), Duration.ofSeconds(5), Path.of("../../config"),
                                "site.yaml:1"), link());
                    }
                    return plc.execute(command);
                } catch (DeviceException e) {
                    return CommandResult.failed(command.requestId(), e.getMessage());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, worker);
        }

        @Override
        public void close() {
            worker.shutdownNow();
            if (link != null) {
                link.close();
            }
        }
    }
}
