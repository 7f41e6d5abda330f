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

    @AttributeDefinition(description = "Most readings read from the journal and published per round.", min = "1")
    int batchSize() default 500;
}
