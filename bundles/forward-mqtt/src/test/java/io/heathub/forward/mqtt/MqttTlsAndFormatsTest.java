package io.heathub.forward.mqtt;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import io.heathub.api.Quality;
import io.heathub.api.Reading;
import io.heathub.api.Unit;
import io.heathub.testkit.FreePorts;
import io.heathub.testkit.InMemoryJournal;
import io.heathub.testkit.Waits;
import io.heathub.testkit.peers.Mosquitto;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS with server verification and client certificates against mosquitto's TLS listener
 * (certificates made by openssl for the test), the retained online/offline status with the last
 * will, and ThingsBoard's gateway format.
 */
class MqttTlsAndFormatsTest {
    /** The hub id on the wire: the site id these tests run as. */
    static final java.util.function.Supplier<java.util.Optional<String>> SITE = () -> java.util.Optional.of("site-test");

    private static final Instant T0 = Instant.parse("2026-11-23T08:00:00Z");

    @TempDir
    static Path pki;

    @TempDir
    Path dir;

    private final InMemoryJournal journal = new InMemoryJournal();
    private final List<String[]> seen = new CopyOnWriteArrayList<>();
    private static final java.util.concurrent.atomic.AtomicReference<String> SEEN = new java.util.concurrent.atomic.AtomicReference<>("");
    private DefaultCamelContext camel;
    private Mosquitto broker;
    private Mqtt5AsyncClient watcher;
    private MqttUplink uplink;
    private int tlsPort;

