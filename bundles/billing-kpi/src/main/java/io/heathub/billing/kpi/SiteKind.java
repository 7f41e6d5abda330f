package io.heathub.billing.kpi;

/** Where energy figures are kept. */
public enum SiteKind {
    /** A heat source: boiler plant (热源厂). */
    SOURCE,
    /** A heat-exchange substation (换热站). */
    SUBSTATION
}
