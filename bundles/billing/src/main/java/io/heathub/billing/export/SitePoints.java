package io.heathub.billing.export;

import io.heathub.billing.hub.AppliedSite;
import io.heathub.config.site.Site;
import io.heathub.config.site.SiteService;
import java.lang.System.Logger.Level;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Points a feature asks the export to keep, worked out from the applied site version once per
 * version (core's {@link SiteService} tells), so the export's question per batch costs a field read.
 * A version without the feature's section (read before its reader registered) keeps what the last
 * one said. Subclasses are the features' DS components; {@link #close()} goes in their deactivate.
 */
public abstract class SitePoints implements ExportedPoints, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(SitePoints.class.getName());

    private final String whose;
    private final Function<Site, Optional<Set<String>>> pointsOf;
    private final AppliedSite site;
    private volatile Set<String> points = Set.of();

    /**
     * @param sites    core's site owner
     * @param whose    for the log: "the refund rules'"
     * @param pointsOf the points a version asks for; empty when it has no section of the feature
     */
    protected SitePoints(SiteService sites, String whose, Function<Site, Optional<Set<String>>> pointsOf) {
        this.whose = whose;
        this.pointsOf = pointsOf;
        this.site = new AppliedSite(sites, this::use);
    }

    private void use(Site version) {
        pointsOf.apply(version).map(Set::copyOf).ifPresent(now -> {
            if (!now.equals(points)) {
                LOG.log(Level.INFO, "Export keeps " + whose + " points too: " + (now.isEmpty() ? "none" : String.join(", ", now)));
                points = now;
            }
        });
    }

    @Override
    public final Set<String> points() {
        return points;
    }

    @Override
    public void close() {
        site.close();
    }
}
