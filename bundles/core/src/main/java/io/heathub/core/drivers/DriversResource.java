package io.heathub.core.drivers;

import io.heathub.api.driver.DeviceDriver;
import io.heathub.api.driver.DriverInfo;
import io.heathub.api.rest.RestRequest;
import io.heathub.api.rest.RestResource;
import io.heathub.api.rest.RestResponse;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * {@code GET /api/drivers} (viewer): the driver services registered right now — from {@code bundle/}
 * or hot-deployed into {@code deploy/} — each with its bundle and the settings it takes, so an
 * integrator sees that a dropped-in jar became a driver. Sorted by id, then bundle.
 */
@Component(service = RestResource.class, immediate = true, property = {
    RestResource.PATH + "=" + DriversResource.PATH, RestResource.USAGE + "=GET /api" + DriversResource.PATH})
public final class DriversResource implements RestResource {
    static final String PATH = "/drivers";

    /** One driver as listed. */
    public record Driver(String id, String name, String protocol, String bundle, String version,
                         List<Setting> settings) {
    }

    /** One setting a driver takes ({@code settings:} of a device in {@code site.yaml}). */
    public record Setting(String key, String description) {
    }

    private final Map<DeviceDriver, Driver> drivers = new ConcurrentHashMap<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addDriver(DeviceDriver driver, ServiceReference<DeviceDriver> reference) {
        Bundle bundle = reference.getBundle();
        add(driver, bundle == null ? "?" : bundle.getSymbolicName(), bundle == null ? "?" : bundle.getVersion().toString());
    }

    void removeDriver(DeviceDriver driver) {
        drivers.remove(driver);
    }

    /** Lists {@code driver} as coming from bundle {@code symbolicName} {@code version}. */
    void add(DeviceDriver driver, String symbolicName, String version) {
        DriverInfo info = driver.info();
        List<Setting> settings = info.settings().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> new Setting(e.getKey(), e.getValue())).toList();
        drivers.put(driver, new Driver(info.id(), info.name(), info.protocol(), symbolicName, version, settings));
    }

    /** The drivers listed now, by id then bundle. */
    List<Driver> drivers() {
        return drivers.values().stream()
                .sorted(Comparator.comparing(Driver::id).thenComparing(Driver::bundle)).toList();
    }

    @Override
    public RestResponse handle(RestRequest request) {
        if (!request.isRead()) {
            return RestResponse.error(405, "the drivers are listed with GET /api" + PATH
                    + "; a driver is added by dropping its bundle into deploy/");
        }
        return RestResponse.ok(Map.of("drivers", drivers()));
    }
}
