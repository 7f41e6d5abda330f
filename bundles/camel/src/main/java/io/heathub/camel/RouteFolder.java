package io.heathub.camel;

import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;

/**
 * The YAML route files of a folder, kept in step with the running context one file at a time, as
 * {@code site.yaml} is: a file added, changed or removed is applied on the next {@link #scan};
 * a broken edit is reported as {@code file:line: problem} and the last good routes of that file
 * keep running (a YAML error is caught before anything stops; a route that fails to start is
 * taken out again and the last good version loaded back). Thread-safe.
 */
public final class RouteFolder {
    /** Larger route files are refused: a route file is a few screens of YAML. */
    static final int MAX_FILE_BYTES = 1 << 20;
    private static final System.Logger LOG = System.getLogger(RouteFolder.class.getName());
    private static final Pattern YAML_LINE = Pattern.compile("line (\\d+)");
    private static final Pattern ENDPOINT = Pattern.compile(
            "(?:No endpoint could be found for|Failed to resolve endpoint|Unknown parameters=\\[\\{?)[:\\s]*([A-Za-z][\\w+.-]*:[^\\s,]*)");
    private static final Pattern ROUTE = Pattern.compile("(?:Failed to create route|route) ([\\w.-]+)");

    private final CamelContext context;
    private final Path folder;
    private final Map<Path, FileState> files = new TreeMap<>();
    private boolean reportedMissing;

    /** What is known of one file: the bytes last seen, the last version that loaded, its routes, its problem. */
    private static final class FileState {
        byte[] seen;
        byte[] good;
        List<String> routeIds = List.of();
        String problem;
        /** Why the file could not be read, reported once until it changes. */
        String unreadable;
    }

    public RouteFolder(CamelContext context, Path folder) {
        this.context = context;
        this.folder = folder;
    }

    public Path folder() {
        return folder;
    }

    /**
     * Applies what changed since the last scan: new and edited files are (re)loaded, routes of
     * removed files are removed. A missing folder is no error: a site may have no routes.
     *
     * @return the problems found in this scan (files that did not load, or loaded back their last good version)
     */
    public synchronized List<RouteFiles.Problem> scan() {
        List<Path> present = list();
        List<RouteFiles.Problem> problems = new ArrayList<>();
        for (Path gone : new ArrayList<>(files.keySet())) {
            if (!present.contains(gone)) {
                FileState state = files.remove(gone);
                removeRoutes(state.routeIds);
                LOG.log(Level.INFO, "Route file {0} removed: its routes {1} are removed", gone.toAbsolutePath(),
                        state.routeIds);
            }
        }
        for (Path file : present) {
            FileState state = files.computeIfAbsent(file, f -> new FileState());
            byte[] bytes;
            try {
                bytes = read(file);
            } catch (IOException e) {
                String why = "cannot read the file: " + e.getMessage();
                if (!why.equals(state.unreadable)) {
                    state.unreadable = why;
                    problems.add(report(file, state, null, why));
                }
                continue;
            }
            state.unreadable = null;
            if (!Arrays.equals(bytes, state.seen)) {
                RouteFiles.Problem p = apply(file, state, bytes);
                if (p != null) {
                    problems.add(p);
                }
            }
        }
        return problems;
    }

    /** Loads again the files whose routes failed, e.g. for a component that has arrived since. */
    public synchronized List<RouteFiles.Problem> retryFailed() {
        List<RouteFiles.Problem> problems = new ArrayList<>();
        files.forEach((file, state) -> {
            if (state.problem != null && state.seen != null) {
                RouteFiles.Problem p = apply(file, state, state.seen);
                if (p != null) {
                    problems.add(p);
                }
            }
        });
        return problems;
    }

    /** The current problem of {@code file}, or null when its last version loaded. */
    public synchronized String problem(Path file) {
        FileState state = files.get(file);
        return state == null ? null : state.problem;
    }

    /** The routes {@code file} added and that run now. */
    public synchronized List<String> routes(Path file) {
        FileState state = files.get(file);
        return state == null ? List.of() : state.routeIds;
    }

    private RouteFiles.Problem apply(Path file, FileState state, byte[] bytes) {
        boolean reload = state.good != null;
        state.seen = bytes;
        String syntax = check(file, bytes);
        if (syntax != null) {
            // Nothing was stopped: the last good routes of the file run on.
            return report(file, state, bytes, syntax);
        }
        removeRoutes(state.routeIds);
        state.routeIds = List.of();
        LoadResult loaded = load(file, bytes);
        if (loaded.problem == null) {
            state.good = bytes;
            state.routeIds = loaded.routeIds;
            if (state.problem != null || reload) {
                LOG.log(Level.INFO, "{0} routes {1} from {2}", reload ? "Reloaded" : "Loaded now", loaded.routeIds,
                        file.toAbsolutePath());
            } else {
                LOG.log(Level.INFO, "Loaded routes {0} from {1}", loaded.routeIds, file.toAbsolutePath());
            }
            state.problem = null;
            return null;
        }
        if (state.good != null) {
            LoadResult restored = load(file, state.good);
            state.routeIds = restored.routeIds;
            if (restored.problem != null) {
                LOG.log(Level.ERROR, "Route file {0}: the last good version does not load again either: {1}",
                        file.toAbsolutePath(), restored.problem);
            }
        }
        return report(file, state, bytes, loaded.problem);
    }

