package io.heathub.itests.e2e;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import io.heathub.api.Reading;
import io.heathub.wire.ReadingJson;
import io.heathub.wire.WireFormatException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A third-party MQTT 5 subscriber (HiveMQ client) collecting every reading the hub publishes. */
final class MqttCollector implements AutoCloseable {
    private final Mqtt5BlockingClient client;
    private final ReadingJson json = new ReadingJson();
    private final List<Reading> readings = new CopyOnWriteArrayList<>();
    private final List<String> topics = new CopyOnWriteArrayList<>();
    private final List<String> malformed = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> copiesByKey = new ConcurrentHashMap<>();
    private volatile long firstMessageNanos;

    MqttCollector(int port, String topicFilter) {
        client = Mqtt5Client.builder().identifier("e2e-" + UUID.randomUUID()).serverHost("127.0.0.1")
                .serverPort(port).buildBlocking();
        client.connect();
        client.toAsync().publishes(MqttGlobalPublishFilter.ALL, publish -> {
            if (firstMessageNanos == 0) {
                firstMessageNanos = System.nanoTime();
            }
            topics.add(publish.getTopic().toString());
            try {
                for (Reading r : json.readArray(publish.getPayloadAsBytes())) {
                    readings.add(r);
                    copiesByKey.merge(r.key(), 1, Integer::sum);
                }
            } catch (WireFormatException e) {
                malformed.add(publish.getTopic() + ": " + e.getMessage());
            }
        });
        client.subscribeWith().topicFilter(topicFilter).qos(MqttQos.AT_LEAST_ONCE).send();
    }

    List<Reading> readings() {
        return new ArrayList<>(readings);
    }

    List<String> topics() {
        return new ArrayList<>(topics);
    }

    List<String> malformed() {
        return new ArrayList<>(malformed);
    }

    Map<String, Integer> copiesByKey() {
        return Map.copyOf(copiesByKey);
    }

    long firstMessageNanos() {
        return firstMessageNanos;
    }

    boolean has(String device, String point) {
        return readings.stream().anyMatch(r -> r.device().equals(device) && r.point().equals(point));
    }

    Reading last(String device, String point) {
        Reading found = null;
        for (Reading r : readings) {
            if (r.device().equals(device) && r.point().equals(point)) {
                found = r;
            }
        }
        return found;
    }

    @Override
    public void close() {
        client.disconnect();
    }
}
