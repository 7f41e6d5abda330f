package io.heathub.forward.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.heathub.api.Reading;
import io.heathub.api.Unit;
import io.heathub.wire.ReadingJson;
import io.heathub.testkit.InMemoryJournal;
import io.heathub.testkit.LogCapture;
import io.heathub.testkit.Waits;
import io.heathub.testkit.peers.Mosquitto;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The uplink against a real mosquitto, with the Camel context outside OSGi. */
class MqttUplinkTest {
    /** The hub id on the wire: the site id these tests run as. */
    static final java.util.function.Supplier<java.util.Optional<String>> SITE = () -> java.util.Optional.of("site-test");

    private static final Instant T0 = Instant.parse("2026-11-23T08:00:00Z");
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final ReadingJson json = new ReadingJson();
    private final InMemoryJournal journal = new InMemoryJournal();
    private LogCapture log;
    private DefaultCamelContext camel;
    private Mosquitto broker;
    private Subscriber subscriber;
    private MqttUplink uplink;
    private int sequence;

    @BeforeEach
    void start() throws Exception {
        log = LogCapture.of(MqttUplink.class);
        camel = new DefaultCamelContext();
        camel.start();
    }

    @AfterEach
    void stop() throws Exception {
        if (uplink != null) {
            uplink.close();
        }
        camel.stop();
        if (subscriber != null) {
            subscriber.close();
        }
        if (broker != null) {
            broker.close();
        }
        log.close();
    }

    @Test
    void everyReadingArrivesOnceGroupedByDeviceAndTheCursorReachesTheHead() throws Exception {
        startBroker();
        List<Reading> appended = appendRound(List.of("plc-1", "panel-01", "panel-02"), 40);

        uplink = new MqttUplink(journal, camel, settings(broker.url(), 25), SITE);

        awaitTrue("cursor at head " + journal.head(), () -> journal.committed("mqtt") == journal.head());
        awaitTrue("120 readings received", () -> receivedReadings().size() >= appended.size());
        List<Reading> received = receivedReadings();
        assertThat(received).hasSize(appended.size()).containsExactlyInAnyOrderElementsOf(appended);
        for (String device : List.of("plc-1", "panel-01", "panel-02")) {
            assertThat(received.stream().filter(r -> r.device().equals(device)))
                    .as("order of %s", device)
                    .containsExactlyElementsOf(appended.stream().filter(r -> r.device().equals(device)).toList());
        }
        for (Subscriber.Received message : subscriber.received()) {
            List<Reading> readings = json.readArray(message.payload());
            String device = readings.get(0).device();
            assertThat(message.topic()).isEqualTo("heathub/" + device + "/readings");
            assertThat(readings).allSatisfy(r -> assertThat(r.device()).isEqualTo(device));
            assertThat(message.userProperties()).containsEntry(MqttUplink.KEYS_PROPERTY,
                    String.join(",", readings.stream().map(Reading::key).toList()));
        }
        // batches of 25 over 3 interleaved devices: one message per device per batch
        assertThat(subscriber.received()).hasSizeBetween(appended.size() / 25 * 3, (appended.size() / 25 + 1) * 3);
    }

