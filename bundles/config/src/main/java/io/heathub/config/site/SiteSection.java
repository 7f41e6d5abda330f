package io.heathub.config.site;

import io.heathub.config.ConfigException;
import io.heathub.config.ConfigNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * The reader of a feature's own top-level section of {@code site.yaml}, e.g. control's
 * {@code control:}. A feature bundle registers it as a service (core's site owner runs it on every
 * check and a late one triggers a re-check) and lists it in
 * {@code META-INF/services/io.heathub.config.site.SiteSection} (so {@code bin/heathub check} runs it
 * offline; it then needs a public no-argument constructor). The value it reads reaches the feature
 * in every applied {@link Site} through {@link Site#section}.
 *
 * <p>A reader is a pure function of its keys and the context: no I/O beyond files its section
 * names, no state, thread-safe. It reports every problem it finds, each located
 * ({@code file:line:column: field: problem}); one problem in any section refuses the whole file.
 *
 * @param <T> the immutable value it reads
 */
public interface SiteSection<T> {

    /** The top-level key it owns, e.g. {@code control}. */
    String key();

    /**
     * Further top-level keys only this reader reads with its own (control's {@code calendar:}), so
     * they are neither unknown keys nor read by anyone else.
     */
    default Set<String> companionKeys() {
        return Set.of();
    }

    /** The type of the value, as {@link Site#section} asks for it. */
    Class<T> type();

    /**
     * Reads the section. Called on every check of the file, also when the file has none of its keys
     * (then {@code sections} is an empty mapping and the value holds the feature's defaults).
     *
     * @param sections the file's top level with only {@link #key()} and {@link #companionKeys()}
     *                 (field paths and places as in the whole file)
     * @param context  what core read from the same file (site id, zone, folder, device ids)
     * @throws ConfigException every problem found: one, or several as a
     *                         {@link io.heathub.config.ConfigProblems}
     */
    T read(ConfigNode sections, SiteContext context) throws ConfigException;

    /**
     * What deserves a look in a value that read without a problem, but does not keep the file from
     * being applied (e.g. control's supply limits reaching outside the {@code commands.bounds} of
     * the point it writes), each located like a problem. They end up in {@link Site#warnings()}
     * and in {@code bin/heathub check}'s {@code warning:} lines. Default: none. (1.1.0)
     */
    default List<ConfigException> warnings(T value, ConfigNode sections, SiteContext context) {
        return List.of();
    }

    /**
     * Files besides the site file this section reads (e.g. a {@code households.csv} it imports), so
     * that the site owner reads the site again when one of them changes. Called on every check,
     * also when {@link #read} fails; only the file names are needed, not their content. Default:
     * none. (1.1.0)
     */
    default Set<Path> files(ConfigNode sections, SiteContext context) {
        return Set.of();
    }
}
