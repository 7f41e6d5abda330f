package io.heathub.config.site;

/**
 * Told of the current site when it subscribes and of every version applied after: given to
 * {@link SiteService#subscribe}. Called on the site owner's thread, one version after the other;
 * it must return quickly and never block on the site service.
 */
@FunctionalInterface
public interface SiteListener {
    void siteApplied(Site site);
}
