package io.heathub.core.bus;

import io.heathub.api.driver.LinkFactory;
import java.io.IOException;
import java.net.URI;

/** Opens bus links through whichever transport serves the URI's scheme. */
@FunctionalInterface
public interface LinkOpener {
    /** @throws IOException when no transport serves the scheme, or the link cannot be made */
    LinkFactory.ManagedLink open(URI uri) throws IOException;
}
