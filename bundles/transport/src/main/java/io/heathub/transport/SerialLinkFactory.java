package io.heathub.transport;

import io.heathub.api.driver.LinkFactory;
import java.io.IOException;
import java.net.URI;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/**
 * Opens {@code serial:/dev/ttyUSB0?baud=2400&dataBits=8&parity=even&stopBits=1} links on
 * jSerialComm: RS-485 and M-Bus lines of household meters. The port opens on first use and,
 * when it vanishes (USB adapter unplugged), is reopened on a later use after the back-off.
 * Options and defaults: {@link SerialSettings}; a bad option is an {@link IllegalArgumentException}
 * naming the key, the value and what is allowed.
 *
 * <p>Public with a no-argument constructor so {@link java.util.ServiceLoader} can make one
 * outside OSGi ({@code bin/heathub read}).
 */
@Component(service = LinkFactory.class, property = "link.schemes=serial")
public final class SerialLinkFactory implements LinkFactory {

    @Override
    public Set<String> schemes() {
        return Set.of("serial");
    }

    @Override
    public ManagedLink open(URI uri) throws IOException {
        return new SerialLink(SerialSettings.parse(uri));
    }
}
