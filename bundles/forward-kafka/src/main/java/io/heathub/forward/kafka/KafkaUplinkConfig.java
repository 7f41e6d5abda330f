package io.heathub.forward.kafka;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of PID {@code io.heathub.forward.kafka} ({@code etc/io.heathub.forward.kafka.cfg}). */
@ObjectClassDefinition(name = "heathub Kafka uplink",
        description = "Forwards journal readings to a Kafka topic, one record per reading, key = device id.")
public @interface KafkaUplinkConfig {
    @AttributeDefinition(description = "Kafka bootstrap servers, e.g. kafka-1:9092,kafka-2:9092. Empty disables "
            + "the uplink (readings stay in the journal). The environment variable HEATHUB_KAFKA_BOOTSTRAP overrides it.")
    String bootstrapServers() default "";

    @AttributeDefinition(description = "Topic the readings go to.")
    String topic() default "heathub.readings";

    @AttributeDefinition(description = "Most readings read from the journal and sent per round (1-10000).", min = "1",
            max = "10000")
    int batchSize() default 500;

    @AttributeDefinition(description = "Seconds a round may take (connect, send, every acknowledgement) before it "
            + "counts as failed and is retried with back-off.", min = "2")
    int timeoutSeconds() default 30;

    @AttributeDefinition(description = "Extra Kafka producer properties as 'key=value', e.g. security.protocol=SASL_SSL, "
            + "sasl.mechanism=SCRAM-SHA-512, sasl.jaas.config=…, ssl.truststore.location=…, compression.type=gzip, "
            + "client.id=…. Values are never logged. bootstrap.servers, acks, enable.idempotence, the serializers and "
            + "transactional.id are the uplink's own and cannot be set here. The same can be given one per line as "
            + "producer.<key>=<value> (e.g. producer.security.protocol=SASL_SSL).")
    String[] properties() default {};

    @AttributeDefinition(description = "Hub id written into every reading and the heathub-hub header (identity "
            + "across hubs); empty = the site id of site.yaml.")
    String hubId() default "";

    @AttributeDefinition(description = "Topic the hub takes commands from ({\"requestId\",\"device\",\"point\","
            + "\"value\"}, as on MQTT); empty = no commands over Kafka (no consumer). One topic per hub.")
    String commandsTopic() default "";

    @AttributeDefinition(description = "Topic each command's result goes to, keyed by its request id.")
    String resultsTopic() default "heathub.command-results";

    @AttributeDefinition(description = "Consumer group of the commands consumer; its committed offsets say which "
            + "commands were answered.")
    String commandsGroupId() default "heathub-commands";

    @AttributeDefinition(description = "A command record older than this many seconds that the hub does not know "
            + "yet is refused, not run late.", min = "1")
    int commandMaxAgeSeconds() default 600;
}
