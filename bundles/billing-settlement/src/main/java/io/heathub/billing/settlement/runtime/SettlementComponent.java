package io.heathub.billing.settlement.runtime;

import io.heathub.billing.export.ExportStore;
import io.heathub.billing.export.ReadingExport;
import io.heathub.billing.hub.AppliedSite;
import io.heathub.billing.hub.HubFolders;
import io.heathub.billing.records.OperationsRecords;
import io.heathub.billing.settlement.SettlementService;
import io.heathub.config.site.SiteService;
import java.time.Clock;
import java.time.LocalDate;
import org.osgi.framework.BundleContext;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Registers {@link SettlementService}: {@link HubSettlement} over the export and the site versions
 * core's {@link SiteService} applies (followed from activation). Without the export's service it is
 * not satisfied: the bundle resolves and waits, {@code /api/settlement} answers 503.
 */
@Component(configurationPid = SettlementComponent.PID, service = SettlementService.class)
@Designate(ocd = SettlementComponent.Config.class)
public final class SettlementComponent implements SettlementService {
    public static final String PID = "io.heathub.billing.settlement";

    @ObjectClassDefinition(name = "heathub settlement", description = "Season settlement over the reading export")
    public @interface Config {
        @AttributeDefinition(description = "Days of export read before and after the season to find its cuts")
        int cutSearchDays() default 31;
    }

    private final AppliedSite site;
    private final HubSettlement settlement;

    @Activate
    public SettlementComponent(@Reference(name = "export") ReadingExport export,
                               @Reference(name = "sites") SiteService sites, Config config, BundleContext context) {
        site = new AppliedSite(sites);
        settlement = new HubSettlement(site, new ExportStore(export.directory()), config.cutSearchDays(),
                OperationsRecords.folder(HubFolders.data(context)), Clock.systemUTC());
    }

    @Deactivate
    void deactivate() {
        site.close();
    }

    @Override
    public Answer settle(String season) throws SettlementException {
        return settlement.settle(season);
    }

    @Override
    public List<String> dailyCuts(LocalDate first, LocalDate last) throws SettlementException {
        return settlement.dailyCuts(first, last);
    }
}
