package io.heathub.tools.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.Callable;
import io.heathub.config.Durations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code heathub stop [--data DIR] [--timeout 60s]}: stops the hub that {@code bin/heathub start}
 * started on a data folder. Start writes the JVM's process id to {@code DATA/heathub.pid}; stop
 * checks that this process is still that hub (its command line names the data folder: a stale
 * file whose id the system gave to another process is not killed), sends it SIGTERM — Felix's
 * shutdown hook stops every bundle, the journal is closed cleanly — and waits for it to end.
 * The data folder is found as {@code user} finds it ({@code --data}, {@code $HEATHUB_DATA}, the
 * last start of this home). Exit 0 stopped or not running, 1 still running after the timeout or
 * not ours to stop. Under systemd use {@code systemctl stop heathub}: the unit restarts what this
 * stops only on failure.
 */
@Command(name = "stop", description = {"Stop the hub started on this home's data folder (SIGTERM to the process in DATA/heathub.pid; waits).",
    "The data folder: --data DIR, else $HEATHUB_DATA, else the last start's. Exit 0 stopped or not running, 1 still running."})
final class Stop implements Callable<Integer> {
    static final String PID_FILE = "heathub.pid";

    private final PrintStream out;
    private final PrintStream err;

    @Spec
    CommandSpec spec;

    @Option(names = "--data", paramLabel = "DIR", description = "the hub's data folder (resolved by bin/heathub)")
    Path data = Path.of(System.getProperty("heathub.data", "data"));

    @Option(names = "--timeout", paramLabel = "DURATION", description = "how long to wait for the hub to end (default 60s)")
    String timeout = "60s";

    Stop(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    private static Path realPath(Path folder) {
        try {
            return folder.toRealPath();
        } catch (IOException e) {
            return folder.toAbsolutePath().normalize();
        }
    }

    @Override
    public Integer call() {
        long waitMillis = Durations.parse(timeout).filter(d -> !d.isNegative() && !d.isZero())
                .orElseThrow(() -> Heathub.usage(spec, "--timeout must be a duration like 60s, got \"" + timeout + "\""))
                .toMillis();
        Path pidFile = data.resolve(PID_FILE);
        long pid;
        try {
            String text = Files.readString(pidFile, StandardCharsets.US_ASCII).strip();
            if (!text.matches("[0-9]{1,10}")) {
                err.println("heathub stop: " + pidFile + ": not a process id: \"" + Status.firstLine(text) + "\"");
                return Heathub.FAILED;
            }
            pid = Long.parseLong(text);
        } catch (NoSuchFileException e) {
            out.println("heathub stop: no hub running on " + data + " (no " + PID_FILE + ")");
            return 0;
        } catch (IOException e) {
            err.println("heathub stop: " + pidFile + ": " + e.getMessage());
            return Heathub.FAILED;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (process.isEmpty()) {
            out.println("heathub stop: no hub running on " + data + " (process " + pid + " has ended)");
            return 0;
        }
        Optional<String> commandLine = process.get().info().commandLine();
        String mark = "-Dheathub.data=" + realPath(data); // bin/heathub start resolves it (pwd -P)
        if (commandLine.isEmpty()) {
            err.println("heathub stop: cannot see the command line of process " + pid + " (another user's?); not stopping it");
            return Heathub.FAILED;
        }
        if (!commandLine.get().contains(mark)) {
            out.println("heathub stop: no hub running on " + data + " (process " + pid + " of " + pidFile
                    + " is another program now)");
            return 0;
        }
        process.get().destroy();
        try {
            process.get().onExit().get(waitMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            err.println("heathub stop: hub (process " + pid + ") still running after " + timeout
                    + "; its log is in " + data.resolve("log"));
            return Heathub.FAILED;
        } catch (ExecutionException e) {
            err.println("heathub stop: " + e.getMessage());
            return Heathub.FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Heathub.FAILED;
        }
        out.println("heathub stop: hub (process " + pid + ") on " + data + " stopped");
        return 0;
    }
}
