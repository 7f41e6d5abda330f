package io.heathub.billing.kpi.runtime;

import io.heathub.billing.export.ExportedPoints;
import io.heathub.billing.hub.AppliedSite;
import io.heathub.config.site.Site;
import io.heathub.config.site.SiteService;
import java.lang.System.Logger.Level;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * The points named by {@code kpi.sites[*].counters[*].point} in the applied site version, which the
 * export keeps besides its configured points (a fuel counter is in no default list). Worked out
 * once per version (core's {@link SiteService} tells), so the export's question per batch costs a
 * field read.
 */
@Component(service = ExportedPoints.class)
public final class KpiCounterPoints implements ExportedPoints {
    private static final System.Logger LOG = System.getLogger(KpiCounterPoints.class.getName());

    private volatile Set<String> points = Set.of();
    private final AppliedSite site;

    @Activate
    public KpiCounterPoints(@Reference(name = "sites") SiteService sites) {
        site = new AppliedSite(sites, this::use);
    }

    private void use(Site version) {
        // a version read before the kpi reader registered has no section: keep what the last one said
        version.section(KpiSection.KEY, KpiSettings.class).ifPresent(s -> {
            Set<String> now = Set.copyOf(s.counterPoints());
            if (!now.equals(points)) {
                LOG.log(Level.INFO, "Export keeps the kpi counters' points too: "
                        + (now.isEmpty() ? "none" : String.join(", ", now)));
                points = now;
            }
        });
    }

    /** The counters' points of the latest version with a kpi section. */
    @Override
    public Set<String> points() {
        return points;
    }

    @Deactivate
    void deactivate() {
        site.close();
    }
}
