package io.heathub.forward.mqtt;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import io.heathub.api.Reading;
import io.heathub.api.Unit;
import io.heathub.api.driver.Command;
import io.heathub.api.driver.CommandResult;
import io.heathub.api.hub.CommandService;
import io.heathub.api.hub.DeviceStatus;
import io.heathub.api.hub.HubStatus;
import io.heathub.testkit.InMemoryJournal;
import io.heathub.testkit.LogCapture;
import io.heathub.testkit.Waits;
import io.heathub.testkit.peers.Mosquitto;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ThingsBoard server-side RPC and attributes through a real mosquitto: the uplink in the ThingsBoard format
 * connects panel-003, and a HiveMQ client playing the ThingsBoard server sends requests on
 * {@code v1/gateway/rpc} and reads the replies there. The command service is a small stand-in for
 * core's (forward-mqtt does not depend on core) that keeps core's contract: site bounds refused at
 * once, a known request id answered with its outcome and never run twice, a valve write queued
 * behind a poll for a moment.
 */
class ThingsBoardRpcTest {
    private static final Instant T0 = Instant.parse("2026-11-23T08:00:00Z");
    private static final Duration RPC_TIMEOUT = Duration.ofSeconds(1);

    @TempDir
    Path dir;

    private final InMemoryJournal journal = new InMemoryJournal();
    private final Panel panel = new Panel();
    private final List<String> replies = new CopyOnWriteArrayList<>();
    private final List<String> connects = new CopyOnWriteArrayList<>();
    /** Client attributes the hub published on v1/gateway/attributes. */
    private final List<String> attributes = new CopyOnWriteArrayList<>();
    private LogCapture attributesLog;
    private DefaultCamelContext camel;
    private Mosquitto broker;
    private Mqtt5AsyncClient server;
    private MqttUplink uplink;
    private final ThingsBoardRpc.HubServices hubServices = new ThingsBoardRpc.HubServices(panel, panel, RPC_TIMEOUT);

    /** The field behind core's command path: what was asked, what ran, what the panel holds. */
    private static final class Panel implements CommandService, HubStatus {
        final List<Command> submitted = new CopyOnWriteArrayList<>();
        final AtomicInteger executed = new AtomicInteger();
        final Map<String, CompletableFuture<CommandResult>> book = new ConcurrentHashMap<>();
        final Map<String, BigDecimal> values = new ConcurrentHashMap<>(Map.of("panel-003/temp.room", new BigDecimal("20.5")));

        @Override
        public CompletionStage<CommandResult> submit(Command command) {
            submitted.add(command);
            return book.computeIfAbsent(command.requestId(), id -> run(command));
        }

        private CompletableFuture<CommandResult> run(Command command) {
            if (command.point().equals("setpoint.room")
                    && (command.value().compareTo(BigDecimal.valueOf(5)) < 0 || command.value().compareTo(BigDecimal.valueOf(35)) > 0)) {
                return CompletableFuture.completedFuture(CommandResult.refused(command.requestId(),
                        "setpoint.room " + command.value() + " is outside the site's bounds 5..35"));
            }
            executed.incrementAndGet();
            long delay = switch (command.point()) {
                case "valve.state" -> 300; // queued behind a poll
                case "setpoint.flow" -> 3_000; // longer than the RPC timeout
                default -> 0;
            };
            CompletableFuture<CommandResult> done = new CompletableFuture<>();
            CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS).execute(() -> {
                values.put(command.device() + "/" + command.point(), command.value());
                done.complete(CommandResult.done(command.requestId(), command.value()));
            });
            return done;
        }

        @Override
        public List<Reading> latest() {
            return values.entrySet().stream().map(e -> {
                String[] key = e.getKey().split("/");
                return Reading.good(key[0], key[1], e.getValue(), Unit.CELSIUS, T0);
            }).toList();
        }

        volatile DeviceStatus.State state = DeviceStatus.State.RUNNING;

        @Override
        public List<DeviceStatus> devices() {
            return List.of(new DeviceStatus("panel-003", "modbus", "rs485-1", state, "", java.util.Optional.empty(), 1, 0));
        }

