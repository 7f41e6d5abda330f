package io.heathub.forward.mqtt;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of PID {@code io.heathub.forward.mqtt} ({@code etc/io.heathub.forward.mqtt.cfg}). */
@ObjectClassDefinition(name = "heathub MQTT uplink",
        description = "Forwards journal readings to an MQTT 5 broker, QoS 1, one message per device batch.")
public @interface MqttUplinkConfig {
    @AttributeDefinition(description = "Broker URL, e.g. tcp://broker:1883 or ssl://broker:8883. "
            + "Empty disables the uplink (readings stay in the journal). "
            + "The environment variable HEATHUB_MQTT_URL overrides it.")
    String url() default "";

    @AttributeDefinition(description = "User name; empty connects anonymously.")
    String username() default "";

    @AttributeDefinition(type = AttributeType.PASSWORD, description = "Password for the user name.")
    String password() default "";

    @AttributeDefinition(description = "Readings go to {topicPrefix}/{device}/readings.")
    String topicPrefix() default "heathub";

    @AttributeDefinition(description = "MQTT client id; empty means heathub-<hostname>.")
    String clientId() default "";

    @AttributeDefinition(description = "Most readings read from the journal and published per round (1-10000).",
            min = "1", max = "10000")
    int batchSize() default 5000;

    @AttributeDefinition(description = "Most bytes of payload plus the heathub-keys property per message; a "
            + "device's readings are split over several messages to fit (ThingsBoard refuses messages over 64 KiB).",
            min = "1024")
    int maxMessageBytes() default UplinkSettings.DEFAULT_MAX_MESSAGE_BYTES;

    @AttributeDefinition(description = "Hub id written into every reading and message (identity across hubs); "
            + "empty = the site id of site.yaml.")
    String hubId() default "";

    @AttributeDefinition(description = "For ssl:// brokers: PEM file of the CA that signed the broker's certificate "
            + "(empty: the JVM's trust store). The broker's host name is always verified.")
    String caFile() default "";

    @AttributeDefinition(description = "PEM client certificate, when the broker requires one.")
    String clientCertFile() default "";

    @AttributeDefinition(description = "PEM PKCS#8 private key of the client certificate (unencrypted).")
    String clientKeyFile() default "";

    @AttributeDefinition(description = "heathub: {topicPrefix}/{device}/readings; thingsboard: ThingsBoard "
            + "gateway topics v1/gateway/connect and v1/gateway/telemetry, and RPC on v1/gateway/rpc.")
    String format() default "heathub";

    @AttributeDefinition(description = "format=thingsboard: how long a ThingsBoard RPC request waits for its command "
            + "to end before the hub answers PENDING (ThingsBoard's own RPC timeout is 10s by default). 100ms-10m.")
    String rpcTimeout() default "10s";
}
