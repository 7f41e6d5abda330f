package io.heathub.config.site;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Set;

/**
 * What a {@link SiteSection} reader may rely on besides its own keys: the parts of the same file
 * that core reads first.
 *
 * @param folder    the site folder (files a section names are relative to it)
 * @param file      the site file, as named in problems
 * @param siteId    {@code site.id}
 * @param zone      {@code site.zone}: the zone days are cut in
 * @param deviceIds the ids of the devices declared in {@code devices:} (also of those with other
 *                  problems, so a reader does not report a follow-on problem for them)
 */
public record SiteContext(Path folder, Path file, String siteId, ZoneId zone, Set<String> deviceIds) {
    public SiteContext {
        Objects.requireNonNull(folder, "folder");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(siteId, "siteId");
        Objects.requireNonNull(zone, "zone");
        deviceIds = Set.copyOf(deviceIds);
    }
}
