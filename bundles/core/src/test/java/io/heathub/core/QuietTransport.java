package io.heathub.core;

import io.heathub.api.driver.LinkFactory;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/** A tcp transport for test drivers that never use the link; counts the links opened. */
final class QuietTransport implements LinkFactory {
    final AtomicInteger opened = new AtomicInteger();

    @Override
    public Set<String> schemes() {
        return Set.of("tcp");
    }

    @Override
    public ManagedLink open(URI uri) {
        opened.incrementAndGet();
        return new ManagedLink() {
            @Override
            public String uri() {
                return uri.toString();
            }

            @Override
            public void send(byte[] frame) throws IOException {
                throw new IOException("not used");
            }

            @Override
            public byte[] receive(FrameBoundary frame, Duration timeout) throws IOException {
                throw new IOException("not used");
            }

            @Override
            public void purge() {
            }

            @Override
            public void close() {
            }
        };
    }
}
