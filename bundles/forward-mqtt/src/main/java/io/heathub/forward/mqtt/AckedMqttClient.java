package io.heathub.forward.mqtt;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;

/**
 * The Paho client the camel-paho-mqtt5 producer publishes with. Three things the stock client
 * does not do for us:
 * <ul>
 * <li>A batch's messages are sent without waiting for each PUBACK (up to the broker's receive
 * maximum) and confirmed together in {@link #awaitAcknowledgements()} before the cursor moves.</li>
 * <li>Paho completes a QoS 1 token on PUBACK also when the PUBACK carries an error reason code
 * (0x80 and above: not authorized, quota exceeded, payload format invalid...). Such a message was
 * NOT accepted, so this client throws.</li>
 * <li>It connects on demand (and reconnects after an outage) inside {@code publish}, so the
 * uplink's own back-off decides when to try again, not Paho's reconnect timer.</li>
 * </ul>
 */
final class AckedMqttClient extends MqttClient {
    private final MqttConnectionOptions options;
    private final long waitMillis;
    private final OnConnect onConnect;
    /** Sent, PUBACK not yet checked, oldest first; used by the uplink's single route thread. */
    private final Deque<Pending> outstanding = new ArrayDeque<>();
    /** True after the first message of the current batch was confirmed. */
    private boolean batchOpen;

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

    /**
     * Sends a message without waiting for its PUBACK, so that a batch's messages are in flight
     * together (a round trip per message would cap the uplink far below the broker). Nothing is
     * acknowledged until {@link #awaitAcknowledgements()} returned: the uplink moves its journal
     * cursor only after that.
     */
    @Override
    public void publish(String topic, MqttMessage message) throws MqttException {
        connectIfNeeded();
        if (!batchOpen) {
            // The first message of a batch waits for its PUBACK: a broker that refuses the topic
            // (not authorized, quota) says so with a reason code here, before it drops the
            // connection on the rest of the batch and the reason is lost.
            publishRaw(topic, message);
            batchOpen = true;
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
        while (true) {
            try {
                outstanding.addLast(new Pending(topic, aClient.publish(topic, message, null, null)));
                return;
            } catch (MqttException e) {
                if (e.getReasonCode() != MqttClientException.REASON_CODE_MAX_INFLIGHT || System.nanoTime() > deadline) {
                    throw firstFailure(e);
                }
                // The broker's receive maximum is reached: wait for the oldest PUBACK. Paho frees
                // the slot on its callback thread a moment after the token completes, so with
                // nothing of ours outstanding just give it that moment.
                if (!outstanding.isEmpty()) {
                    awaitOldest();
                } else {
                    LockSupport.parkNanos(200_000);
                }
            }
        }
    }

    /**
     * Waits for the PUBACK of every message sent since the last call and checks its reason code.
     *
     * @throws MqttException the first failure; the remaining messages are abandoned (the uplink
     *                       sends the whole batch again)
     */
    void awaitAcknowledgements() throws MqttException {
        batchOpen = false;
        try {
            while (!outstanding.isEmpty()) {
                awaitOldest();
            }
        } finally {
            outstanding.clear();
        }
    }

    /**
     * The failure to report when a send failed: an earlier message of the batch that the broker
     * refused (not authorized, quota...) explains a connection dropped afterwards better than the
     * drop itself, and it is what the operator must fix.
     */
    private MqttException firstFailure(MqttException sendFailure) {
        batchOpen = false;
        try {
            for (Pending p : outstanding) {
                try {
                    p.token().waitForCompletion(Math.min(waitMillis, 2_000));
                } catch (MqttException completedWithError) {
                    // its reason code, if the broker sent one, is looked at below
                }
                int refusal = refusalCode(p.token());
                if (refusal != 0) {
                    return new RefusedException(refusal, p.topic());
                }
            }
            return sendFailure;
        } finally {
            outstanding.clear();
        }
    }

    /** The first error reason code (0x80 and above) the broker answered with, or 0. */
    private static int refusalCode(IMqttToken token) {
        int[] codes = token.getReasonCodes();
        if (codes != null) {
            for (int code : codes) {
                if (code >= 0x80) {
                    return code;
                }
            }
        }
        return 0;
    }

    /** Drops what was sent and not yet confirmed (the batch failed and is sent again). */
    void forgetOutstanding() {
        batchOpen = false;
        outstanding.clear();
    }

    private void awaitOldest() throws MqttException {
        Pending oldest = outstanding.removeFirst();
        try {
            oldest.token().waitForCompletion(waitMillis);
        } catch (MqttException e) {
            checkReasonCodes(oldest.token(), oldest.topic()); // the broker's refusal says more
            throw e;
        }
        checkReasonCodes(oldest.token(), oldest.topic());
    }

    /** Publishes on the current connection and waits for a successful PUBACK. */
    void publishRaw(String topic, MqttMessage message) throws MqttException {
        IMqttToken token = aClient.publish(topic, message, null, null);
        token.waitForCompletion(waitMillis);
        checkReasonCodes(token, topic);
    }

    /**
     * Sends a message on the current connection without waiting for anything (safe on Paho's
     * callback thread, where waiting would deadlock); not part of any batch.
     */
    void publishUnconfirmed(String topic, MqttMessage message) throws MqttException {
        aClient.publish(topic, message, null, null);
    }

    private static void checkReasonCodes(IMqttToken token, String topic) throws MqttException {
        int refusal = refusalCode(token);
        if (refusal != 0) {
            throw new RefusedException(refusal, topic);
        }
    }

    /** A message sent and not yet confirmed. */
    private record Pending(String topic, IMqttToken token) {
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
