package io.heathub.forward.mqtt;

import io.heathub.camel.journal.uplink.UplinkSpec;
import java.net.InetAddress;
import java.time.Duration;
import java.util.function.Function;

/**
 * The uplink's effective settings: the ConfigAdmin configuration with the environment's
 * {@code HEATHUB_MQTT_URL} applied on top.
 *
 * @param url            broker URL ({@code tcp://host:1883}, {@code ssl://host:8883}); empty = disabled
 * @param username       empty = anonymous
 * @param password       used only with a username
 * @param topicPrefix    topics are {@code {topicPrefix}/{device}/readings}
 * @param clientId       MQTT client id
 * @param batchSize      most journal entries read and published per round
 * @param pollInterval   how often the journal is looked at when it was drained
 * @param firstBackoff   wait after the first failure; doubles per failure
 * @param maxBackoff     longest wait between attempts while the broker is down
 * @param publishTimeout longest wait for a CONNACK or PUBACK
 * @param tls            certificates for {@code ssl://} brokers
 * @param format         {@code heathub} topics per device, or ThingsBoard's gateway topics
 * @param hubId          the hub id on the wire; empty = the site id
 * @param maxMessageBytes most bytes of payload plus {@code heathub-keys} per message; a batch is split to fit
 */
record UplinkSettings(String url, String username, String password, String topicPrefix, String clientId,
                      int batchSize, Duration pollInterval, Duration firstBackoff, Duration maxBackoff,
                      Duration publishTimeout, TlsFiles tls, Format format, String hubId, int maxMessageBytes) {
    /** Below ThingsBoard's MQTT limit of 64 KiB per message (topic and header included). */
    static final int DEFAULT_MAX_MESSAGE_BYTES = 60_000;
    /** Smaller messages would not hold one reading with its identity. */
    static final int MIN_MAX_MESSAGE_BYTES = 1024;

    /** What the messages look like on the wire. */
    enum Format {
        /** {@code {topicPrefix}/{device}/readings}, a JSON array of readings per device. */
        HEATHUB,
        /** ThingsBoard gateway API: {@code v1/gateway/connect} and {@code v1/gateway/telemetry}. */
        THINGSBOARD;

        static Format parse(String text) {
            return switch (text == null ? "" : text.strip().toLowerCase(java.util.Locale.ROOT)) {
                case "", "heathub" -> HEATHUB;
                case "thingsboard" -> THINGSBOARD;
                default -> throw new IllegalArgumentException("format must be heathub or thingsboard, got \"" + text + "\"");
            };
        }
    }

    /** Without TLS files and in the heathub format (tests and plain brokers). */
    UplinkSettings(String url, String username, String password, String topicPrefix, String clientId, int batchSize,
                   Duration pollInterval, Duration firstBackoff, Duration maxBackoff, Duration publishTimeout) {
        this(url, username, password, topicPrefix, clientId, batchSize, pollInterval, firstBackoff, maxBackoff,
                publishTimeout, TlsFiles.NONE, Format.HEATHUB, "", DEFAULT_MAX_MESSAGE_BYTES);
    }

    UplinkSettings withTls(TlsFiles files) {
        return new UplinkSettings(url, username, password, topicPrefix, clientId, batchSize, pollInterval, firstBackoff,
                maxBackoff, publishTimeout, files, format, hubId, maxMessageBytes);
    }

    UplinkSettings withFormat(Format newFormat) {
        return new UplinkSettings(url, username, password, topicPrefix, clientId, batchSize, pollInterval, firstBackoff,
                maxBackoff, publishTimeout, tls, newFormat, hubId, maxMessageBytes);
    }

    UplinkSettings withWire(String newHubId, int newMaxMessageBytes) {
        return new UplinkSettings(url, username, password, topicPrefix, clientId, batchSize, pollInterval, firstBackoff,
                maxBackoff, publishTimeout, tls, format, newHubId, newMaxMessageBytes);
    }

    /** Retained hub status (the last will says offline). */
    String statusTopic() {
        return topicPrefix + "/status/" + clientId.replace('+', '_').replace('#', '_').replace('/', '_');
    }

    /** Environment variable that overrides the configured broker URL. */
    static final String URL_ENV = "HEATHUB_MQTT_URL";

    UplinkSettings {
        url = url == null ? "" : url.strip();
        username = username == null ? "" : username;
        password = password == null ? "" : password;
        topicPrefix = topicPrefix == null || topicPrefix.isBlank() ? "heathub" : stripSlashes(topicPrefix.strip());
        clientId = clientId == null || clientId.isBlank() ? "heathub-" + hostname() : clientId.strip();
        tls = tls == null ? TlsFiles.NONE : tls;
        format = format == null ? Format.HEATHUB : format;
        hubId = hubId == null ? "" : hubId.strip();
        UplinkSpec.checkBatchSize(batchSize);
        if (maxMessageBytes < MIN_MAX_MESSAGE_BYTES) {
            throw new IllegalArgumentException("maxMessageBytes must be at least " + MIN_MAX_MESSAGE_BYTES + ", got "
                    + maxMessageBytes);
        }
    }

    /** Production timings with the given connection settings. */
    static UplinkSettings of(String url, String username, String password, String topicPrefix, String clientId,
                             int batchSize) {
        return new UplinkSettings(url, username, password, topicPrefix, clientId, batchSize,
                Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(10));
    }

    /** From the component configuration; {@code env} is {@code System::getenv} outside tests. */
    static UplinkSettings from(MqttUplinkConfig config, Function<String, String> env) {
        String override = env.apply(URL_ENV);
        String url = override != null && !override.isBlank() ? override : config.url();
        return of(url, config.username(), config.password(), config.topicPrefix(), config.clientId(),
                config.batchSize())
                .withTls(new TlsFiles(config.caFile(), config.clientCertFile(), config.clientKeyFile()))
                .withFormat(Format.parse(config.format()))
                .withWire(config.hubId(), config.maxMessageBytes());
    }

    boolean enabled() {
        return !url.isEmpty();
    }

    /** The topic a device's readings go to; MQTT wildcards in a device id are replaced. */
    String topicFor(String device) {
        return topicPrefix + '/' + device.replace('+', '_').replace('#', '_') + "/readings";
    }

    /** Safe to log: the password never appears. */
    @Override
    public String toString() {
        return "url=" + url + ", username=" + (username.isEmpty() ? "(anonymous)" : username)
                + ", topicPrefix=" + topicPrefix + ", clientId=" + clientId + ", batchSize=" + batchSize
                + ", format=" + format.name().toLowerCase(java.util.Locale.ROOT) + (tls.configured() ? ", " + tls : "")
                + (hubId.isEmpty() ? "" : ", hubId=" + hubId) + ", maxMessageBytes=" + maxMessageBytes;
    }

    private static String stripSlashes(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && s.charAt(start) == '/') {
            start++;
        }
        while (end > start && s.charAt(end - 1) == '/') {
            end--;
        }
        return s.substring(start, end);
    }

    private static String hostname() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env.strip();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "hub";
        }
    }
}