    @BeforeAll
    static void makeCertificates() throws Exception {
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=test-ca",
                "-keyout", "ca.key", "-out", "ca.pem");
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=other-ca",
                "-keyout", "other.key", "-out", "other.pem");
        for (String name : List.of("server", "client")) {
            openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=" + name, "-keyout", name + ".key",
                    "-out", name + ".csr");
            Files.writeString(pki.resolve(name + ".ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
            openssl("x509", "-req", "-in", name + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                    "-days", "2", "-extfile", name + ".ext", "-out", name + ".pem");
        }
        openssl("pkcs8", "-topk8", "-nocrypt", "-in", "client.key", "-out", "client.pk8");
        // mosquitto drops to its own user: it must read the server's files
        for (String f : List.of("ca.pem", "server.pem", "server.key")) {
            Files.setPosixFilePermissions(pki.resolve(f), java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        }
        Files.setPosixFilePermissions(pki, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static void openssl(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(pki.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), UTF_8);
        assertThat(p.waitFor()).as("openssl %s: %s", args[0], output).isZero();
    }

    @BeforeEach
    void start() throws Exception {
        tlsPort = FreePorts.tcp();
        broker = Mosquitto.in(dir.resolve("broker")).persistent()
                .tlsListener(tlsPort, pki.resolve("ca.pem"), pki.resolve("server.pem"), pki.resolve("server.key"), true)
                .start();
        watcher = Mqtt5Client.builder().identifier("watcher-" + UUID.randomUUID()).serverHost("127.0.0.1")
                .serverPort(broker.port()).buildAsync();
        watcher.publishes(MqttGlobalPublishFilter.ALL, p -> seen.add(new String[] {p.getTopic().toString(),
                new String(p.getPayloadAsBytes(), UTF_8), Boolean.toString(p.isRetain())}));
        watcher.connect().get(10, TimeUnit.SECONDS);
        watcher.subscribeWith().topicFilter("#").qos(MqttQos.AT_LEAST_ONCE).send().get(10, TimeUnit.SECONDS);
        camel = new DefaultCamelContext();
        camel.start();
    }

    @AfterEach
    void stop() throws Exception {
        if (uplink != null) {
            uplink.close();
        }
        camel.stop();
        watcher.disconnect().get(5, TimeUnit.SECONDS);
        broker.close();
    }

    private UplinkSettings settings(String url) {
        return new UplinkSettings(url, "", "", "heathub", "hub-a", 100, Duration.ofMillis(50), Duration.ofMillis(100),
                Duration.ofMillis(500), Duration.ofSeconds(5));
    }

    private TlsFiles clientFiles(String ca) {
        return new TlsFiles(pki.resolve(ca).toString(), pki.resolve("client.pem").toString(),
                pki.resolve("client.pk8").toString());
    }

    private void append(String device, String point, String value, Quality quality) throws Exception {
        journal.append(List.of(new Reading(device, point, new BigDecimal(value), Unit.CELSIUS, T0, quality, "")));
    }

    private List<String[]> on(String topic) {
        SEEN.set(seen.stream().map(m -> m[0] + "=" + m[1]).toList().toString());
        return seen.stream().filter(m -> m[0].equals(topic)).toList();
    }

    @Test
    void deliversOverTlsWithAClientCertificateAndAnnouncesItselfOnline() throws Exception {
        append("plc-1", "temp.supply", "71.25", Quality.GOOD);
        uplink = new MqttUplink(journal, camel, settings("ssl://127.0.0.1:" + tlsPort).withTls(clientFiles("ca.pem")), SITE);
        await(() -> on("heathub/plc-1/readings").size() == 1);
        assertThat(on("heathub/plc-1/readings").get(0)[1]).contains("\"value\":71.25");
        assertThat(on("heathub/status/hub-a")).anySatisfy(m -> {
            assertThat(m[1]).isEqualTo(MqttUplink.ONLINE);
        });
        assertThat(journal.backlog(MqttUplink.CURSOR)).isZero();

        // Leaving as a crash does: the broker publishes the last will (retained "offline").
        uplink.client().disconnectWithWill();
        await(() -> on("heathub/status/hub-a").stream().anyMatch(m -> m[1].equals(MqttUplink.OFFLINE)));
    }

    @Test
    void aBrokerSignedByAnotherCaIsNotTrustedAndNothingIsLost() throws Exception {
        append("plc-1", "temp.supply", "70.5", Quality.GOOD);
        uplink = new MqttUplink(journal, camel, settings("ssl://127.0.0.1:" + tlsPort).withTls(clientFiles("other.pem")), SITE);
        Thread.sleep(1500);
        assertThat(on("heathub/plc-1/readings")).isEmpty();
        assertThat(journal.backlog(MqttUplink.CURSOR)).isEqualTo(1);
    }

    @Test
    void badTlsFilesAreNamed() {
        TlsFiles missing = new TlsFiles(pki.resolve("nope.pem").toString(), "", "");
        assertThat(org.assertj.core.api.Assertions.catchThrowable(missing::socketFactory))
                .isInstanceOf(IOException.class).hasMessageContaining("nope.pem");
        TlsFiles keyIsNotPkcs8 = new TlsFiles("", pki.resolve("client.pem").toString(), pki.resolve("ca.pem").toString());
        assertThat(org.assertj.core.api.Assertions.catchThrowable(keyIsNotPkcs8::socketFactory))
                .hasMessageContaining("expected an unencrypted PKCS#8 key");
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> new TlsFiles("", "cert.pem", "")))
                .hasMessageContaining("go together");
    }

    @Test
    void thingsBoardGatewayModeConnectsEachDeviceOnceAndSendsTelemetryByTimestamp() throws Exception {
        append("plc-1", "temp.supply", "71.25", Quality.GOOD);
        append("plc-1", "temp.return", "45.5", Quality.SUSPECT);
        append("room-7", "temp.room", "20.5", Quality.GOOD);
        uplink = new MqttUplink(journal, camel, settings(broker.url()).withFormat(UplinkSettings.Format.THINGSBOARD), SITE);
        await(() -> on(ThingsBoardGateway.TELEMETRY_TOPIC).size() == 1);
        assertThat(on(ThingsBoardGateway.CONNECT_TOPIC)).extracting(m -> m[1])
                .containsExactly("{\"device\":\"plc-1\"}", "{\"device\":\"room-7\"}");
        long ts = T0.toEpochMilli();
        assertThat(on(ThingsBoardGateway.TELEMETRY_TOPIC).get(0)[1]).isEqualTo(
                "{\"plc-1\":[{\"ts\":" + ts + ",\"values\":{\"temp.supply\":71.25,\"temp.return\":45.5,"
                        + "\"temp.return.quality\":\"SUSPECT\"}}],"
                        + "\"room-7\":[{\"ts\":" + ts + ",\"values\":{\"temp.room\":20.5}}]}");

        append("plc-1", "temp.supply", "72", Quality.GOOD);
        await(() -> on(ThingsBoardGateway.TELEMETRY_TOPIC).size() == 2);
        assertThat(on(ThingsBoardGateway.CONNECT_TOPIC)).hasSize(2); // plc-1 is known already
        assertThat(on("heathub/status/hub-a")).isEmpty(); // ThingsBoard tracks the gateway itself
    }

    private static void await(BooleanSupplier condition) {
        Waits.until(Duration.ofSeconds(20), "the condition", () -> "seen " + SEEN.get(), condition);
    }
}
