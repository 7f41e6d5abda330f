package io.heathub.forward.kafka;

import java.time.Duration;

/**
 * Where commands come from and their results go, beside the uplink's connection settings.
 *
 * @param connection    the uplink's settings: bootstrap servers, client (security) properties, timeout
 * @param commandsTopic where commands come from; empty = no commands over Kafka
 * @param resultsTopic  where results go, keyed by request id
 * @param groupId       the consumer group whose committed offsets mark answered commands
 * @param maxAge        a command record older than this, whose request id the hub does not know, is refused
 */
record KafkaCommandSettings(KafkaUplinkSettings connection, String commandsTopic, String resultsTopic,
                            String groupId, Duration maxAge) {
    static final String TOPIC_NAME = "[a-zA-Z0-9._-]{1,249}";

    KafkaCommandSettings {
        commandsTopic = commandsTopic == null ? "" : commandsTopic.strip();
        resultsTopic = resultsTopic == null ? "" : resultsTopic.strip();
        groupId = groupId == null ? "" : groupId.strip();
        if (!commandsTopic.isEmpty()) {
            if (!commandsTopic.matches(TOPIC_NAME) || !resultsTopic.matches(TOPIC_NAME)) {
                throw new IllegalArgumentException("commandsTopic and resultsTopic must be 1-249 of [a-zA-Z0-9._-], got \""
                        + commandsTopic + "\" and \"" + resultsTopic + "\"");
            }
            if (commandsTopic.equals(resultsTopic) || commandsTopic.equals(connection.topic())) {
                throw new IllegalArgumentException("commandsTopic " + commandsTopic
                        + " must differ from resultsTopic and from the readings topic");
            }
            if (groupId.isEmpty() || groupId.length() > 249) {
                throw new IllegalArgumentException("commandsGroupId must be 1-249 characters");
            }
            if (maxAge.isNegative() || maxAge.isZero()) {
                throw new IllegalArgumentException("commandMaxAgeSeconds must be at least 1, got " + maxAge);
            }
        }
    }

    static KafkaCommandSettings from(KafkaUplinkSettings connection, KafkaUplinkConfig config) {
        return new KafkaCommandSettings(connection, config.commandsTopic(), config.resultsTopic(),
                config.commandsGroupId(), Duration.ofSeconds(config.commandMaxAgeSeconds()));
    }

    /** Commands are taken when there is a cluster and a commands topic. */
    boolean enabled() {
        return connection.enabled() && !commandsTopic.isEmpty();
    }
}
