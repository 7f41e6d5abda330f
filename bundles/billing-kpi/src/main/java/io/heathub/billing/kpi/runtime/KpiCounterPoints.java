package io.heathub.billing.runtime;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Set;

/**
 * The points named by {@code kpi.sites[*].counters[*].point} in site.yaml, which the export keeps
 * besides its configured points (a fuel counter is in no default list). {@link #refresh} is
 * called once per batch and costs one file-attribute read; the file is parsed again only when its
 * modification time or size changed.
 */
final class KpiCounterPoints {
    private static final System.Logger LOG = System.getLogger(KpiCounterPoints.class.getName());

    private final Path siteFile;
    private volatile Set<String> points = Set.of();
    // guarded by this; null before the first look
    private Stamp seen;

    /** What tells a changed file; an absent file has no time and size −1. */
    private record Stamp(FileTime modified, long size) {
    }

    /** @param siteFile site.yaml; null = no kpi points (an export without a site) */
    KpiCounterPoints(Path siteFile) {
        this.siteFile = siteFile;
    }

    /** Re-reads the points when site.yaml changed since the last call. */
    synchronized void refresh() {
        if (siteFile == null) {
            return;
        }
        Stamp stamp;
        try {
            BasicFileAttributes a = Files.readAttributes(siteFile, BasicFileAttributes.class);
            stamp = new Stamp(a.lastModifiedTime(), a.size());
        } catch (IOException e) {
            stamp = new Stamp(null, -1);
        }
        if (stamp.equals(seen)) {
            return;
        }
        seen = stamp;
        Set<String> now;
        try {
            // a broken kpi section still names the points of its good sites; its problems are the feed's to log
            now = Set.copyOf(KpiSection.read(siteFile).counterPoints());
        } catch (RuntimeException e) {
            // the export must go on whatever site.yaml holds
            LOG.log(Level.WARNING, "Cannot read the kpi counters' points from " + siteFile + "; keeping " + points, e);
            return;
        }
        if (!now.equals(points)) {
            LOG.log(Level.INFO, "Export keeps the kpi counters' points too: "
                    + (now.isEmpty() ? "none" : String.join(", ", now)));
            points = now;
        }
    }

    boolean contains(String point) {
        return points.contains(point);
    }
}
