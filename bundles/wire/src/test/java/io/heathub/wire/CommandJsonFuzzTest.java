package io.heathub.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.heathub.api.driver.Command;
import io.heathub.api.driver.CommandResult;
import java.time.Instant;

/**
 * {@link CommandJson}, the door of MQTT and REST commands: any bytes give a command or a
 * {@link WireFormatException}, never another exception; a command it accepts passes the shared
 * checks ({@link CommandJson#problem}) and its result can be written. Seeds in
 * {@code src/test/resources/io/heathub/wire/CommandJsonFuzzTestInputs/}; long run
 * {@code JAZZER_FUZZ=1 mvn test -Dtest=CommandJsonFuzzTest} (README).
 */
class CommandJsonFuzzTest {
    private static final Instant T = Instant.parse("2026-11-23T09:30:00Z");
    private final CommandJson json = new CommandJson();

    @FuzzTest(maxDuration = "3m")
    void acceptsOnlyCheckedCommands(byte[] input) {
        // the MQTT way (device from the topic) and the REST way (device in the body)
        for (String defaultDevice : new String[] {"room-101", null}) {
            Command command;
            try {
                command = json.read(input, defaultDevice, "mqtt");
            } catch (WireFormatException refused) {
                assertThat(refused.getMessage()).isNotBlank().hasSizeLessThan(2048);
                continue;
            }
            assertThat(CommandJson.problem(command)).isEmpty();
            assertThat(CommandJson.REQUEST_ID.matcher(command.requestId()).matches()).isTrue();
            assertThat(ReadingInput.DEVICE.matcher(command.device()).matches()).isTrue();
            assertThat(ReadingInput.sourceValueProblem(command.value())).isEmpty();
            assertThat(command.requestedBy()).startsWith("mqtt");
            byte[] result = json.write(command, CommandResult.done(command.requestId(), command.value()), T);
            assertThat(result).isNotEmpty();
        }
    }
}
