package io.heathub.camel;

import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
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
 * an OSGi service, loads the YAML routes of {@code ${heathub.config}/routes/}, and adds the
 * {@link RoutesBuilder} and {@link org.apache.camel.Component} services other bundles register.
 */
@Component(immediate = true, service = {})
public class CamelRuntime {
    /** Service property naming the component a {@link org.apache.camel.Component} service provides. */
    public static final String COMPONENT_NAME = "component.name";
    /** Framework property: the site folder, holding {@code routes/}. */
    public static final String CONFIG_PROPERTY = "heathub.config";

    private static final long COMPONENT_GRACE_SECONDS = 30;
    private static final System.Logger LOG = System.getLogger(CamelRuntime.class.getName());

    private final DefaultCamelContext context;
    private final Contributions contributions;
    private final ServiceRegistration<CamelContext> registration;
    /** Route files that failed, possibly for a component whose bundle had not started yet. */
    private final List<Path> failedRouteFiles = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService lateCheck = Executors.newSingleThreadScheduledExecutor(r -> {
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
        Path routes = Path.of(config == null || config.isBlank() ? "config" : config, "routes");
        thread.setContextClassLoader(camelLoader);
        try {
            RouteFiles.loadFolder(context, routes).forEach(problem -> {
                failedRouteFiles.add(problem.file());
                if (RouteFiles.waitsForComponent(problem.message())) {
                    lateCheck.schedule(() -> reportStillWaiting(problem), COMPONENT_GRACE_SECONDS, TimeUnit.SECONDS);
                }
            });
        } finally {
            thread.setContextClassLoader(previous);
        }

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
            retryFailedRouteFiles();
        }
    }

    /** A component that has not arrived after the grace period is a real problem (a missing bundle). */
    private void reportStillWaiting(RouteFiles.Problem problem) {
        if (failedRouteFiles.contains(problem.file())) {
            LOG.log(Level.ERROR, "Route file {0} still not loaded after {1} s, the other routes keep running "
                    + "(is the component''s bundle installed?): {2}", problem.file().toAbsolutePath(),
                    COMPONENT_GRACE_SECONDS, problem.message());
        }
    }

    /** A route file may use a component whose bundle started after the context: try it again. */
    private void retryFailedRouteFiles() {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(CamelRuntime.class.getClassLoader());
        try {
            for (Path file : failedRouteFiles) {
                if (RouteFiles.loadFile(context, file) == null) {
                    failedRouteFiles.remove(file);
                    LOG.log(Level.INFO, "routes from {0} loaded now that their component is there", file.toAbsolutePath());
                }
            }
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    void removeComponent(org.apache.camel.Component component, Map<String, Object> properties) {
        contributions.removeComponent(name(properties), component);
    }

    @Deactivate
    void deactivate() {
        lateCheck.shutdownNow();
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
