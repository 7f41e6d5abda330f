package io.heathub.forward.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.heathub.api.Reading;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker killed with SIGKILL mid-stream (a child JVM), then started again on the same log
 * directory and address: acknowledged records survive in the broker, unacknowledged ones stay in
 * the journal and are sent again.
 */
class KafkaUplinkBrokerCrashTest extends UplinkTestBase {
    @TempDir
    static Path kafkaDir;
    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = EmbeddedKafka.startForked(kafkaDir.resolve("kafka"), PARTITIONS);
    }

    @AfterAll
    static void stopKafka() throws InterruptedException {
        kafka.close();
    }

    @Override
    EmbeddedKafka kafka() {
        return kafka;
    }

    @Test
    void brokerKilledMidStreamAndRestartedLosesNothing() throws Exception {
        List<Reading> sent = streamThroughAnOutage("readings-crash", kafka::kill);
        int rawDuplicates = assertNothingLostOrReordered("readings-crash", sent);
        // At most the batch in flight when the broker died (written, answer lost) comes again.
        assertThat(rawDuplicates).isLessThanOrEqualTo(100);
    }
}
