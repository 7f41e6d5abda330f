package io.heathub.billing.settlement.runtime;

import io.heathub.billing.export.ExportedPoints;
import io.heathub.billing.hub.AppliedSite;
import io.heathub.billing.settlement.RefundDays;
import io.heathub.config.site.Site;
import io.heathub.config.site.SiteService;
import java.lang.System.Logger.Level;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * The points the cold-room refund rules of the applied tariff look at ({@code tariff.coldRoom.exclusions}:
 * {@code alarm.<kind>} and state points), which the export keeps besides its configured points so the
 * settlement finds them. Worked out once per site version.
 */
@Component(service = ExportedPoints.class)
public final class RefundPoints implements ExportedPoints {
    private static final System.Logger LOG = System.getLogger(RefundPoints.class.getName());

    private volatile Set<String> points = Set.of();
    private final AppliedSite site;

    @Activate
    public RefundPoints(@Reference(name = "sites") SiteService sites) {
        site = new AppliedSite(sites, this::use);
    }

    private void use(Site version) {
        version.section(TariffSection.KEY, TariffSection.Setting.class).flatMap(TariffSection.Setting::tariff).ifPresent(t -> {
            Set<String> now = Set.copyOf(RefundDays.points(t.coldRoom().refunds()));
            if (!now.equals(points)) {
                LOG.log(Level.INFO, "Export keeps the refund rules' points too: " + (now.isEmpty() ? "none" : String.join(", ", now)));
                points = now;
            }
        });
    }

    @Override
    public Set<String> points() {
        return points;
    }

    @Deactivate
    void deactivate() {
        site.close();
    }
}
