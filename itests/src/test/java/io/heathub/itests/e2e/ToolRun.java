package io.heathub.itests.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One run of an integrator tool of the distribution ({@code bin/heathub decode|read|scan|…}) as a
 * process: its exit status, stdout, stderr and how long it took.
 */
record ToolRun(int exit, String out, String err, long millis) {

    static ToolRun of(Path home, long timeoutSeconds, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(home.resolve("bin/heathub").toString());
        command.addAll(List.of(args));
        Path out = Files.createTempFile("tool", ".out");
        Path err = Files.createTempFile("tool", ".err");
        long started = System.nanoTime();
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        boolean finished = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        if (!finished) {
            p.destroyForcibly();
        }
        assertThat(finished).as("bin/heathub %s finished within %d s; stderr so far:%n%s", String.join(" ", args),
                timeoutSeconds, Files.readString(err)).isTrue();
        long millis = (System.nanoTime() - started) / 1_000_000;
        ToolRun run = new ToolRun(p.exitValue(), Files.readString(out), Files.readString(err), millis);
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
        return run;
    }
}
