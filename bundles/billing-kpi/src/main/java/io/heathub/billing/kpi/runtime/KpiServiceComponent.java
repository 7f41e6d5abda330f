package io.heathub.billing.kpi.runtime;

import io.heathub.billing.export.ExportStore;
import io.heathub.billing.export.ReadingExport;
import io.heathub.billing.hub.HubFolders;
import io.heathub.billing.kpi.KpiService;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Optional;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Registers {@link KpiService}: {@link HubKpis} over the export and {@code ${heathub.config}/site.yaml}.
 * Apart from the weekly feed ({@link KpiComponent}) so that the figures answer without Camel.
 */
@Component(service = KpiService.class)
public final class KpiServiceComponent implements KpiService {
    private final HubKpis kpis;

    @Activate
    public KpiServiceComponent(@Reference(name = "export") ReadingExport export, BundleContext context) {
        kpis = new HubKpis(HubFolders.siteFile(context), new ExportStore(export.directory()));
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
