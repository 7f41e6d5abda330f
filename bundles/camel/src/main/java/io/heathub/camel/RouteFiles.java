package io.heathub.camel;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;

/**
 * Loads the Camel YAML DSL route files of a folder into a running context, one file at a time,
 * so that one broken file is reported and skipped while the other files' routes run.
 */
public final class RouteFiles {
    private static final System.Logger LOG = System.getLogger(RouteFiles.class.getName());

    /** A route file that could not be loaded, and why. */
    public record Problem(Path file, String message) {
        @Override
        public String toString() {
            return file + ": " + message;
        }
    }

    private RouteFiles() {
    }

    /**
     * Loads every {@code *.yaml} file in {@code folder} (sorted by name, not recursive) into
     * {@code context}, which should already be started so a route that cannot start fails its
     * own file and not the context. A missing folder is not an error: a site may have no routes.
     *
     * @return the files that failed, each with the problem; empty when all loaded
     */
    public static List<Problem> loadFolder(CamelContext context, Path folder) {
        List<Problem> problems = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            LOG.log(Level.INFO, "No route folder {0}: no YAML routes loaded", folder.toAbsolutePath());
            return problems;
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(folder)) {
            files = list.filter(f -> f.getFileName().toString().endsWith(".yaml") && Files.isRegularFile(f))
                    .sorted().toList();
        } catch (IOException e) {
            problems.add(new Problem(folder, "cannot list the route folder: " + e));
            LOG.log(Level.ERROR, "Cannot list route folder {0}: {1}", folder.toAbsolutePath(), e.toString());
            return problems;
        }
        for (Path file : files) {
            String problem = loadFile(context, file);
            if (problem != null) {
                problems.add(new Problem(file, problem));
                if (waitsForComponent(problem)) {
                    // Usual at start-up: the component's bundle starts a moment after Camel.
                    LOG.log(Level.INFO, "Route file {0} waits for its Camel component (loaded when it arrives): {1}",
                            file.toAbsolutePath(), problem);
                } else {
                    LOG.log(Level.ERROR, "Route file {0} not loaded, the other routes keep running: {1}",
                            file.toAbsolutePath(), problem);
                }
            } else {
                LOG.log(Level.INFO, "Loaded routes from {0}", file.toAbsolutePath());
            }
        }
        return problems;
    }

    /** True when the file failed only because an endpoint's component is not (yet) in the context. */
    static boolean waitsForComponent(String problem) {
        return problem.contains("No endpoint could be found for");
    }

    /** Loads one file; on failure removes whatever routes it managed to add and returns why. */
    static String loadFile(CamelContext context, Path file) {
        Set<String> before = routeIds(context);
        try {
            Resource resource = ResourceHelper.resolveMandatoryResource(context, "file:" + file.toAbsolutePath());
            PluginHelper.getRoutesLoader(context).loadRoutes(resource);
            return null;
        } catch (Exception e) {
            for (String id : routeIds(context)) {
                if (!before.contains(id)) {
                    removeQuietly(context, id);
                }
            }
            return describe(e);
        }
    }

    private static Set<String> routeIds(CamelContext context) {
        Set<String> ids = new HashSet<>();
        for (Route r : context.getRoutes()) {
            ids.add(r.getRouteId());
        }
        return ids;
    }

    private static void removeQuietly(CamelContext context, String routeId) {
        try {
            context.getRouteController().stopRoute(routeId);
            context.removeRoute(routeId);
        } catch (Exception e) {
            LOG.log(Level.WARNING, "Could not remove route {0} of a broken file: {1}", routeId, e.toString());
        }
    }

    /** The whole cause chain in one line: Camel wraps the YAML parser's message with the line. */
    static String describe(Throwable e) {
        StringBuilder sb = new StringBuilder();
        Set<Throwable> seen = new HashSet<>();
        for (Throwable t = e; t != null && seen.add(t); t = t.getCause()) {
            String msg = t.getMessage();
            if (msg == null || sb.indexOf(msg) >= 0) {
                continue;
            }
            if (sb.length() > 0) {
                sb.append(" <- ");
            }
            sb.append(msg.strip());
        }
        return sb.length() == 0 ? e.getClass().getName() : sb.toString();
    }
}
