package io.heathub.config.site;

import io.heathub.config.ConfigException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The one owner of {@code site.yaml}, registered by core: it reads the file once per change with
 * core's own readers and every registered {@link SiteSection}, and applies a new {@link Site}
 * version to core's buses and to every subscriber only when the whole file is valid. Otherwise
 * the last good site keeps running and {@link #problems} says why.
 */
public interface SiteService {

    /** The site applied last; empty until a valid one was read. */
    Optional<Site> current();

    /**
     * Calls {@code listener} with the current site at once (when there is one) and then with every
     * newly applied version, in order. An exception it throws is logged and does not reach the
     * other subscribers.
     *
     * @return closing it stops the calls; closing twice is harmless
     */
    AutoCloseable subscribe(SiteListener listener);

    /**
     * Why the file as it is now is not the applied site ({@code file:line:column: field: problem}),
     * for health; empty when the last version read was applied.
     */
    List<ConfigException> problems();

    /**
     * Reads the site file now instead of at the next periodic check (an operator who has just saved
     * it), and returns once that read is applied or refused: {@link #current} and {@link #problems}
     * then tell which. The default does nothing (the periodic check still comes).
     *
     * @since 1.2
     */
    default void checkNow() {
    }

    /**
     * The problems that concern the named top-level sections of the file as it is now: those in
     * them (also in files they name, e.g. a {@code households.csv} or a profile, when core knows
     * which section's reader found them) and those of the whole file (syntax, empty, missing), so a
     * feature can say why its own sections are not applied (a REST 422). The default matches the
     * field path of {@link #problems()}: {@code key}, {@code key.…} or {@code key[…}, or none.
     * (1.1.0)
     */
    default List<ConfigException> problems(Collection<String> sections) {
        return problems().stream().filter(p -> p.field().isEmpty() || sections.stream().anyMatch(key ->
                p.field().equals(key) || p.field().startsWith(key + ".") || p.field().startsWith(key + "["))).toList();
    }
}
