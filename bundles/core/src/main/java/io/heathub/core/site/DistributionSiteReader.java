package io.heathub.core.site;

import io.heathub.api.driver.DeviceDriver;
import io.heathub.config.ConfigException;
import io.heathub.config.site.OfflineSiteReader;
import io.heathub.config.site.SiteSection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * The {@link OfflineSiteReader} of the distribution: {@link SiteReader} in
 * {@link SiteReader.Mode#OFFLINE_CHECK} with every {@link SiteSection} and {@link DeviceDriver} the
 * class loader's jars list in {@code META-INF/services} ({@code bin/heathub} puts {@code bundle/} and
 * {@code deploy/} on the class path). Used by {@code bin/heathub check} and {@code heathub settle --site}.
 */
public final class DistributionSiteReader implements OfflineSiteReader {

    /** Public and without arguments: found with {@link ServiceLoader}. */
    public DistributionSiteReader() {
        // stateless
    }

    @Override
    public Result read(Path folder, ClassLoader loader) {
        Path file = folder.resolve("site.yaml");
        List<String> loadProblems = new ArrayList<>();
        List<SiteSection<?>> sections = new ArrayList<>();
        for (SiteSection<?> s : load(SiteSection.class, loader, loadProblems)) {
            sections.add(s);
        }
        Map<String, DeviceDriver> drivers = new LinkedHashMap<>();
        load(DeviceDriver.class, loader, loadProblems).forEach(d -> drivers.putIfAbsent(d.info().id(), d));
        if (!loadProblems.isEmpty()) {
            // a reader or driver that cannot even be loaded leaves its part unchecked: say so and fail
            return new Result(Optional.empty(), loadProblems.stream()
                    .map(p -> new ConfigException(file.toString(), 0, 0, "", p)).toList(), List.of());
        }
        SiteReader reader = new SiteReader(folder, sections, id -> Optional.ofNullable(drivers.get(id)),
                SiteReader.Mode.OFFLINE_CHECK);
        SiteReader.Result result;
        try {
            result = reader.read(Files.readAllBytes(file), 1, Instant.now());
        } catch (NoSuchFileException e) {
            return failed(new ConfigException(file.toString(), 0, 0, "", "site file not found"));
        } catch (IOException e) {
            return failed(new ConfigException(file.toString(), 0, 0, "", "cannot read: " + e));
        }
        return new Result(result.site(), result.problems(), result.warnings());
    }

    private static Result failed(ConfigException problem) {
        return new Result(Optional.empty(), List.of(problem), List.of());
    }

    private static <T> List<T> load(Class<T> type, ClassLoader loader, List<String> problems) {
        List<T> found = new ArrayList<>();
        Iterator<T> it = ServiceLoader.load(type, loader).iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    return found;
                }
                found.add(it.next());
            } catch (ServiceConfigurationError e) {
                problems.add("cannot load a " + type.getSimpleName() + " of the distribution: " + e.getMessage());
            }
        }
    }
}
