package io.heathub.billing.kpi.runtime;

import io.heathub.billing.export.ExportedPoints;
import io.heathub.billing.hub.HubFolders;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Set;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * The points named by {@code kpi.sites[*].counters[*].point} in site.yaml, which the export keeps
 * besides its configured points (a fuel counter is in no default list). The export asks once per
 * batch; that costs one file-attribute read, and the file is parsed again only when its
 * modification time or size changed.
 */
@Component(service = ExportedPoints.class)
public final class KpiCounterPoints implements ExportedPoints {
    private static final System.Logger LOG = System.getLogger(KpiCounterPoints.class.getName());

    private final Path siteFile;
    // guarded by this; seen is null before the first look
    private Set<String> points = Set.of();
    private Stamp seen;

    /** What tells a changed file; an absent file has no time and size −1. */
    private record Stamp(FileTime modified, long size) {
    }

    @Activate
    public KpiCounterPoints(BundleContext context) {
        this(HubFolders.siteFile(context));
    }

    /** @param siteFile site.yaml */
    public KpiCounterPoints(Path siteFile) {
        this.siteFile = siteFile;
    }

    /** The counters' points, re-read when site.yaml changed since the last call. */
    @Override
    public synchronized Set<String> points() {
        Stamp stamp;
        try {
            BasicFileAttributes a = Files.readAttributes(siteFile, BasicFileAttributes.class);
            stamp = new Stamp(a.lastModifiedTime(), a.size());
        } catch (IOException e) {
            stamp = new Stamp(null, -1);
        }
        if (stamp.equals(seen)) {
            return points;
        }
        seen = stamp;
        Set<String> now;
        try {
            // a broken kpi section still names the points of its good sites; its problems are the feed's to log
            now = Set.copyOf(KpiSection.read(siteFile).counterPoints());
        } catch (RuntimeException e) {
            // the export must go on whatever site.yaml holds
            LOG.log(Level.WARNING, "Cannot read the kpi counters' points from " + siteFile + "; keeping " + points, e);
            return points;
        }
        if (!now.equals(points)) {
            LOG.log(Level.INFO, "Export keeps the kpi counters' points too: "
                    + (now.isEmpty() ? "none" : String.join(", ", now)));
            points = now;
        }
        return points;
    }
}
