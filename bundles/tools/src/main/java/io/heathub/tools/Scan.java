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
import java.util.Map;
import java.util.concurrent.Callable;
import io.heathub.tools.cli.Heathub;
import io.heathub.tools.cli.Rows;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code heathub scan --driver NAME --bus URI [--set key=value]... [--format json|yaml|table|csv]}: finds
 * the devices on a line. Progress with an estimate of the time left goes to stderr (a scan of a
 * slow line takes minutes); the devices found go to stdout, one JSON object per line
 * ({@code {"address":"…","description":"…"}}, plus {@code settings} and {@code collision} when
 * there are any) or, with {@code --format yaml}, as {@code site.yaml} entries ({@link SiteYaml}).
 * Ctrl-C stops it.
 */
@Command(name = "scan", description = "Find the devices of one driver on a line (progress on standard error).")
public final class Scan implements Callable<Integer> {
    private final PrintStream out;
    private final PrintStream err;
    private final ReadingJson json = new ReadingJson();

    @Spec
    CommandSpec spec;

    @Mixin
    DeviceCli cli;

    @Option(names = "--format", paramLabel = "json|yaml|table|csv",
            description = "output: JSON lines (default), site.yaml entries to paste, an aligned table or CSV")
    Rows.Format format = Rows.Format.JSON;

    public Scan(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** Runs {@code heathub scan ARGS}; the exit status. */
    int run(String[] args) {
        return Heathub.executeOne(this, "scan", out, err, args);
    }

    @Override
    public Integer call() {
        DeviceDriver driver;
        try {
            cli.require();
            driver = cli.findDriver();
        } catch (DeviceCli.UsageException e) {
            throw Heathub.usage(spec, e.getMessage());
        }
        long started = System.nanoTime();
        Progress progress = new Progress() {
            private long lastPrinted;

            @Override
            public void update(long done, long total, String message) {
                long now = System.nanoTime();
                // At most a few lines a second: a fast TCP scan must not flood the terminal.
                if (now - lastPrinted > 200_000_000L || done == total) {
                    lastPrinted = now;
                    err.println("scan: " + done + (total >= 0 ? "/" + total : "") + " " + message
                            + timing(now - started, done, total));
                }
            }
        };
        try (LinkFactory.ManagedLink link = cli.openLink()) {
            List<FoundDevice> found = driver.scan(link, cli.settings, progress);
            long seconds = Math.round((System.nanoTime() - started) / 1e9);
            print(found, seconds);
            err.println("scan: " + found.size() + " device(s) found on " + cli.bus + " in " + duration(seconds));
            return 0;
        } catch (DeviceCli.UsageException e) {
            throw Heathub.usage(spec, e.getMessage());
        } catch (DeviceException e) {
            err.println("heathub scan: " + cli.driver + " on " + cli.bus + ": " + e.getMessage());
            return e.kind() == DeviceException.Kind.CONFIG ? 2 : 1;
        } catch (IOException e) {
            err.println("heathub scan: " + cli.bus + ": " + e.getMessage());
            return 1;
        } catch (RuntimeException e) {
            err.println("heathub scan: driver " + cli.driver + " failed (please report): " + e);
            return 1;
        }
    }

    /**
     * {@code (12 s, ~1 min 5 s left)}: the time so far at the pace so far. A search that narrows
     * collisions plans more steps as it finds them, so the estimate is a floor until the end.
     */
    static String timing(long elapsedNanos, long done, long total) {
        long elapsed = Math.round(elapsedNanos / 1e9);
        if (done <= 0 || total <= done) {
            return " (" + duration(elapsed) + ")";
        }
        long left = Math.round(elapsedNanos / 1e9 / done * (total - done));
        return " (" + duration(elapsed) + ", ~" + duration(left) + " left)";
    }

    static String duration(long seconds) {
        return seconds < 60 ? seconds + " s" : seconds / 60 + " min " + seconds % 60 + " s";
    }

    private void print(List<FoundDevice> found, long seconds) {
        switch (format) {
            case YAML -> out.print(SiteYaml.of(cli.driver, cli.bus, found, seconds));
            case JSON -> found.forEach(d -> out.println(jsonLine(d)));
            default -> {
                Rows rows = new Rows("address", "description", "settings", "collision");
                for (FoundDevice d : found) {
                    rows.add(d.address(), d.description(), settingsText(d.settings()), d.collision() ? "yes" : "");
                }
                rows.print(out, format);
            }
        }
    }

    /** {@code unitPosition=after;meterType=cold}: one cell. */
    private static String settingsText(Map<String, String> settings) {
        StringBuilder text = new StringBuilder();
        settings.forEach((k, v) -> text.append(text.length() == 0 ? "" : ";").append(k).append('=').append(v));
        return text.toString();
    }

    private String jsonLine(FoundDevice d) {
        return new String(json.render(gen -> {
            gen.writeStartObject();
            gen.writeStringField("address", d.address());
            gen.writeStringField("description", d.description());
            if (!d.settings().isEmpty()) {
                gen.writeObjectFieldStart("settings");
                for (Map.Entry<String, String> s : d.settings().entrySet()) {
                    gen.writeStringField(s.getKey(), s.getValue());
                }
                gen.writeEndObject();
            }
            if (d.collision()) {
                gen.writeBooleanField("collision", true);
            }
            gen.writeEndObject();
        }), StandardCharsets.UTF_8);
    }
}