    @Test
    void aBrokerOutageLosesNothingAndHoldsTheCursor() throws Exception {
        startBroker();
        uplink = new MqttUplink(journal, camel, new UplinkSettings(broker.url(), "", "", "heathub", "heathub-test",
                20, Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofSeconds(5)), SITE);
        List<Reading> appended = new ArrayList<>(appendRound(List.of("plc-1", "panel-01"), 15));
        awaitTrue("first round delivered", () -> journal.committed("mqtt") == journal.head());

        broker.stop();
        long cursorAtOutage = journal.committed("mqtt");
        long rounds = 0;
        long outageEnd = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        while (System.nanoTime() < outageEnd) { // the field keeps producing while the broker is away
            appended.addAll(appendRound(List.of("plc-1", "panel-01", "panel-02"), 1));
            rounds++;
            Thread.sleep(100);
        }
        assertThat(journal.committed("mqtt")).as("cursor while the broker is down").isEqualTo(cursorAtOutage);
        assertThat(journal.backlog("mqtt")).isEqualTo(rounds * 3);
        assertThat(log.lines()).filteredOn(l -> l.startsWith("WARNING") && l.contains(broker.url()))
                .as("the outage is logged once, naming the broker").hasSize(1);

        broker.start();

        awaitTrue("cursor at head after the outage", () -> journal.committed("mqtt") == journal.head());
        Set<String> expected = keys(appended);
        awaitTrue("every reading received", () -> keys(receivedReadings()).containsAll(expected));
        List<Reading> received = receivedReadings();
        assertThat(keys(received)).as("none missing, none invented").isEqualTo(expected);
        assertThat(new HashSet<>(received)).isEqualTo(new HashSet<>(appended));
        assertThat(log.lines()).anyMatch(l -> l.startsWith("INFO") && l.contains("delivering again"));
    }

    /**
     * The back-off doubles to 30 s: after a long outage the uplink would sit on its backlog for up
     * to that long once the broker is back. While the broker refuses connections a TCP probe (at
     * most once a second) makes the next attempt as soon as it listens again.
     */
    @Test
    void afterALongOutageDeliveryResumesWithinSecondsOfTheBrokerComingBack() throws Exception {
        startBroker();
        uplink = new MqttUplink(journal, camel, new UplinkSettings(broker.url(), "", "", "heathub", "heathub-test",
                500, Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(5)), SITE);
        appendRound(List.of("plc-1"), 5);
        awaitTrue("first round delivered", () -> journal.committed("mqtt") == journal.head());
        broker.stop();
        List<Reading> during = appendRound(List.of("plc-1", "panel-01"), 10);
        // attempts after 0, 1, 3 and 7 s of outage; the back-off's next one would be 15 s in
        Thread.sleep(8_500);
        assertThat(journal.backlog("mqtt")).isEqualTo(during.size());

        broker.start();
        long up = System.nanoTime();
        awaitTrue("cursor at head after the outage", () -> journal.committed("mqtt") == journal.head());
        double seconds = (System.nanoTime() - up) / 1e9;
        assertThat(seconds).as("broker up -> backlog delivered, s (the back-off alone: about 6.5)").isLessThan(3.5);
        awaitTrue("every reading received", () -> keys(receivedReadings()).containsAll(keys(during)));
    }

