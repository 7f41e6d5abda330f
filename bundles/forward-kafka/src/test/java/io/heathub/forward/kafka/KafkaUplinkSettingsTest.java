package io.heathub.forward.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.annotation.Annotation;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

/** Configuration to settings: defaults, the environment override, what the producer gets, what is refused. */
class KafkaUplinkSettingsTest {
    private static final String JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required "
            + "username=\"hub\" password=\"s3cret=x\";";

    @Test
    void defaultsAreDisabledWithTheDocumentedValues() {
        KafkaUplinkSettings settings = KafkaUplinkSettings.from(config("", new String[0]), name -> null);
        assertThat(settings.enabled()).isFalse();
        assertThat(settings.topic()).isEqualTo("heathub.readings");
        assertThat(settings.batchSize()).isEqualTo(500);
        assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.firstBackoff()).isEqualTo(Duration.ofSeconds(1));
        assertThat(settings.maxBackoff()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void theEnvironmentOverridesTheConfiguredServersUnlessBlank() {
        KafkaUplinkConfig config = config("configured:9092", new String[0]);
        assertThat(KafkaUplinkSettings.from(config, Map.of("HEATHUB_KAFKA_BOOTSTRAP", "env-1:9092,env-2:9092")::get)
                .bootstrapServers()).isEqualTo("env-1:9092,env-2:9092");
        assertThat(KafkaUplinkSettings.from(config, Map.of("HEATHUB_KAFKA_BOOTSTRAP", " ")::get).bootstrapServers())
                .isEqualTo("configured:9092");
        assertThat(KafkaUplinkSettings.from(config("", new String[0]), Map.of("HEATHUB_KAFKA_BOOTSTRAP", "env:9092")::get)
                .enabled()).isTrue();
    }

    @Test
    void theProducerIsIdempotentWithAcksAllAndGetsThePassedProperties() {
        KafkaUplinkSettings settings = KafkaUplinkSettings.from(config("kafka:9093", new String[] {
                "security.protocol = SASL_SSL", "sasl.mechanism=SCRAM-SHA-512", "sasl.jaas.config=" + JAAS,
                "compression.type=gzip", "client.id=substation-7"}), name -> null);
        Map<String, Object> producer = settings.producerConfig();
        assertThat(producer).containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
                .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "kafka:9093")
                .containsEntry(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5)
                .containsEntry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000)
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.jaas.config", JAAS) // '=' inside the value kept
                .containsEntry("compression.type", "gzip")
                .containsEntry(ProducerConfig.CLIENT_ID_CONFIG, "substation-7");
        assertThat(settings.toString()).contains("sasl.jaas.config", "compression.type").doesNotContain("s3cret");
        assertThat(settings.unknownPropertyKeys()).isEmpty();
    }

    @Test
    void guaranteesCannotBeConfiguredAway() {
        for (String line : new String[] {"acks=1", "enable.idempotence=false", "transactional.id=t",
                "bootstrap.servers=elsewhere:9092", "value.serializer=x.Y"}) {
            assertThatThrownBy(() -> KafkaUplinkSettings.from(config("kafka:9092", new String[] {line}), n -> null))
                    .as(line).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot be configured");
        }
        assertThatThrownBy(() -> KafkaUplinkSettings.from(
                config("kafka:9092", new String[] {"max.in.flight.requests.per.connection=10"}), n -> null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("max.in.flight.requests.per.connection");
    }

    @Test
    void badValuesAreRefusedWhenTheComponentActivatesNotOnEveryRound() {
        assertThatThrownBy(() -> KafkaUplinkSettings.from(config("kafka:9092", new String[] {"linger.ms=soon"}),
                n -> null)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("linger.ms");
        assertThatThrownBy(() -> KafkaUplinkSettings.from(config("kafka:9092", new String[] {"=value"}), n -> null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("key=value");
        assertThatThrownBy(() -> new KafkaUplinkSettings("kafka:9092", "bad topic", 500, Map.of(),
                Duration.ofSeconds(30), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(60)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("topic");
        assertThatThrownBy(() -> new KafkaUplinkSettings("kafka:9092", "t", 0, Map.of(),
                Duration.ofSeconds(30), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(60)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("batchSize");
    }

    @Test
    void producerPrefixedComponentPropertiesArePassedOnAndMustNotRepeatAKey() {
        Map<String, Object> cfgFile = Map.of("bootstrapServers", "kafka:9092", "producer.security.protocol", "SSL",
                "producer.ssl.truststore.location", "/etc/heathub/kafka-ca.p12", "service.pid", "io.heathub.forward.kafka");
        KafkaUplinkSettings settings = KafkaUplinkSettings.from(config("kafka:9092", new String[] {"linger.ms=20"}),
                cfgFile, n -> null);
        assertThat(settings.clientProperties()).containsOnly(Map.entry("security.protocol", "SSL"),
                Map.entry("ssl.truststore.location", "/etc/heathub/kafka-ca.p12"), Map.entry("linger.ms", "20"));
        assertThatThrownBy(() -> KafkaUplinkSettings.from(config("kafka:9092", new String[] {"security.protocol=SSL"}),
                cfgFile, n -> null)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("twice");
        assertThatThrownBy(() -> KafkaUplinkSettings.from(config("kafka:9092", new String[0]),
                Map.of("producer.acks", "1"), n -> null)).hasMessageContaining("cannot be configured");
    }

    @Test
    void aMistypedKeyIsReported() {
        KafkaUplinkSettings settings = KafkaUplinkSettings.from(
                config("kafka:9092", new String[] {"sasl.jass.config=" + JAAS}), n -> null);
        assertThat(settings.unknownPropertyKeys()).containsExactly("sasl.jass.config");
        assertThat(settings.toString()).doesNotContain("s3cret");
    }

    @Test
    void commandsNeedACommandsTopicApartFromTheResultsAndReadingsTopics() {
        KafkaUplinkSettings connection = KafkaUplinkSettings.from(config("kafka:9092", new String[0]), n -> null);
        KafkaCommandSettings commands = KafkaCommandSettings.from(connection, config("kafka:9092", new String[0]));
        assertThat(commands.enabled()).isTrue();
        assertThat(commands.commandsTopic()).isEqualTo("heathub.commands.site-7");
        assertThat(commands.maxAge()).isEqualTo(Duration.ofMinutes(10));
        assertThat(new KafkaCommandSettings(connection, "", "r", "g", Duration.ofMinutes(1)).enabled()).isFalse();
        KafkaUplinkSettings noCluster = KafkaUplinkSettings.from(config("", new String[0]), n -> null);
        assertThat(new KafkaCommandSettings(noCluster, "c", "r", "g", Duration.ofMinutes(1)).enabled()).isFalse();
        assertThatThrownBy(() -> new KafkaCommandSettings(connection, "heathub.readings", "r", "g", Duration.ofMinutes(1)))
                .hasMessageContaining("must differ from resultsTopic and from the readings topic");
        assertThatThrownBy(() -> new KafkaCommandSettings(connection, "c", "c", "g", Duration.ofMinutes(1)))
                .hasMessageContaining("must differ");
        assertThatThrownBy(() -> new KafkaCommandSettings(connection, "c d", "r", "g", Duration.ofMinutes(1)))
                .hasMessageContaining("1-249 of [a-zA-Z0-9._-]");
        assertThatThrownBy(() -> new KafkaCommandSettings(connection, "c", "r", " ", Duration.ofMinutes(1)))
                .hasMessageContaining("commandsGroupId");
        assertThatThrownBy(() -> new KafkaCommandSettings(connection, "c", "r", "g", Duration.ZERO))
                .hasMessageContaining("commandMaxAgeSeconds");
    }

    private static KafkaUplinkConfig config(String bootstrapServers, String[] properties) {
        return new KafkaUplinkConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return KafkaUplinkConfig.class;
            }

            @Override
            public String bootstrapServers() {
                return bootstrapServers;
            }

            @Override
            public String topic() {
                return "heathub.readings";
            }

            @Override
            public int batchSize() {
                return 500;
            }

            @Override
            public int timeoutSeconds() {
                return 30;
            }

            @Override
            public String[] properties() {
                return properties;
            }

            @Override
            public String hubId() {
                return "";
            }

            @Override
            public String commandsTopic() {
                return "heathub.commands.site-7";
            }

            @Override
            public String resultsTopic() {
                return "heathub.command-results";
            }

            @Override
            public String commandsGroupId() {
                return "heathub-commands";
            }

            @Override
            public int commandMaxAgeSeconds() {
                return 600;
            }
        };
    }
}
