package io.heathub.core.site;

import io.heathub.api.driver.DeviceDriver;
import io.heathub.config.ConfigException;
import io.heathub.config.site.Site;
import io.heathub.config.site.SiteListener;
import io.heathub.config.site.SiteSection;
import io.heathub.config.site.SiteService;
import io.heathub.core.CoreConfiguration;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Registers the {@link SiteService}: a {@link SiteKeeper} on {@code ${heathub.config}/site.yaml}
 * that reads with every {@link SiteSection} service and checks devices with every
 * {@link DeviceDriver} service installed. The first check runs on activation, after the readers
 * and drivers already there are bound (an activate method, not the constructor, for that reason);
 * a reader that comes later triggers a re-check.
 */
@Component(service = SiteService.class, immediate = true, configurationPid = "io.heathub.core")
@Designate(ocd = CoreConfiguration.class)
public final class SiteComponent implements SiteService {
    private final Map<String, DeviceDriver> drivers = new ConcurrentHashMap<>();
    private final SiteKeeper keeper = new SiteKeeper(id -> Optional.ofNullable(drivers.get(id)), Clock.systemUTC());

    @Activate
    void activate(BundleContext context, CoreConfiguration config) {
        String dir = !config.configDir().isBlank() ? config.configDir()
                : Optional.ofNullable(context.getProperty("heathub.config")).orElse("config");
        keeper.start(Path.of(dir).toAbsolutePath().normalize(), Duration.ofSeconds(Math.max(0, config.reloadCheckSeconds())));
    }

    @Deactivate
    void deactivate() {
        keeper.close();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addSection(SiteSection<?> section) {
        keeper.addSection(section);
    }

    void removeSection(SiteSection<?> section) {
        keeper.removeSection(section);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addDriver(DeviceDriver driver) {
        drivers.put(driver.info().id(), driver);
    }

    void removeDriver(DeviceDriver driver) {
        drivers.remove(driver.info().id(), driver);
    }

    @Override
    public Optional<Site> current() {
        return keeper.current();
    }

    @Override
    public AutoCloseable subscribe(SiteListener listener) {
        return keeper.subscribe(listener);
    }

    @Override
    public void checkNow() {
        keeper.checkNow();
    }

    @Override
    public List<ConfigException> problems() {
        return keeper.problems();
    }

    @Override
    public List<ConfigException> problems(Collection<String> sections) {
        return keeper.problems(sections);
    }
}