        @Override
        public List<String> configErrors() {
            return List.of();
        }
    }

    @BeforeEach
    void start() throws Exception {
        broker = Mosquitto.in(dir.resolve("broker")).start();
        server = Mqtt5Client.builder().identifier("thingsboard-" + UUID.randomUUID()).serverHost("127.0.0.1")
                .serverPort(broker.port()).buildAsync();
        server.publishes(MqttGlobalPublishFilter.ALL, p -> {
            String payload = new String(p.getPayloadAsBytes(), UTF_8);
            String topic = p.getTopic().toString();
            (topic.equals(ThingsBoardGateway.CONNECT_TOPIC) ? connects
                    : topic.equals(ThingsBoardAttributes.TOPIC) ? attributes : replies).add(payload);
        });
        server.connect().get(10, TimeUnit.SECONDS);
        server.subscribeWith().topicFilter(ThingsBoardGateway.CONNECT_TOPIC).qos(MqttQos.AT_LEAST_ONCE).send()
                .get(10, TimeUnit.SECONDS);
        // no local: the server reads the hub's replies, not its own requests
        server.subscribeWith().topicFilter(ThingsBoardRpc.TOPIC).qos(MqttQos.AT_LEAST_ONCE).noLocal(true).send()
                .get(10, TimeUnit.SECONDS);
        server.subscribeWith().topicFilter(ThingsBoardAttributes.TOPIC).qos(MqttQos.AT_LEAST_ONCE).noLocal(true).send()
                .get(10, TimeUnit.SECONDS);
        attributesLog = LogCapture.of(ThingsBoardAttributes.class);
        hubServices.configured.set(() -> List.of(new io.heathub.api.driver.DeviceConfig("panel-003", "modbus", "rs485-1",
                "3", Map.of("profile", "bac-002-station"), Duration.ofSeconds(10), dir, "site.yaml:12")));
        camel = new DefaultCamelContext();
        camel.start();
        UplinkSettings settings = new UplinkSettings(broker.url(), "", "", "heathub", "hub-tb", 100,
                Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(5))
                .withFormat(UplinkSettings.Format.THINGSBOARD);
        uplink = new MqttUplink(journal, camel, settings, () -> java.util.Optional.of("site-test"),
                hubServices);
        // the uplink connects with its first batch and subscribes before it connects the device
        journal.append(List.of(Reading.good("panel-003", "temp.room", new BigDecimal("20.5"), Unit.CELSIUS, T0)));
        await(() -> connects.contains("{\"device\":\"panel-003\"}"));
    }

    @AfterEach
    void stop() throws Exception {
        if (uplink != null) {
            uplink.close();
        }
        camel.stop();
        server.disconnect().get(5, TimeUnit.SECONDS);
        broker.close();
        attributesLog.close();
    }

    private void request(String json) {
        server.publishWith().topic(ThingsBoardRpc.TOPIC).qos(MqttQos.AT_LEAST_ONCE).payload(json.getBytes(UTF_8)).send()
                .join();
    }

    private void request(int id, String method, String params) {
        request("{\"device\":\"panel-003\",\"data\":{\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + params
                + "}}");
    }

    /** The replies to request {@code id}, with the hub's request id cut out (it holds the session's start). */
    private List<String> repliesTo(int id) {
        return replies.stream().filter(r -> r.contains("\"id\":" + id + ","))
                .map(r -> r.replaceAll(",\"requestId\":\"tb:[0-9a-z]+\\.1:panel-003:" + id + "\"", ""))
                .toList();
    }

    private String awaitReply(int id) {
        await(() -> !repliesTo(id).isEmpty());
        return repliesTo(id).get(0);
    }

    @Test
    void aSetpointRunsThroughTheCommandPathAndIsAnsweredDoneWithTheReadBackValue() {
        request(7, "setValue", "{\"point\":\"setpoint.room\",\"value\":21}");
        assertThat(awaitReply(7)).isEqualTo(
                "{\"device\":\"panel-003\",\"id\":7,\"data\":{\"success\":true,\"status\":\"DONE\",\"value\":21}}");
        assertThat(panel.submitted).singleElement().satisfies(c -> {
            assertThat(c.device()).isEqualTo("panel-003");
            assertThat(c.point()).isEqualTo("setpoint.room");
            assertThat(c.value()).isEqualByComparingTo("21");
            assertThat(c.requestedBy()).isEqualTo("thingsboard:hub-tb");
            assertThat(c.requestId()).matches("tb:[0-9a-z]+\\.1:panel-003:7");
        });
        // and read back through getValue, from the hub's latest readings
        request(8, "getValue", "{\"point\":\"setpoint.room\"}");
        assertThat(awaitReply(8)).isEqualTo(
                "{\"device\":\"panel-003\",\"id\":8,\"data\":{\"success\":true,\"status\":\"DONE\",\"value\":21}}");
    }

    @Test
    void aSetpointOutOfBoundsIsRefusedWithTheReason() {
        request(11, "setValue", "{\"point\":\"setpoint.room\",\"value\":40}");
        assertThat(awaitReply(11)).isEqualTo("{\"device\":\"panel-003\",\"id\":11,\"data\":{\"success\":false,"
                + "\"status\":\"REFUSED\",\"error\":\"setpoint.room 40 is outside the site's bounds 5..35\"}}");
        assertThat(panel.executed).hasValue(0);
        assertThat(panel.values).doesNotContainKey("panel-003/setpoint.room");
    }

    @Test
    void aHouseholdsThermostatModeIsSetByNameOrNumberThroughTheCommandPath() {
        request(71, "setMode", "{\"mode\":\"schedule\"}");
        assertThat(awaitReply(71)).isEqualTo(
                "{\"device\":\"panel-003\",\"id\":71,\"data\":{\"success\":true,\"status\":\"DONE\",\"value\":1}}");
        request(72, "setMode", "{\"mode\":2}");
        assertThat(awaitReply(72)).contains("\"status\":\"DONE\"", "\"value\":2");
        assertThat(panel.submitted).extracting(Command::point).containsExactly("thermostat.mode", "thermostat.mode");
        assertThat(panel.values).containsEntry("panel-003/thermostat.mode", BigDecimal.valueOf(2));

        request(73, "setMode", "{\"mode\":\"holiday\"}");
        assertThat(awaitReply(73)).contains("\"status\":\"REFUSED\"",
                "method setMode needs \\\"mode\\\" as one of [temperature, schedule, flow] or its number 0..2");
        assertThat(panel.submitted).hasSize(2);
    }

    @Test
    void eachDevicesClientAttributesArePublishedAfterItsConnectAndAgainWhenTheyChange() throws Exception {
        String running = "{\"panel-003\":{\"driver\":\"modbus\",\"bus\":\"rs485-1\",\"address\":\"3\","
                + "\"profile\":\"bac-002-station\",\"state\":\"RUNNING\"}}";
        await(() -> attributes.contains(running));
        journal.append(List.of(Reading.good("panel-003", "temp.room", new BigDecimal("20.6"), Unit.CELSIUS, T0.plusSeconds(60))));
        await(() -> journal.committed(MqttUplink.CURSOR) == journal.head());
        assertThat(attributes).as("unchanged: not sent again").containsExactly(running);

        panel.state = DeviceStatus.State.FAILING;
        journal.append(List.of(Reading.good("panel-003", "temp.room", new BigDecimal("20.7"), Unit.CELSIUS, T0.plusSeconds(120))));
        await(() -> attributes.size() == 2);
        assertThat(attributes.get(1)).isEqualTo(running.replace("RUNNING", "FAILING"));
        // the hub's own attribute messages are not taken for the server's updates (no local)
        assertThat(attributesLog.lines()).isEmpty();
    }

    @Test
    void sharedAttributesAreCommandsThroughTheCommandPathAndTheOthersAreLoggedWithTheReason() {
        server.publishWith().topic(ThingsBoardAttributes.TOPIC).qos(MqttQos.AT_LEAST_ONCE).payload(
                ("{\"device\":\"panel-003\",\"data\":{\"setpoint.room\":22,\"thermostat.mode\":\"flow\","
                        + "\"note\":\"hello\"}}").getBytes(UTF_8)).send().join();
        server.publishWith().topic(ThingsBoardAttributes.TOPIC).qos(MqttQos.AT_LEAST_ONCE).payload(
                "{\"device\":\"panel-003\",\"data\":{\"setpoint.room\":40}}".getBytes(UTF_8)).send().join();
        server.publishWith().topic(ThingsBoardAttributes.TOPIC).qos(MqttQos.AT_LEAST_ONCE).payload(
                "{not json".getBytes(UTF_8)).send().join();
        await(() -> attributesLog.lines().stream().anyMatch(l -> l.contains("setpoint.room=40")));
        await(() -> panel.values.containsKey("panel-003/thermostat.mode"));
        assertThat(panel.values).containsEntry("panel-003/setpoint.room", new BigDecimal("22"))
                .containsEntry("panel-003/thermostat.mode", BigDecimal.valueOf(2));
        assertThat(panel.submitted).hasSize(3).allSatisfy(c -> {
            assertThat(c.requestedBy()).isEqualTo("thingsboard:hub-tb");
            assertThat(c.requestId()).matches("tba:[0-9a-z]+\\.1:panel-003:[123]");
        });
        assertThat(panel.executed).hasValue(2);
        await(() -> attributesLog.lines().size() == 5);
        assertThat(attributesLog.lines()).anyMatch(l -> l.startsWith("WARNING ThingsBoard attributes: shared attribute "
                + "note of panel-003 not applied: it is not a point with a number"))
                .anyMatch(l -> l.startsWith("WARNING ThingsBoard attributes: shared attribute setpoint.room=40 of panel-003")
                        && l.endsWith("REFUSED: setpoint.room 40 is outside the site's bounds 5..35"))
                .anyMatch(l -> l.startsWith("INFO ThingsBoard attributes: shared attribute thermostat.mode=2 of panel-003")
                        && l.endsWith("DONE"))
                .anyMatch(l -> l.startsWith("WARNING ThingsBoard attributes: refused an update: "));
    }

    @Test
    void aRequestSentAgainWithTheSameIdRunsOnceAndIsAnsweredTwice() {
        request(21, "setValve", "{\"open\":true}");
        request(21, "setValve", "{\"open\":true}"); // while the first is still queued
        await(() -> repliesTo(21).size() == 2);
        String done = "{\"device\":\"panel-003\",\"id\":21,\"data\":{\"success\":true,\"status\":\"DONE\",\"value\":1}}";
        assertThat(repliesTo(21)).containsExactly(done, done);
        assertThat(panel.submitted).hasSize(2).extracting(Command::requestId).containsOnly(panel.submitted.get(0).requestId());
        assertThat(panel.submitted.get(0).point()).isEqualTo("valve.state");
        assertThat(panel.executed).hasValue(1);

        request(21, "setValve", "{\"open\":true}"); // after it ended
        await(() -> repliesTo(21).size() == 3);
        assertThat(repliesTo(21).get(2)).isEqualTo(done);
        assertThat(panel.executed).hasValue(1);
    }

    @Test
    void unknownMethodsAndBadParamsAreRefusedAtOnceWithTheReason() {
        request(31, "reboot", "{}");
        request(32, "setValve", "{\"open\":\"yes\"}");
        request(33, "setValue", "{\"point\":\"setpoint.room\",\"value\":21,\"unit\":\"F\"}");
        request(34, "setValue", "{\"point\":\"setpoint room\",\"value\":21}");
        request(35, "getValue", "{\"point\":\"temp.supply\"}");
        request(36, "re\\nboot", "{}"); // a method name with a line break in it
        assertThat(awaitReply(31)).isEqualTo("{\"device\":\"panel-003\",\"id\":31,\"data\":{\"success\":false,"
                + "\"status\":\"REFUSED\",\"error\":\"unknown method \\\"reboot\\\" (known: setValue, getValue, setValve, setMode)\"}}");
        assertThat(awaitReply(32)).contains("\"status\":\"REFUSED\"", "method setValve needs \\\"open\\\" as true or false");
        assertThat(awaitReply(33)).contains("\"status\":\"REFUSED\"", "method setValue does not take \\\"unit\\\" (it takes [point, value])");
        assertThat(awaitReply(34)).contains("\"status\":\"REFUSED\"", "is not a point name");
        assertThat(awaitReply(35)).isEqualTo("{\"device\":\"panel-003\",\"id\":35,\"data\":{\"success\":false,"
                + "\"status\":\"FAILED\",\"error\":\"the hub has no reading of temp.supply from panel-003\"}}");
        assertThat(awaitReply(36)).contains("\"status\":\"REFUSED\"", "needs data.method, a name of 1-64 letters");
        assertThat(panel.submitted).isEmpty();
    }

    @Test
    void malformedRequestsStopNothing() {
        request("{not json");
        request("[1,2]");
        request("{\"device\":\"panel-003\",\"data\":{\"id\":\"7\",\"method\":\"getValue\"}}"); // id not an integer
        request("{\"device\":\"panel 003\",\"data\":{\"id\":41,\"method\":\"getValue\"}}"); // no device id
        request("{\"device\":\"panel-003\",\"data\":{\"id\":42,\"method\":\"getValue\",\"params\":{\"point\":{\"a\":1}}}}");
        request("{\"device\":\"panel-003\",\"pad\":\"" + "x".repeat(RpcRequest.MAX_BYTES) + "\"}");
        request(43, "getValue", "{\"point\":\"temp.room\"}");
        assertThat(awaitReply(43)).isEqualTo(
                "{\"device\":\"panel-003\",\"id\":43,\"data\":{\"success\":true,\"status\":\"DONE\",\"value\":20.5}}");
        // the one with a readable device and id was answered; those without could not be
        assertThat(repliesTo(42)).singleElement().asString().contains("\"status\":\"REFUSED\"",
                "data.params.point must be a number, true/false or a string");
        assertThat(replies).hasSize(2);
        assertThat(panel.submitted).isEmpty();
    }

    @Test
    void aCommandStillRunningAtTheRpcTimeoutIsAnsweredPendingOnce() throws Exception {
        request(51, "setValue", "{\"point\":\"setpoint.flow\",\"value\":60}");
        String pending = awaitReply(51);
        assertThat(pending).startsWith("{\"device\":\"panel-003\",\"id\":51,\"data\":{\"success\":false,"
                + "\"status\":\"PENDING\",\"error\":\"not ended within 1000 ms; the hub still runs it: GET /api/commands/tb:");
        await(() -> panel.values.containsKey("panel-003/setpoint.flow")); // it did end, after ThingsBoard stopped waiting
        Thread.sleep(300);
        assertThat(repliesTo(51)).hasSize(1);
    }

    @Test
    void whileTheHubsCoreIsAwayRequestsFailWithTheReasonAndReadingsAreStillForwarded() throws Exception {
        // DS unbinds core's services when core stops; the uplink does not depend on them
        hubServices.commands.set(null);
        hubServices.status.set(null);
        request(61, "setValue", "{\"point\":\"setpoint.room\",\"value\":21}");
        request(62, "getValue", "{\"point\":\"temp.room\"}");
        assertThat(awaitReply(61)).isEqualTo("{\"device\":\"panel-003\",\"id\":61,\"data\":{\"success\":false,"
                + "\"status\":\"FAILED\",\"error\":\"the hub's core (command service, status) is not running\"}}");
        assertThat(awaitReply(62)).contains("\"status\":\"FAILED\"", "is not running");
        assertThat(panel.submitted).isEmpty();
        journal.append(List.of(Reading.good("panel-003", "temp.room", new BigDecimal("20.6"), Unit.CELSIUS, T0.plusSeconds(60))));
        await(() -> journal.committed(MqttUplink.CURSOR) == journal.head());
    }

    private void await(BooleanSupplier condition) {
        Waits.until(Duration.ofSeconds(20), "the condition", () -> "replies " + replies + ", connects " + connects,
                condition);
    }
}
