package io.heathub.itests.faults;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.heathub.api.Reading;
import io.heathub.wire.ReadingJson;
import io.heathub.wire.WireFormatException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * A backend as the design expects one: an MQTT 5 subscriber (HiveMQ client) with a persistent
 * session (clean start off, session kept an hour) at QoS 1 that reconnects on its own, and that
 * removes duplicates by the reading's identity (device, point, time). For every message it checks
 * that the user property {@code heathub-keys} names exactly the readings of the JSON payload, in
 * order, and keeps the first copy of each identity plus the number of copies.
 */
final class KeyedSubscriber implements AutoCloseable {
    static final String KEYS_PROPERTY = "heathub-keys";

    private final Mqtt5BlockingClient client;
    private final ReadingJson json = new ReadingJson();
    private final Map<String, Reading> firstCopy = new ConcurrentHashMap<>();
    private final Map<String, Integer> copies = new ConcurrentHashMap<>();
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private final AtomicLong raw = new AtomicLong();
    private final AtomicLong messages = new AtomicLong();

    KeyedSubscriber(int port, String topicFilter) {
        client = Mqtt5Client.builder().identifier("faults-" + UUID.randomUUID()).serverHost("127.0.0.1")
                .serverPort(port)
                .automaticReconnect().initialDelay(100, TimeUnit.MILLISECONDS).maxDelay(1, TimeUnit.SECONDS)
                .applyAutomaticReconnect()
                .buildBlocking();
        // Registered before connecting: messages queued in the session are not missed.
        client.toAsync().publishes(MqttGlobalPublishFilter.ALL, this::received);
        client.connectWith().cleanStart(false).sessionExpiryInterval(3600).send();
        client.subscribeWith().topicFilter(topicFilter).qos(MqttQos.AT_LEAST_ONCE).send();
    }

    private void received(Mqtt5Publish publish) {
        try {
            receivedOrThrow(publish);
        } catch (RuntimeException | LinkageError e) { // the client's thread would swallow it
            problems.add("subscriber failed on " + publish.getTopic() + ": " + e);
        }
    }

    private void receivedOrThrow(Mqtt5Publish publish) {
        messages.incrementAndGet();
        String topic = publish.getTopic().toString();
        if (topic.contains("/status/")) {
            return;
        }
        List<Reading> readings;
        try {
            readings = json.readArray(publish.getPayloadAsBytes());
        } catch (WireFormatException e) {
            problems.add(topic + ": malformed payload: " + e.getMessage());
            return;
        }
        List<String> keyProperties = publish.getUserProperties().asList().stream()
                .filter(p -> p.getName().toString().equals(KEYS_PROPERTY)).map(p -> p.getValue().toString()).toList();
        String payloadKeys = readings.stream().map(Reading::key).collect(Collectors.joining(","));
        if (keyProperties.size() != 1) {
            problems.add(topic + ": " + keyProperties.size() + " " + KEYS_PROPERTY + " properties");
        } else if (!keyProperties.get(0).equals(payloadKeys)) {
            problems.add(topic + ": " + KEYS_PROPERTY + " " + keyProperties.get(0) + " != payload " + payloadKeys);
        }
        for (Reading r : readings) {
            if (!topic.equals("heathub/" + r.device().replace('+', '_').replace('#', '_') + "/readings")) {
                problems.add(topic + ": carries a reading of " + r.device());
            }
            raw.incrementAndGet();
            firstCopy.putIfAbsent(r.key(), r);
            copies.merge(r.key(), 1, Integer::sum);
        }
    }

    /** Distinct readings by identity, the first copy of each. */
    Map<String, Reading> distinct() {
        return Map.copyOf(firstCopy);
    }

    int distinctCount() {
        return firstCopy.size();
    }

    /** Readings received including repeats. */
    long raw() {
        return raw.get();
    }

    /** Repeated copies (raw minus distinct). */
    long duplicates() {
        return raw.get() - firstCopy.size();
    }

    /** Identities received more than once, with their copy counts. */
    Map<String, Integer> repeated() {
        return copies.entrySet().stream().filter(e -> e.getValue() > 1)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    long messages() {
        return messages.get();
    }

    /** Malformed payloads, wrong topics, a {@code heathub-keys} that does not match the payload. */
    List<String> problems() {
        return new ArrayList<>(problems);
    }

    boolean hasAll(java.util.Collection<String> keys) {
        return firstCopy.keySet().containsAll(keys);
    }

    @Override
    public void close() {
        try {
            client.disconnect();
        } catch (RuntimeException e) {
            // broker already gone
        }
    }
}
