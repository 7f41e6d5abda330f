package io.heathub.config.site;

import io.heathub.config.ConfigException;
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
}
