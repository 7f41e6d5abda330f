package io.heathub.tools.check;

import io.heathub.config.ConfigException;
import io.heathub.config.site.OfflineSiteReader;
import io.heathub.config.site.Site;
import io.heathub.core.site.DistributionSiteReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import io.heathub.tools.cli.Heathub;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code heathub check [--config DIR]}: validates a whole site folder offline with the readers
 * the hub uses — core's {@link DistributionSiteReader}: its site reader with every section reader
 * and driver found with {@code ServiceLoader} on the distribution's jars (so a profile a device
 * names is parsed by its driver, a households.csv by billing's reader) — and the route files of
 * {@code routes/}. Exit status 0 with
 * one summary line on standard output; 2 with one {@code file:line:column: field: problem} line per
 * problem on standard error. Warnings ({@code warning: …}, e.g. a device whose driver is not in the
 * distribution) go to standard error and do not change the status. {@code bin/heathub} runs it before
 * every start.
 */
@Command(name = "check", description = {
    "Validate site.yaml (every section, the devices with their drivers and profiles) and routes/*.yaml offline.",
    "Exit 0 with one summary line, or 2 with one file:line:column: field: problem line per problem."})
public final class Check implements Callable<Integer> {
    private final PrintStream out;
    private final PrintStream err;
    private final ClassLoader loader;

    @Option(names = "--config", paramLabel = "DIR", description = "the site folder (default: $HEATHUB_CONFIG, else the bundled demo site)")
    Path folder = Path.of(System.getProperty("heathub.config", "config"));

    public Check(PrintStream out, PrintStream err, ClassLoader loader) {
        this.out = out;
        this.err = err;
        this.loader = loader;
    }

    /** Runs {@code heathub check ARGS}; the exit status. */
    int run(String[] args) {
        return Heathub.executeOne(this, "check", out, err, args);
    }

    @Override
    public Integer call() {
        if (!Files.isDirectory(folder)) {
            err.println("heathub check: site folder '" + folder + "' not found");
            return 2;
        }
        OfflineSiteReader.Result site = new DistributionSiteReader().read(folder, loader);
        List<ConfigException> problems = new ArrayList<>(site.problems());
        List<Path> routes;
        try {
            routes = RouteFileCheck.files(folder.resolve("routes"));
            problems.addAll(RouteFileCheck.checkAll(routes));
        } catch (IOException e) {
            routes = List.of();
            problems.add(new ConfigException(folder.resolve("routes").toString(), 0, 0, "", "cannot list: " + e));
        }

        site.warnings().forEach(w -> err.println("warning: " + w.getMessage()));
        problems.forEach(p -> err.println(p.getMessage()));
        if (!problems.isEmpty()) {
            return 2;
        }
        Site ok = site.site().orElseThrow();
        out.printf("site '%s' (%s) is valid: %d buses, %d devices, sections %s read by their bundles, %d route file%s%n",
                ok.id(), ok.file(), ok.buses().size(), ok.devices().size(), ok.sections().keySet(), routes.size(),
                routes.size() == 1 ? "" : "s");
        return 0;
    }
}