    private RouteFiles.Problem report(Path file, FileState state, byte[] bytes, String problem) {
        String located = file.toAbsolutePath() + locate(problem, bytes) + ": " + problem;
        state.problem = located;
        String keeping = state.good == null ? "the other files' routes keep running"
                : "its last good routes " + state.routeIds + " keep running";
        if (RouteFiles.waitsForComponent(problem) && state.good == null) {
            // Usual at start-up: the component's bundle starts a moment after Camel.
            LOG.log(Level.INFO, "Route file waits for its Camel component (loaded when it arrives): {0}", located);
        } else {
            LOG.log(Level.ERROR, "Route file not loaded, {0}: {1}", keeping, located);
        }
        return new RouteFiles.Problem(file, located);
    }

    /** YAML and model errors, found without touching the running routes. */
    private String check(Path file, byte[] bytes) {
        try {
            for (RoutesBuilder builder : PluginHelper.getRoutesLoader(context).findRoutesBuilders(resource(file, bytes))) {
                if (builder instanceof RouteBuilder rb) {
                    rb.configureRoutes(context);
                }
            }
            return null;
        } catch (Exception e) {
            return RouteFiles.describe(e);
        }
    }

    private record LoadResult(List<String> routeIds, String problem) {
    }

    private LoadResult load(Path file, byte[] bytes) {
        Set<String> before = routeIds();
        try {
            PluginHelper.getRoutesLoader(context).loadRoutes(resource(file, bytes));
            Set<String> added = routeIds();
            added.removeAll(before);
            return new LoadResult(List.copyOf(added), null);
        } catch (Exception e) {
            Set<String> added = routeIds();
            added.removeAll(before);
            removeRoutes(added);
            return new LoadResult(List.of(), RouteFiles.describe(e));
        }
    }

    private static Resource resource(Path file, byte[] bytes) {
        return ResourceHelper.fromBytes("file:" + file.toAbsolutePath(), bytes);
    }

    /** {@code :line} of the problem in the file where it can be told, else nothing. */
    static String locate(String problem, byte[] bytes) {
        Matcher yaml = YAML_LINE.matcher(problem);
        if (yaml.find()) {
            return ":" + yaml.group(1);
        }
        if (bytes == null) {
            return "";
        }
        List<String> lines = new String(bytes, java.nio.charset.StandardCharsets.UTF_8).lines().toList();
        Matcher endpoint = ENDPOINT.matcher(problem);
        if (endpoint.find()) {
            String scheme = endpoint.group(1).substring(0, endpoint.group(1).indexOf(':') + 1);
            String path = endpoint.group(1).replaceFirst("^[^:]+:/*", "").replaceFirst("[?].*$", "");
            int line = firstLine(lines, l -> l.contains(scheme) && (path.isEmpty() || l.contains(path)));
            if (line > 0) {
                return ":" + line;
            }
        }
        Matcher route = ROUTE.matcher(problem);
        while (route.find()) {
            String id = route.group(1);
            int line = firstLine(lines, l -> l.matches("\\s*id:\\s*[\"']?" + Pattern.quote(id) + "[\"']?\\s*(#.*)?"));
            if (line > 0) {
                return ":" + line;
            }
        }
        return "";
    }

    private static int firstLine(List<String> lines, java.util.function.Predicate<String> test) {
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).strip().startsWith("#") && test.test(lines.get(i))) { // not in a comment
                return i + 1;
            }
        }
        return -1;
    }

    private List<Path> list() {
        if (!Files.isDirectory(folder)) {
            if (!reportedMissing) {
                reportedMissing = true;
                LOG.log(Level.INFO, "No route folder {0}: no YAML routes loaded", folder.toAbsolutePath());
            }
            return List.of();
        }
        reportedMissing = false;
        try (Stream<Path> list = Files.list(folder)) {
            return list.filter(f -> f.getFileName().toString().endsWith(".yaml") && Files.isRegularFile(f))
                    .sorted().toList();
        } catch (IOException e) {
            LOG.log(Level.ERROR, "Cannot list route folder {0}: {1}; its routes keep running", folder.toAbsolutePath(),
                    e.toString());
            return new ArrayList<>(files.keySet()); // nothing is taken for removed
        }
    }

    private static byte[] read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(MAX_FILE_BYTES + 1);
            if (bytes.length > MAX_FILE_BYTES) {
                throw new IOException("larger than " + MAX_FILE_BYTES + " bytes");
            }
            return bytes;
        }
    }

    private Set<String> routeIds() {
        Set<String> ids = new LinkedHashSet<>();
        for (Route r : context.getRoutes()) {
            ids.add(r.getRouteId());
        }
        return ids;
    }

    private void removeRoutes(java.util.Collection<String> ids) {
        for (String id : new HashSet<>(ids)) {
            try {
                context.getRouteController().stopRoute(id);
                context.removeRoute(id);
            } catch (Exception e) {
                LOG.log(Level.WARNING, "Could not remove route {0}: {1}", id, RouteFiles.describe(e));
            }
        }
    }
}
