package io.heathub.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.heathub.api.driver.LinkFactory;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** Outside OSGi ({@code bin/heathub read}) the factories are found through META-INF/services. */
class ServiceLoaderTest {

    @Test
    void bothFactoriesAreFoundByScheme() {
        assertThat(ServiceLoader.load(LinkFactory.class).stream().map(ServiceLoader.Provider::get))
                .extracting(LinkFactory::schemes)
                .containsExactlyInAnyOrder(java.util.Set.of("tcp"), java.util.Set.of("serial"));
    }
}
