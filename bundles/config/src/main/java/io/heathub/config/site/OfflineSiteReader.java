package io.heathub.config.site;

import io.heathub.config.ConfigException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Reads a site folder outside the running hub exactly as its owner reads it, with every
 * {@link SiteSection} reader and device driver a class loader offers through {@link ServiceLoader}
 * (the distribution's jars): what {@code bin/heathub check} runs, and what an offline tool that
 * needs a site's sections uses ({@code heathub settle --site}) instead of parsing the file itself.
 * A reader or driver that cannot be loaded is a problem (its part would go unchecked). Core
 * provides the implementation ({@code META-INF/services}); {@link #find} looks it up. (1.1.0)
 */
public interface OfflineSiteReader {

    /** Reads {@code folder/site.yaml} as version 1 with the readers and drivers {@code loader} offers. */
    Result read(Path folder, ClassLoader loader);

    /**
     * The outcome of one read.
     *
     * @param site     the site, when there are no problems
     * @param problems what keeps the file from being applied, site file first in file order
     * @param warnings what was accepted but deserves a look (a section no reader of the
     *                 distribution reads, a driver it lacks, a section's own warnings)
     */
    record Result(Optional<Site> site, List<ConfigException> problems, List<ConfigException> warnings) {
        public Result {
            problems = List.copyOf(problems);
            warnings = List.copyOf(warnings);
        }

        public boolean ok() {
            return problems.isEmpty();
        }
    }

    /** Core's reader among the jars {@code loader} sees; empty without core on the class path. */
    static Optional<OfflineSiteReader> find(ClassLoader loader) {
        return ServiceLoader.load(OfflineSiteReader.class, loader).findFirst();
    }
}