    @Test
    void aPublishTheBrokerRefusesKeepsTheCursor() throws Exception {
        Path acl = Files.writeString(dir.resolve("acl"), "topic readwrite heathub/allowed/#\n");
        Files.setPosixFilePermissions(acl, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        startBroker("acl_file " + acl.toAbsolutePath());
        appendRound(List.of("forbidden"), 3);

        uplink = new MqttUplink(journal, camel, settings(broker.url(), 500), SITE);

        awaitTrue("refusal logged", () -> log.lines().stream().anyMatch(l -> l.startsWith("WARNING") && l.contains("0x87")));
        assertThat(journal.committed("mqtt")).isZero();
        assertThat(journal.commits()).isZero();
        assertThat(subscriber.received()).isEmpty();
    }

    @Test
    void anEmptyUrlPublishesNothingAndLeavesTheCursor() throws Exception {
        startBroker();
        appendRound(List.of("plc-1"), 10);

        uplink = new MqttUplink(journal, camel, settings("", 500), SITE);

        assertThat(camel.getRoutes()).isEmpty();
        assertThat(camel.getEndpoints()).noneMatch(e -> e.getEndpointUri().startsWith("paho-mqtt5"));
        assertThat(log.lines()).filteredOn(l -> l.contains("disabled")).hasSize(1);
        Thread.sleep(1000); // absence can only be shown by waiting a while
        assertThat(subscriber.received()).isEmpty();
        assertThat(journal.committed("mqtt")).isZero();
        assertThat(journal.commits()).isZero();
    }

    @Test
    void theEnvironmentUrlOverridesTheConfiguredOne() {
        MqttUplinkConfig config = config("tcp://configured:1883");
        assertThat(UplinkSettings.from(config, name -> null).url()).isEqualTo("tcp://configured:1883");
        assertThat(UplinkSettings.from(config, Map.of("HEATHUB_MQTT_URL", "tcp://env:1883")::get).url())
                .isEqualTo("tcp://env:1883");
        UplinkSettings defaults = UplinkSettings.from(config(""), name -> null);
        assertThat(defaults.enabled()).isFalse();
        assertThat(defaults.clientId()).startsWith("heathub-").hasSizeGreaterThan("heathub-".length());
        assertThat(defaults.topicFor("plc-1")).isEqualTo("heathub/plc-1/readings");
        assertThat(defaults.toString()).doesNotContain("secret");
    }

    private void startBroker(String... extraConfig) throws Exception {
        broker = Mosquitto.in(dir.resolve("broker")).persistent().config(extraConfig).start();
        subscriber = new Subscriber(broker.port());
    }

    private static UplinkSettings settings(String url, int batchSize) {
        return new UplinkSettings(url, "", "", "heathub", "heathub-test", batchSize, Duration.ofMillis(100),
                Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofSeconds(5));
    }

    /** {@code perDevice} readings for each device, devices interleaved, appended to the journal. */
    private List<Reading> appendRound(List<String> devices, int perDevice) throws Exception {
        List<Reading> readings = new ArrayList<>();
        for (int i = 0; i < perDevice; i++) {
            for (String device : devices) {
                sequence++;
                readings.add(Reading.good(device, "temp.supply", new BigDecimal(sequence).movePointLeft(2),
                        Unit.CELSIUS, T0.plusMillis(sequence)));
            }
        }
        journal.append(readings);
        return readings;
    }

    private List<Reading> receivedReadings() {
        List<Reading> all = new ArrayList<>();
        for (Subscriber.Received m : subscriber.received()) {
            try {
                all.addAll(json.readArray(m.payload()));
            } catch (Exception e) {
                throw new AssertionError("not a reading array on " + m.topic() + ": " + new String(m.payload()), e);
            }
        }
        return all;
    }

    private static Set<String> keys(List<Reading> readings) {
        Set<String> keys = new HashSet<>();
        readings.forEach(r -> keys.add(r.key()));
        return keys;
    }

    private void awaitTrue(String what, BooleanSupplier condition) {
        Waits.until(DEADLINE, what, () -> "journal head " + journal.head() + ", cursor " + journal.committed("mqtt")
                + ", messages " + subscriber.received().size() + "\nuplink log: " + log + "\nbroker log:\n" + broker.log(),
                condition);
    }

    private static MqttUplinkConfig config(String url) {
        return new MqttUplinkConfig() {
            @Override
            public Class<? extends java.lang.annotation.Annotation> annotationType() {
                return MqttUplinkConfig.class;
            }

            @Override
            public String url() {
                return url;
            }

            @Override
            public String username() {
                return "user";
            }

            @Override
            public String password() {
                return "secret";
            }

            @Override
            public String topicPrefix() {
                return "heathub";
            }

            @Override
            public String clientId() {
                return "";
            }

            @Override
            public int batchSize() {
                return 500;
            }

            @Override
            public String caFile() {
                return "";
            }

            @Override
            public String clientCertFile() {
                return "";
            }

            @Override
            public String clientKeyFile() {
                return "";
            }

            @Override
            public String format() {
                return "heathub";
            }

            @Override
            public int maxMessageBytes() {
                return 60_000;
            }

            @Override
            public String hubId() {
                return "";
            }

            @Override
            public String rpcTimeout() {
                return "10s";
            }
        };
    }
}
