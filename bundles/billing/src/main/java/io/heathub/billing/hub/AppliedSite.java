package io.heathub.billing.hub;

import io.heathub.config.ConfigException;
import io.heathub.config.site.Site;
import io.heathub.config.site.SiteService;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The site version a billing feature works with: follows core's {@link SiteService} from
 * construction (on activation: the current version at once, then each new one) until closed. A
 * feature never reads {@code site.yaml} itself; it takes its sections from these versions. While
 * the file as it is now has problems the last good version stays, and {@link #problems} says what
 * is wrong in the feature's own sections. Thread-safe.
 */
public final class AppliedSite implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(AppliedSite.class.getName());

    private final SiteService sites;
    private final AutoCloseable subscription;
    private volatile Site current;

    /** Follows {@code sites}. */
    public AppliedSite(SiteService sites) {
        this(sites, site -> { });
    }

    /** Follows {@code sites} and hands each version to {@code onVersion} too (on the site owner's thread: be quick). */
    public AppliedSite(SiteService sites, Consumer<Site> onVersion) {
        this.sites = Objects.requireNonNull(sites, "sites");
        Objects.requireNonNull(onVersion, "onVersion");
        this.subscription = sites.subscribe(site -> {
            current = site;
            onVersion.accept(site);
        });
    }

    /** The version applied last; empty until the first. */
    public Optional<Site> current() {
        return Optional.ofNullable(current);
    }

    /**
     * The value the reader of {@code key} read in the current version: empty before the first
     * version, or when that version was applied before the reader registered (the next one has it).
     */
    public <T> Optional<T> section(String key, Class<T> type) {
        return current().flatMap(s -> s.section(key, type));
    }

    /** The households and buildings of the current version; empty until the billing library's reader read one. */
    public Optional<Households> households() {
        return section(HouseholdsSection.KEY, Households.class);
    }

    /**
     * Why the named top-level sections of the file as it is now are not applied (also problems of
     * the whole file), {@code file:line:column: field: problem} each; empty when they are.
     */
    public List<String> problems(String... sections) {
        return sites.problems(List.of(sections)).stream().map(ConfigException::getMessage).toList();
    }

    @Override
    public void close() {
        try {
            subscription.close();
        } catch (Exception e) {
            LOG.log(Level.WARNING, "leaving the site service failed: " + e, e);
        }
    }
}
