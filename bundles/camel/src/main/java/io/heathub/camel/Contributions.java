package io.heathub.camel;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.camel.CamelContext;
import org.apache.camel.Component;
import org.apache.camel.Route;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.RouteDefinition;

/**
 * Adds route builders and components contributed by other bundles to one context and takes
 * them out again when their service goes away. Remembers which routes each builder added so
 * removing a builder removes exactly its routes. Thread-safe.
 */
public final class Contributions {
    private static final System.Logger LOG = System.getLogger(Contributions.class.getName());

    private final CamelContext context;
    private final ClassLoader camelLoader;
    private final Map<RoutesBuilder, List<String>> routesByBuilder = new IdentityHashMap<>();

    /**
     * @param context     the context to contribute to
     * @param camelLoader the class loader Camel's service lookups need (set as the thread
     *                    context class loader while routes are added)
     */
    public Contributions(CamelContext context, ClassLoader camelLoader) {
        this.context = context;
        this.camelLoader = camelLoader;
    }

    /**
     * Adds the builder's routes; a builder that fails is logged with its class and skipped.
     *
     * @return the ids of the routes it added
     */
    public synchronized List<String> addRoutes(RoutesBuilder builder) {
        Set<String> before = routeIds();
        List<String> added = new ArrayList<>();
        try {
            withCamelLoader(() -> context.addRoutes(builder));
            if (builder instanceof RouteBuilder rb) {
                // exact: the builder's own definitions, not whatever else appeared meanwhile
                for (RouteDefinition def : rb.getRouteCollection().getRoutes()) {
                    added.add(def.getRouteId());
                }
            } else {
                Set<String> after = routeIds();
                after.removeAll(before);
                added.addAll(after);
            }
            routesByBuilder.put(builder, added);
            LOG.log(Level.INFO, "Added routes {0} from {1}", added, builder.getClass().getName());
        } catch (Exception e) {
            LOG.log(Level.ERROR, "Routes of " + builder.getClass().getName()
                    + " not added, the other routes keep running: " + RouteFiles.describe(e), e);
            Set<String> after = routeIds();
            after.removeAll(before);
            after.forEach(this::removeRoute);
        }
        return added;
    }

    /** Stops and removes the routes the builder added. */
    public synchronized void removeRoutes(RoutesBuilder builder) {
        List<String> ids = routesByBuilder.remove(builder);
        if (ids == null || context.isStopping() || context.isStopped()) {
            return;
        }
        ids.forEach(this::removeRoute);
        LOG.log(Level.INFO, "Removed routes {0} of {1}", ids, builder.getClass().getName());
    }

    /** Adds a component under {@code name}, replacing none: a clash is logged and skipped. */
    public synchronized boolean addComponent(String name, Component component) {
        if (name == null || name.isBlank()) {
            LOG.log(Level.ERROR, "Camel component service {0} has no component.name property: not added",
                    component.getClass().getName());
            return false;
        }
        if (context.hasComponent(name) != null) {
            LOG.log(Level.ERROR, "Camel component \"{0}\" ({1}) not added: the name is already taken by {2}",
                    name, component.getClass().getName(), context.hasComponent(name).getClass().getName());
            return false;
        }
        try {
            withCamelLoader(() -> context.addComponent(name, component));
            LOG.log(Level.INFO, "Added Camel component \"{0}\" ({1})", name, component.getClass().getName());
            return true;
        } catch (Exception e) {
            LOG.log(Level.ERROR, "Camel component \"" + name + "\" not added: " + RouteFiles.describe(e), e);
            return false;
        }
    }

    /** Removes the component if it is the one registered under {@code name}. */
    public synchronized void removeComponent(String name, Component component) {
        if (name == null || context.isStopping() || context.isStopped() || context.hasComponent(name) != component) {
            return;
        }
        context.removeComponent(name);
        LOG.log(Level.INFO, "Removed Camel component \"{0}\"", name);
    }

    private void removeRoute(String id) {
        try {
            context.getRouteController().stopRoute(id);
            context.removeRoute(id);
        } catch (Exception e) {
            LOG.log(Level.WARNING, "Could not remove route " + id + ": " + RouteFiles.describe(e), e);
        }
    }

    private Set<String> routeIds() {
        Set<String> ids = new LinkedHashSet<>();
        for (Route r : context.getRoutes()) {
            ids.add(r.getRouteId());
        }
        return ids;
    }

    private void withCamelLoader(CamelWork work) throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(camelLoader);
        try {
            work.run();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    @FunctionalInterface
    interface CamelWork {
        void run() throws Exception;
    }
}
