package io.heathub.web;

import io.heathub.api.rest.RestResource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which resource serves which path below {@code /api}: web's own first, then the features'
 * {@link RestResource} services as they come and go. A path is exact, or ends in {@code /*} and
 * also takes every path below it (the longest such prefix wins). A path is served by the first
 * resource that claims it; web's own paths cannot be taken. Thread-safe.
 */
final class Routes {

    /** A resource at one path; {@code below}: a {@code /*} path. */
    record Route(String path, boolean below, RestResource resource, boolean own) {
    }

    /** The route a request path found, and the part of the path below a {@code /*} route. */
    record Match(Route route, String subPath) {
    }

    private final Map<String, Route> byPath = new LinkedHashMap<>();
    private final Map<RestResource, List<String>> usages = new LinkedHashMap<>();

    /** One of web's own resources. */
    synchronized void own(String path, RestResource resource, String usage) {
        put(path, resource, true);
        usages.computeIfAbsent(resource, r -> new ArrayList<>()).add(usage);
    }

    /**
     * A feature's resource at its {@link RestResource#PATH} paths (a String or String[]); its
     * usage lines from {@link RestResource#USAGE}, default {@code /api<path>}.
     *
     * @return the paths it was not given (malformed, or already served by another resource)
     */
    synchronized List<String> add(RestResource resource, Map<String, ?> properties) {
        List<String> refused = new ArrayList<>();
        List<String> served = new ArrayList<>();
        for (String path : strings(properties.get(RestResource.PATH))) {
            String key = path.trim();
            if (!key.startsWith("/") || key.equals("/") || key.equals("/*") || byPath.containsKey(key)) {
                refused.add(path);
            } else {
                put(key, resource, false);
                served.add(key);
            }
        }
        if (!served.isEmpty()) {
            List<String> usage = strings(properties.get(RestResource.USAGE));
            usages.put(resource, usage.isEmpty() ? served.stream().map(p -> "/api" + p).toList() : usage);
        }
        return refused;
    }

    synchronized void remove(RestResource resource) {
        byPath.values().removeIf(r -> r.resource() == resource && !r.own());
        usages.remove(resource);
    }

    synchronized Optional<Match> find(String path) {
        Route exact = byPath.get(path);
        if (exact != null && !exact.below()) {
            return Optional.of(new Match(exact, ""));
        }
        Route best = null;
        for (Route r : byPath.values()) {
            if (!r.below()) {
                continue;
            }
            String prefix = r.path().substring(0, r.path().length() - 2);
            if ((path.equals(prefix) || path.startsWith(prefix + "/"))
                    && (best == null || r.path().length() > best.path().length())) {
                best = r;
            }
        }
        if (best == null) {
            return Optional.empty();
        }
        String prefix = best.path().substring(0, best.path().length() - 2);
        return Optional.of(new Match(best, path.substring(prefix.length())));
    }

    /** Every path served now, web's own first ({@code /*} paths as registered). */
    synchronized List<String> paths() {
        return List.copyOf(byPath.keySet());
    }

    /** Every route served now, web's own first. */
    synchronized List<Route> routes() {
        return List.copyOf(byPath.values());
    }

    /** How to call every resource served now, web's own first. */
    synchronized List<String> usages() {
        return usages.values().stream().flatMap(List::stream).toList();
    }

    private void put(String path, RestResource resource, boolean own) {
        boolean below = path.endsWith("/*");
        byPath.put(path, new Route(path, below, resource, own));
    }

    private static List<String> strings(Object value) {
        if (value instanceof String s) {
            return List.of(s);
        }
        if (value instanceof String[] a) {
            return List.of(a);
        }
        if (value instanceof Collection<?> c) {
            return c.stream().map(String::valueOf).toList();
        }
        return List.of();
    }
}
