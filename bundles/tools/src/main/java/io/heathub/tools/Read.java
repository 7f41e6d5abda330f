package io.heathub.tools;

import io.heathub.api.Reading;
import io.heathub.api.driver.DeviceConfig;
import io.heathub.api.driver.DeviceDriver;
import io.heathub.api.driver.DeviceException;
import io.heathub.api.driver.DeviceSession;
import io.heathub.api.driver.LinkFactory;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Set;

/**
 * {@code bin/heathub read --driver NAME --bus URI --address ADDR [--set key=value]...}: one read
 * of one device without a site file; prints one JSON object per reading per line, like
 * {@code decode}. Exit 0 when read, 1 when the device did not answer properly, 2 on bad options
 * or settings — always one line on stderr, never a stack trace.
 */
public final class Read {
    private final PrintStream out;
    private final PrintStream err;

    Read(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(new Read(System.out, System.err).run(args));
    }

    int run(String[] args) {
        DeviceCli cli;
        DeviceDriver driver;
        try {
            cli = DeviceCli.parse(args, true);
            driver = cli.findDriver();
        } catch (DeviceCli.UsageException e) {
            return usage(e.getMessage());
        }
        DeviceConfig device = new DeviceConfig("cli", cli.driver, "cli", cli.address, cli.settings,
                Duration.ofSeconds(10), cli.configDir.toAbsolutePath(), "command line");
        try (LinkFactory.ManagedLink link = cli.openLink()) {
            DeviceSession session = driver.open(device, link);
            try {
                for (Reading r : session.read(Set.of())) {
                    out.println(ReadingLines.line(r, true));
                }
            } finally {
                session.close();
            }
            return 0;
        } catch (DeviceCli.UsageException e) {
            return usage(e.getMessage());
        } catch (DeviceException e) {
            err.println("read: " + cli.driver + " " + cli.address + " on " + cli.bus + ": " + e.kind() + ": "
                    + e.getMessage());
            return e.kind() == DeviceException.Kind.CONFIG ? 2 : 1;
        } catch (IOException e) {
            err.println("read: " + cli.bus + ": " + e.getMessage());
            return 1;
        } catch (RuntimeException e) {
            err.println("read: driver " + cli.driver + " failed (please report): " + e);
            return 1;
        }
    }

    private int usage(String problem) {
        if (!problem.isEmpty()) {
            err.println("read: " + problem);
        }
        err.println("usage: heathub read --driver NAME --bus URI --address ADDR [--set key=value]... "
                + "[--timeout 2s] [--config DIR]");
        return 2;
    }
}
