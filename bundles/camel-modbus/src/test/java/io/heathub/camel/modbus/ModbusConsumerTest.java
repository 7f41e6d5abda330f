package io.heathub.camel.modbus;

import static org.assertj.core.api.Assertions.assertThat;

import io.heathub.testkit.FreePorts;
import io.heathub.testkit.peers.PymodbusServer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The polling consumer: one exchange per poll with the whole block, and recovery when the peer appears late. */
class ModbusConsumerTest {
    private DefaultCamelContext context;
    private final BlockingQueue<Poll> polls = new LinkedBlockingQueue<>();

    record Poll(Object body, Map<String, Object> headers, long atNanos) {
    }

    @BeforeEach
    void createContext() {
        context = new DefaultCamelContext();
        context.addComponent("modbus", new ModbusComponent());
    }

    @AfterEach
    void stopContext() {
        context.stop();
    }

    private void pollInto(String uri) throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri).routeId("poller").process(e -> polls.add(
                        new Poll(e.getMessage().getBody(), Map.copyOf(e.getMessage().getHeaders()), System.nanoTime())));
            }
        });
        context.start();
    }

    @Test
    void emitsOneExchangePerPollWithTheWholeBlock() throws Exception {
        try (PymodbusServer server = PymodbusServer.tcp(Map.of(4, Map.of("ir", new int[] {0, 0, 9, 8, 7})))) {
            pollInto("modbus:tcp://127.0.0.1:" + server.port() + "?unitId=4&function=input&address=2&count=3"
                    + "&initialDelay=0&delay=150");

            List<Poll> received = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Poll poll = polls.poll(10, TimeUnit.SECONDS);
                assertThat(poll).as("poll %d", i + 1).isNotNull();
                received.add(poll);
            }

            assertThat(received).allSatisfy(poll -> {
                assertThat((int[]) poll.body()).containsExactly(9, 8, 7);
                assertThat(poll.headers()).containsEntry(ModbusHeaders.UNIT_ID, 4)
                        .containsEntry(ModbusHeaders.FUNCTION, "input").containsEntry(ModbusHeaders.ADDRESS, 2);
            });
            long spanMillis = TimeUnit.NANOSECONDS.toMillis(received.get(3).atNanos() - received.get(0).atNanos());
            assertThat(spanMillis).as("three delays of 150 ms between four polls").isGreaterThanOrEqualTo(400);
        }
    }

    @Test
    void keepsPollingWhileThePeerIsDownAndDeliversOnceItIsUp() throws Exception {
        int port = FreePorts.tcp();
        pollInto("modbus:tcp://127.0.0.1:" + port + "?function=coil&count=3&initialDelay=0&delay=200&timeout=300ms");

        assertThat(polls.poll(700, TimeUnit.MILLISECONDS)).as("nothing while nobody listens").isNull();
        assertThat(context.getRouteController().getRouteStatus("poller").isStarted()).isTrue();

        try (PymodbusServer server = PymodbusServer.tcp(Map.of(1, Map.of("co", new int[] {1, 1, 0})), port)) {
            Poll poll = polls.poll(10, TimeUnit.SECONDS);
            assertThat(poll).isNotNull();
            assertThat((boolean[]) poll.body()).containsExactly(true, true, false);
        }
    }
}
