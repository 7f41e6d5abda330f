package io.heathub.billing.kpi.runtime;

import io.heathub.billing.export.ExportStore;
import io.heathub.billing.export.ReadingExport;
import io.heathub.billing.hub.AppliedSite;
import io.heathub.billing.kpi.KpiService;
import io.heathub.billing.records.Complaints;
import io.heathub.config.site.SiteService;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Registers {@link KpiService}: {@link HubKpis} over the export and the site versions core's
 * {@link SiteService} applies. Apart from the weekly feed ({@link KpiComponent}) so that the figures
 * answer without Camel. Without the export's service it is not satisfied: the bundle resolves and
 * waits, {@code /api/kpi} answers 503.
 */
@Component(service = KpiService.class)
public final class KpiServiceComponent implements KpiService {
    private final AppliedSite site;
    private final HubKpis kpis;

    /** The residents' complaints (heathub-complaints) when it runs: counted beside the figures. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile Complaints complaints;

    @Activate
    public KpiServiceComponent(@Reference(name = "export") ReadingExport export,
                               @Reference(name = "sites") SiteService sites) {
        site = new AppliedSite(sites);
        kpis = new HubKpis(site, new ExportStore(export.directory()), () -> complaints);
    }

    @Deactivate
    void deactivate() {
        site.close();
    }

    @Override
    public String week(int weekBasedYear, int week, Optional<String> site) throws KpiException, UnknownSiteException {
        return kpis.week(weekBasedYear, week, site);
    }

    @Override
    public String month(YearMonth month, Optional<String> site) throws KpiException, UnknownSiteException {
        return kpis.month(month, site);
    }

    @Override
    public String season(LocalDate first, LocalDate last, Optional<String> site) throws KpiException, UnknownSiteException {
        return kpis.season(first, last, site);
    }
}
