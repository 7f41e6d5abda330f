package io.heathub.billing.settlement.runtime;

import io.heathub.billing.export.ExportedPoints;
import io.heathub.billing.export.SitePoints;
import io.heathub.billing.settlement.RefundDays;
import io.heathub.config.site.SiteService;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * The points the cold-room refund rules of the applied tariff look at ({@code tariff.coldRoom.exclusions}:
 * {@code alarm.<kind>} and state points), which the export keeps besides its configured points so the
 * settlement finds them.
 */
@Component(service = ExportedPoints.class)
public final class RefundPoints extends SitePoints {

    @Activate
    public RefundPoints(@Reference(name = "sites") SiteService sites) {
        super(sites, "the refund rules'", version -> version.section(TariffSection.KEY, TariffSection.Setting.class)
                .flatMap(TariffSection.Setting::tariff)
                .map(t -> Set.copyOf(RefundDays.points(t.coldRoom().refunds()))));
    }

    @Override
    @Deactivate
    public void close() {
        super.close();
    }
}
