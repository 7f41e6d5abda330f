package io.heathub.forward.mqtt;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.heathub.api.Reading;
import io.heathub.api.Unit;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The client attributes of many devices: sent once each, in messages within maxMessageBytes, again on change. */
class ThingsBoardGatewayTest {
    private static final Instant T0 = Instant.parse("2026-11-23T08:00:00Z");
    private static final Pattern DEVICE = Pattern.compile("\"(panel-\\d+)\":\\{");

    private final Map<String, String> state = new ConcurrentHashMap<>();
    private final ThingsBoardGateway gateway = new ThingsBoardGateway(2000, device -> Map.of("driver", "modbus",
            "bus", "panels", "address", device.substring(6), "state", state.getOrDefault(device, "RUNNING")));

    private static List<Reading> batch(int devices) {
        return IntStream.rangeClosed(1, devices).mapToObj(n -> Reading.good(String.format("panel-%03d", n), "temp.room",
                BigDecimal.valueOf(20), Unit.CELSIUS, T0)).toList();
    }

    private static List<String> attributeMessages(List<MqttUplink.OutgoingMessage> messages) {
        return messages.stream().filter(m -> m.topic().equals(ThingsBoardAttributes.TOPIC))
                .map(m -> new String(m.payload(), UTF_8)).toList();
    }

    private static List<String> devicesIn(List<String> messages) {
        List<String> devices = new ArrayList<>();
        for (String message : messages) {
            Matcher m = DEVICE.matcher(message);
            while (m.find()) {
                devices.add(m.group(1));
            }
        }
        return devices;
    }

    @Test
    void manyDevicesAttributesAreSplitUnderTheLimitSentOnceAndAgainOnlyWhenTheyChange() {
        List<Reading> batch = batch(300);
        List<String> first = attributeMessages(gateway.messages(batch));
        assertThat(first).hasSizeGreaterThan(1).allSatisfy(m -> assertThat(m.getBytes(UTF_8).length).isLessThanOrEqualTo(2000));
        assertThat(devicesIn(first)).hasSize(300).doesNotHaveDuplicates();
        assertThat(first.get(0)).startsWith("{\"panel-001\":{").contains("\"driver\":\"modbus\"", "\"address\":\"001\"",
                "\"state\":\"RUNNING\"");

        // not delivered (the round failed): the next round sends them again
        assertThat(devicesIn(attributeMessages(gateway.messages(batch)))).hasSize(300);
        gateway.delivered(batch);
        assertThat(attributeMessages(gateway.messages(batch))).isEmpty();
        gateway.delivered(batch);

        state.put("panel-042", "FAILING");
        assertThat(attributeMessages(gateway.messages(batch(1)))).singleElement().asString()
                .contains("\"panel-042\":{", "\"state\":\"FAILING\"").doesNotContain("panel-001");
        gateway.delivered(batch(1));

        gateway.forgetAnnouncements(); // a reconnect: the server may have forgotten everything
        assertThat(devicesIn(attributeMessages(gateway.messages(batch(2))))).containsExactly("panel-001", "panel-002");
    }
}
