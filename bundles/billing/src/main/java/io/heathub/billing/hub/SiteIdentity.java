package io.heathub.billing.hub;

import io.heathub.billing.Season;
import io.heathub.config.ConfigException;
import io.heathub.config.ConfigNode;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * The {@code site:} section as the billing features read it: the site's id (named in feeds) and
 * its zone, in which days are cut at 00:00.
 *
 * @param id       {@code site.id}, default {@code hub}
 * @param zone     {@code site.zone}, default {@link Season#DEFAULT_ZONE}
 * @param problems {@code file:line:column: key: problem}; the defaults stand in for what is broken
 */
public record SiteIdentity(String id, ZoneId zone, List<String> problems) {
    public static final SiteIdentity DEFAULT = new SiteIdentity("hub", Season.DEFAULT_ZONE, List.of());

    public SiteIdentity {
        problems = List.copyOf(problems);
    }

    /** Reads {@code site:} of a parsed site.yaml. */
    public static SiteIdentity read(ConfigNode root) {
        String id = DEFAULT.id();
        ZoneId zone = DEFAULT.zone();
        try {
            Optional<ConfigNode> site = root.opt("site");
            if (site.isPresent()) {
                id = site.get().string("id", id).trim();
                Optional<ConfigNode> zoneNode = site.get().opt("zone");
                if (zoneNode.isPresent()) {
                    try {
                        zone = ZoneId.of(zoneNode.get().asString().trim());
                    } catch (DateTimeException e) {
                        throw zoneNode.get().error("unknown time zone: " + e.getMessage());
                    }
                }
            }
        } catch (ConfigException e) {
            return new SiteIdentity(id, zone, List.of(e.getMessage()));
        }
        return new SiteIdentity(id, zone, List.of());
    }
}
