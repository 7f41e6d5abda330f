package io.heathub.console.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.logging.ConsoleHandler;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class ProcessStderrLogTest {

    @Test
    void logLinesGoToTheProcessStderrNotToTheStreamSystemErrWasWhenTheHandlerWasMade() {
        PrintStream original = System.err;
        ByteArrayOutputStream session = new ByteArrayOutputStream();
        PrintStream sessionStream = new PrintStream(session, true, StandardCharsets.UTF_8);
        System.setErr(sessionStream); // as Gogo does: System.err is now a session's
        try {
            ConsoleHandler console = new ConsoleHandler(); // as JUL makes it at the first log line
            Logger root = Logger.getAnonymousLogger();
            root.setUseParentHandlers(false);
            root.setLevel(Level.ALL);
            root.addHandler(console);
            ByteArrayOutputStream process = new ByteArrayOutputStream();

            try (ProcessStderrLog bound = ProcessStderrLog.bind(root, process)) {
                root.info("bus meters: started");
                root.fine("below the console handler's level");

                assertThat(process.toString(StandardCharsets.UTF_8)).contains("INFO: bus meters: started")
                        .doesNotContain("below the console handler's level");
                assertThat(session.toString(StandardCharsets.UTF_8)).isEmpty();
                assertThat(root.getHandlers()).hasSize(1).noneMatch(h -> h instanceof ConsoleHandler);
            }

            assertThat(root.getHandlers()).containsExactly(console);
            sessionStream.println("still open");
            assertThat(sessionStream.checkError()).as("System.err was not closed").isFalse();
            assertThat(session.toString(StandardCharsets.UTF_8)).isEqualTo("still open" + System.lineSeparator());
        } finally {
            System.setErr(original);
        }
    }

    @Test
    void otherHandlersAreLeftAlone() {
        Logger root = Logger.getAnonymousLogger();
        java.util.logging.StreamHandler file = new java.util.logging.StreamHandler(new ByteArrayOutputStream(),
                new java.util.logging.SimpleFormatter());
        root.addHandler(file);

        try (ProcessStderrLog bound = ProcessStderrLog.bind(root, new ByteArrayOutputStream())) {
            assertThat(root.getHandlers()).containsExactly(file);
        }
        assertThat(root.getHandlers()).containsExactly(file);
    }
}
