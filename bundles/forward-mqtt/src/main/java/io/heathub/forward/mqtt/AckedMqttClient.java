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

    AckedMqttClient(String brokerUrl, String clientId, MqttConnectionOptions options, long waitMillis)
            throws MqttException {
        super(brokerUrl, clientId, new MemoryPersistence());
        this.options = options;
        this.waitMillis = waitMillis;
        setTimeToWait(waitMillis);
    }

    /** Publishes and returns only once the broker acknowledged the message with success. */
    @Override
    public void publish(String topic, MqttMessage message) throws MqttException {
        connectIfNeeded();
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

    private synchronized void connectIfNeeded() throws MqttException {
        if (!isConnected()) {
            connect(options);
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
