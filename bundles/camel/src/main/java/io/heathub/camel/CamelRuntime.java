package io.heathub.camel;

import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Owns the hub's one {@link CamelContext}: creates and starts it with this bundle's class loader
 * (which holds all embedded Camel jars, so Camel's service lookups find them), registers it as
 * an OSGi service, loads the YAML routes of {@code ${heathub.config}/routes/} (and applies their
 * edits, per file, every {@value #RELOAD_CHECK_SECONDS} s), and adds the
 * {@link RoutesBuilder} and {@link org.apache.camel.Component} services other bundles register.
 */
@Component(immediate = true, service = {})
public class CamelRuntime {
    /** Service property naming the component a {@link org.apache.camel.Component} service provides. */
    public static final String COMPONENT_NAME = "component.name";
    /** Framework property: the site folder, holding {@code routes/}. */
    public static final String CONFIG_PROPERTY = "heathub.config";

    private static final long COMPONENT_GRACE_SECONDS = 30;
    /** How often the route folder is checked for edits, as core checks {@code site.yaml}. */
    private static final long RELOAD_CHECK_SECONDS = 2;
    private static final System.Logger LOG = System.getLogger(CamelRuntime.class.getName());

    private final DefaultCamelContext context;
    private final Contributions contributions;
    private final ServiceRegistration<CamelContext> registration;
    private final RouteFolder routeFolder;
    private final ScheduledExecutorService routeFiles = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "camel-route-files");
        t.setDaemon(true);
        return t;
    });

    /** Creates, starts and registers the context, then loads the route files. */
    @Activate
    public CamelRuntime(BundleContext bundleContext) throws Exception {
        long start = System.nanoTime();
        ClassLoader camelLoader = CamelRuntime.class.getClassLoader();
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(camelLoader);
        try {
            context = new DefaultCamelContext();
            context.getCamelContextExtension().setName("heathub");
            context.setApplicationContextClassLoader(camelLoader);
            context.start();
        } finally {
            thread.setContextClassLoader(previous);
        }
        contributions = new Contributions(context, camelLoader);

        String config = bundleContext.getProperty(CONFIG_PROPERTY);
        routeFolder = new RouteFolder(context, Path.of(config == null || config.isBlank() ? "config" : config, "routes"));
        scheduleLateChecks(withCamelLoader(routeFolder::scan));
        routeFiles.scheduleWithFixedDelay(this::rescan, RELOAD_CHECK_SECONDS, RELOAD_CHECK_SECONDS, TimeUnit.SECONDS);

        Dictionary<String, Object> props = new Hashtable<>();
        props.put("camel.context.name", context.getName());
        registration = bundleContext.registerService(CamelContext.class, context, props);
        LOG.log(Level.INFO, "Camel {0} context \"{1}\" started in {2} ms with {3} route(s)",
                context.getVersion(), context.getName(), (System.nanoTime() - start) / 1_000_000,
                context.getRoutesSize());
    }

    /** Route builders from other bundles; removing the service removes its routes. */
    @Reference(service = RoutesBuilder.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void addRoutes(RoutesBuilder builder) {
        contributions.addRoutes(builder);
    }

    void removeRoutes(RoutesBuilder builder) {
        contributions.removeRoutes(builder);
    }

    /** Camel components from other bundles, named by their {@value #COMPONENT_NAME} property. */
    @Reference(service = org.apache.camel.Component.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void addComponent(org.apache.camel.Component component, Map<String, Object> properties) {
        if (contributions.addComponent(name(properties), component)) {
            // A route file may use a component whose bundle started after the context.
            withCamelLoader(routeFolder::retryFailed);
        }
    }

    private void rescan() {
        try {
            scheduleLateChecks(withCamelLoader(routeFolder::scan));
        } catch (RuntimeException e) {
            // a surprise must not end the checks: the next one may succeed
            LOG.log(Level.ERROR, "Checking route folder " + routeFolder.folder().toAbsolutePath() + " failed", e);
        }
    }

    /** Files waiting for a component get a grace period; one still failing after it is a real problem. */
    private void scheduleLateChecks(List<RouteFiles.Problem> problems) {
        for (RouteFiles.Problem problem : problems) {
            if (RouteFiles.waitsForComponent(problem.message())) {
                routeFiles.schedule(() -> reportStillWaiting(problem), COMPONENT_GRACE_SECONDS, TimeUnit.SECONDS);
            }
        }
    }

    private void reportStillWaiting(RouteFiles.Problem problem) {
        String still = routeFolder.problem(problem.file());
        if (still != null && RouteFiles.waitsForComponent(still)) {
            LOG.log(Level.ERROR, "Route file still not loaded after {0} s, the other routes keep running "
                    + "(is the component''s bundle installed?): {1}", COMPONENT_GRACE_SECONDS, still);
        }
    }

    /** Camel's service lookups need this bundle's loader as the thread context class loader. */
    private static <T> T withCamelLoader(java.util.function.Supplier<T> work) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(CamelRuntime.class.getClassLoader());
        try {
            return work.get();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    void removeComponent(org.apache.camel.Component component, Map<String, Object> properties) {
        contributions.removeComponent(name(properties), component);
    }

    @Deactivate
    void deactivate() {
        routeFiles.shutdownNow();
        try {
            registration.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the framework is shutting down and already removed it
        }
        context.stop();
        LOG.log(Level.INFO, "Camel context \"{0}\" stopped", context.getName());
    }

    private static String name(Map<String, Object> properties) {
        Object name = properties.get(COMPONENT_NAME);
        return name == null ? null : name.toString();
    }
}
