package io.heathub.tools;

import io.heathub.api.Reading;
import io.heathub.api.driver.DeviceConfig;
import io.heathub.api.driver.DeviceDriver;
import io.heathub.api.driver.DeviceException;
import io.heathub.api.driver.DeviceSession;
import io.heathub.api.driver.LinkFactory;
import io.heathub.tools.cli.Heathub;
import io.heathub.tools.cli.Rows;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code heathub read --driver NAME --bus URI --address ADDR [--set key=value]... [--format
 * json|table|csv]}: one read of one device without a site file; prints one JSON object per
 * reading per line, like {@code decode}, or a table or CSV. Exit 0 when read, 1 when the device
 * did not answer properly, 2 on bad options or settings — always one line on stderr, never a
 * stack trace.
 */
@Command(name = "read", description = "Read one device once, without a site file.")
public final class Read implements Callable<Integer> {
    private final PrintStream out;
    private final PrintStream err;

    @Spec
    CommandSpec spec;

    @Mixin
    DeviceCli cli;

    @Option(names = "--address", paramLabel = "ADDR", description = "the device's address on the line (unit id, meter address)")
    String address;

    @Option(names = "--format", paramLabel = "json|table|csv", description = "output: JSON lines (default), an aligned table or CSV")
    Rows.Format format = Rows.Format.JSON;

    public Read(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** Runs {@code heathub read ARGS}; the exit status. */
    int run(String[] args) {
        return Heathub.executeOne(this, "read", out, err, args);
    }

    @Override
    public Integer call() {
        DeviceDriver driver;
        try {
            cli.require();
            if (address == null) {
                throw new DeviceCli.UsageException("--address is required");
            }
            driver = cli.findDriver();
        } catch (DeviceCli.UsageException e) {
            throw Heathub.usage(spec, e.getMessage());
        }
        if (format == Rows.Format.YAML) {
            throw Heathub.usage(spec, "--format: read prints json, table or csv");
        }
        DeviceConfig device = new DeviceConfig("cli", cli.driver, "cli", address, cli.settings,
                Duration.ofSeconds(10), cli.configDir.toAbsolutePath(), "command line");
        try (LinkFactory.ManagedLink link = cli.openLink()) {
            DeviceSession session = driver.open(device, link);
            try {
                print(session.read(Set.of()));
            } finally {
                session.close();
            }
            return 0;
        } catch (DeviceCli.UsageException e) {
            throw Heathub.usage(spec, e.getMessage());
        } catch (DeviceException e) {
            err.println("heathub read: " + cli.driver + " " + address + " on " + cli.bus + ": " + e.kind() + ": "
                    + e.getMessage());
            return e.kind() == DeviceException.Kind.CONFIG ? Heathub.USAGE : Heathub.FAILED;
        } catch (IOException e) {
            err.println("heathub read: " + cli.bus + ": " + e.getMessage());
            return Heathub.FAILED;
        } catch (RuntimeException e) {
            err.println("heathub read: driver " + cli.driver + " failed (please report): " + e);
            return Heathub.FAILED;
        }
    }

    private void print(List<Reading> readings) {
        if (format == Rows.Format.JSON) {
            readings.forEach(r -> out.println(ReadingLines.line(r, true)));
            return;
        }
        Rows rows = new Rows("device", "point", "value", "unit", "time", "quality", "reason");
        for (Reading r : readings) {
            rows.add(r.device(), r.point(), r.value().toPlainString(), r.unit().symbol(), r.time().toString(),
                    r.quality().name(), r.reason());
        }
        rows.print(out, format);
    }
}
