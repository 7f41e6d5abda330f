package io.heathub.api.driver;

import java.io.IOException;
import java.net.URI;

/**
 * Opens links for bus URIs of the schemes it supports ({@code tcp}, {@code serial}…). Registered
 * as a service by the transport bundle; the hub picks the factory by {@link #schemes()}.
 */
public interface LinkFactory {

    /** The URI schemes this factory opens, e.g. {@code tcp}. */
    java.util.Set<String> schemes();

    /** Opens (or prepares to lazily open) a link; a closed link reconnects on next use. */
    ManagedLink open(URI uri) throws IOException;

    /** A link the hub owns and closes. */
    interface ManagedLink extends Link, AutoCloseable {
        @Override
        void close();
    }
}
