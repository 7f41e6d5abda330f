package io.heathub.tools.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code heathub stop} on real processes: it ends the one its data folder's pid file names only
 * when that process is the hub of that folder (its command line says so), never another program
 * that got the id later.
 */
class StopTest {
    @TempDir
    Path data;

    private record Run(int exit, String out, String err) {
    }

    private Run stop(String... extra) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] args = new String[extra.length + 3];
        args[0] = "stop";
        args[1] = "--data";
        args[2] = data.toString();
        System.arraycopy(extra, 0, args, 3, extra.length);
        int exit = Heathub.execute(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), args);
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** A long-running process whose command line carries {@code marker}, as the launcher's java does. */
    private static Process sleeper(String marker) throws Exception {
        return new ProcessBuilder("/usr/bin/python3", "-c", "import time; time.sleep(120)", marker).start();
    }

    @Test
    void stopsTheHubOfItsDataFolderAndWaits() throws Exception {
        Process hub = sleeper("-Dheathub.data=" + data.toAbsolutePath().normalize());
        try {
            Files.writeString(data.resolve("heathub.pid"), hub.pid() + "\n");
            Run run = stop("--timeout", "20s");
            assertThat(run.exit()).as(run.err()).isZero();
            assertThat(run.out()).isEqualTo("heathub stop: hub (process " + hub.pid() + ") on " + data + " stopped\n");
            assertThat(hub.isAlive()).isFalse();
        } finally {
            hub.destroyForcibly();
        }
    }

    @Test
    void leavesAnotherProgramAlone() throws Exception {
        Process other = sleeper("-Dheathub.data=/somewhere/else");
        try {
            Files.writeString(data.resolve("heathub.pid"), Long.toString(other.pid()));
            Run run = stop();
            assertThat(run.exit()).isZero();
            assertThat(run.out()).contains("no hub running on " + data, "is another program now");
            assertThat(other.waitFor(300, TimeUnit.MILLISECONDS)).isFalse();
        } finally {
            other.destroyForcibly();
        }
    }

    @Test
    void nothingToStopAndABrokenPidFile() throws Exception {
        Run none = stop();
        assertThat(none.exit()).isZero();
        assertThat(none.out()).isEqualTo("heathub stop: no hub running on " + data + " (no heathub.pid)\n");
        Files.writeString(data.resolve("heathub.pid"), "12ab\n");
        Run broken = stop();
        assertThat(broken.exit()).isEqualTo(1);
        assertThat(broken.err()).isEqualTo("heathub stop: " + data.resolve("heathub.pid") + ": not a process id: \"12ab\"\n");
        Run badTimeout = stop("--timeout", "soon");
        assertThat(badTimeout.exit()).isEqualTo(2);
        assertThat(badTimeout.err()).startsWith("heathub stop: --timeout must be a duration like 60s, got \"soon\"");
    }
}
