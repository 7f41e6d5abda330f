package io.heathub.billing.kpi.runtime;

import io.heathub.billing.export.ExportedPoints;
import io.heathub.billing.export.SitePoints;
import io.heathub.config.site.SiteService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * The points named by {@code kpi.sites[*].counters[*].point} in the applied site version, which the
 * export keeps besides its configured points (a fuel counter is in no default list).
 */
@Component(service = ExportedPoints.class)
public final class KpiCounterPoints extends SitePoints {

    @Activate
    public KpiCounterPoints(@Reference(name = "sites") SiteService sites) {
        super(sites, "the kpi counters'", version -> version.section(KpiSection.KEY, KpiSettings.class)
                .map(KpiSettings::counterPoints));
    }

    @Override
    @Deactivate
    public void close() {
        super.close();
    }
}
