package io.heathub.forward.mqtt;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;

/**
 * The Paho client the camel-paho-mqtt5 producer publishes with. Two things the stock client does
 * not do for us:
 * <ul>
 * <li>Paho's {@code MqttClient.publish} returns when the QoS 1 token completes, i.e. on PUBACK,
 * but also when the PUBACK carries an error reason code (0x80 and above: not authorized, quota
 * exceeded, payload format invalid...). Such a message was NOT accepted, so this client throws.</li>
 * <li>It connects on demand (and reconnects after an outage) inside {@code publish}, so the
 * uplink's own back-off decides when to try again, not Paho's reconnect timer.</li>
 * </ul>
 */
final class AckedMqttClient extends MqttClient {
    private final MqttConnectionOptions options;
    private final long waitMillis;
    private final OnConnect onConnect;

    /** Runs right after each successful connect, before the first publish. */
    @FunctionalInterface
    interface OnConnect {
        void connected(AckedMqttClient client) throws MqttException;
    }

    AckedMqttClient(String brokerUrl, String clientId, MqttConnectionOptions options, long waitMillis,
                    OnConnect onConnect) throws MqttException {
        super(brokerUrl, clientId, new MemoryPersistence());
        this.options = options;
        this.waitMillis = waitMillis;
        this.onConnect = onConnect;
        setTimeToWait(waitMillis);
    }

    /** Publishes and returns only once the broker acknowledged the message with success. */
    @Override
    public void publish(String topic, MqttMessage message) throws MqttException {
        connectIfNeeded();
        publishRaw(topic, message);
    }

    /** Publishes on the current connection and waits for a successful PUBACK. */
    void publishRaw(String topic, MqttMessage message) throws MqttException {
        IMqttToken token = aClient.publish(topic, message, null, null);
        token.waitForCompletion(waitMillis);
        int[] reasonCodes = token.getReasonCodes();
        if (reasonCodes != null) {
            for (int code : reasonCodes) {
                if (code >= 0x80) {
                    throw new RefusedException(code, topic);
                }
            }
        }
    }

    /**
     * Leaves as a crash would look to subscribers: MQTT 5 DISCONNECT with reason 0x04 makes the
     * broker publish the last will. Used by tests (a dropped TCP connection is not reproducible).
     */
    void disconnectWithWill() throws MqttException {
        aClient.disconnect(waitMillis, null, null, 0x04, new org.eclipse.paho.mqttv5.common.packet.MqttProperties())
                .waitForCompletion(waitMillis);
    }

    private synchronized void connectIfNeeded() throws MqttException {
        if (!isConnected()) {
            connect(options);
            onConnect.connected(this);
        }
    }

    /** The broker answered the publish with an error reason code. */
    static final class RefusedException extends MqttException {
        private static final long serialVersionUID = 1L;
        private final String topic;

        RefusedException(int reasonCode, String topic) {
            super(reasonCode);
            this.topic = topic;
        }

        @Override
        public String getMessage() {
            return String.format("broker refused the message on %s with PUBACK reason code 0x%02X", topic, getReasonCode());
        }
    }
}
