package io.heathub.tools;

import io.heathub.api.driver.DeviceDriver;
import io.heathub.api.driver.DeviceException;
import io.heathub.api.driver.FoundDevice;
import io.heathub.api.driver.LinkFactory;
import io.heathub.api.driver.Progress;
import io.heathub.wire.ReadingJson;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code bin/heathub scan --driver NAME --bus URI [--set key=value]...}: finds the devices on a
 * line. Progress goes to stderr (a scan of a slow line takes minutes), one JSON object per found
 * device to stdout: {@code {"address":"…","description":"…"}}. Ctrl-C stops it.
 */
public final class Scan {
    private final PrintStream out;
    private final PrintStream err;
    private final ReadingJson json = new ReadingJson();

    Scan(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(new Scan(System.out, System.err).run(args));
    }

    int run(String[] args) {
        DeviceCli cli;
        DeviceDriver driver;
        try {
            cli = DeviceCli.parse(args, false);
            driver = cli.findDriver();
        } catch (DeviceCli.UsageException e) {
            return usage(e.getMessage());
        }
        Progress progress = new Progress() {
            private long lastPrinted;

            @Override
            public void update(long done, long total, String message) {
                long now = System.nanoTime();
                // At most a few lines a second: a fast TCP scan must not flood the terminal.
                if (now - lastPrinted > 200_000_000L || done == total) {
                    lastPrinted = now;
                    err.println("scan: " + done + (total >= 0 ? "/" + total : "") + " " + message);
                }
            }
        };
        try (LinkFactory.ManagedLink link = cli.openLink()) {
            List<FoundDevice> found = driver.scan(link, cli.settings, progress);
            for (FoundDevice d : found) {
                out.println(new String(json.render(gen -> {
                    gen.writeStartObject();
                    gen.writeStringField("address", d.address());
                    gen.writeStringField("description", d.description());
                    gen.writeEndObject();
                }), StandardCharsets.UTF_8));
            }
            err.println("scan: " + found.size() + " device(s) found on " + cli.bus);
            return 0;
        } catch (DeviceCli.UsageException e) {
            return usage(e.getMessage());
        } catch (DeviceException e) {
            err.println("scan: " + cli.driver + " on " + cli.bus + ": " + e.getMessage());
            return e.kind() == DeviceException.Kind.CONFIG ? 2 : 1;
        } catch (IOException e) {
            err.println("scan: " + cli.bus + ": " + e.getMessage());
            return 1;
        } catch (RuntimeException e) {
            err.println("scan: driver " + cli.driver + " failed (please report): " + e);
            return 1;
        }
    }

    private int usage(String problem) {
        if (!problem.isEmpty()) {
            err.println("scan: " + problem);
        }
        err.println("usage: heathub scan --driver NAME --bus URI [--set key=value]... [--timeout 2s]");
        return 2;
    }
}
