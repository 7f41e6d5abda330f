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
 * @param commands  the {@code commands:} policy as read (its defaults when it has problems of its
 *                  own): a section that decides command values can check them against the bounds
 *                  (1.1.0)
 */
public record SiteContext(Path folder, Path file, String siteId, ZoneId zone, Set<String> deviceIds,
                          CommandPolicy commands) {
    public SiteContext {
        Objects.requireNonNull(folder, "folder");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(siteId, "siteId");
        Objects.requireNonNull(zone, "zone");
        deviceIds = Set.copyOf(deviceIds);
        Objects.requireNonNull(commands, "commands");
    }

    /** A context without command bounds ({@link CommandPolicy#DEFAULT}), as in 1.0.0. */
    public SiteContext(Path folder, Path file, String siteId, ZoneId zone, Set<String> deviceIds) {
        this(folder, file, siteId, zone, deviceIds, CommandPolicy.DEFAULT);
    }
}
