package io.heathub.core;

import io.heathub.config.site.SiteSection;
import io.heathub.core.site.SiteKeeper;
import io.heathub.testkit.Waits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/** Core's site owner for tests, and waiting for what the hub's threads do. */
final class TestSites {
    private TestSites() {
    }

    /**
     * A site owner on {@code dir} with {@code yaml} as its site.yaml and these readers; it checks
     * the file only when a test asks ({@link SiteKeeper#checkNow}).
     */
    static SiteKeeper started(Path dir, String yaml, SiteSection<?>... sections) throws Exception {
        Files.writeString(dir.resolve("site.yaml"), yaml);
        SiteKeeper sites = new SiteKeeper(id -> Optional.empty(), Clock.systemUTC());
        for (SiteSection<?> section : sections) {
            sites.addSection(section);
        }
        sites.start(dir, Duration.ZERO);
        return sites;
    }

    /** Waits up to 10 s for {@code condition}. */
    static void await(BooleanSupplier condition) {
        Waits.until(Duration.ofSeconds(10), "the hub's threads", condition);
    }
}
