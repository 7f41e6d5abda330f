package io.heathub.config.site;

import io.heathub.config.ConfigException;
import io.heathub.config.ConfigNode;
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
}
