package io.heathub.billing.settlement.runtime;

import io.heathub.billing.settlement.Tariff;
import io.heathub.billing.settlement.TariffFile;
import io.heathub.config.ConfigException;
import io.heathub.config.ConfigNode;
import io.heathub.config.site.SiteContext;
import io.heathub.config.site.SiteSection;
import java.util.Optional;
import org.osgi.service.component.annotations.Component;

/**
 * Settlement's section of {@code site.yaml}: {@code tariff:}, the keys of {@code heathub settle}'s
 * tariff file ({@link TariffFile}), every problem located. Registered for core's site owner and, in
 * {@code META-INF/services}, for {@code bin/heathub check} and {@code heathub settle --site}.
 */
@Component(service = SiteSection.class)
public final class TariffSection implements SiteSection<TariffSection.Setting> {
    public static final String KEY = "tariff";

    /**
     * The tariff of a site version.
     *
     * @param tariff empty when the site has no {@code tariff:} section (nothing can be settled)
     */
    public record Setting(Optional<Tariff> tariff) {
    }

    /** Public and without arguments: found with ServiceLoader offline. */
    public TariffSection() {
        // stateless
    }

    @Override
    public String key() {
        return KEY;
    }

    @Override
    public Class<Setting> type() {
        return Setting.class;
    }

    @Override
    public Setting read(ConfigNode sections, SiteContext context) throws ConfigException {
        Optional<ConfigNode> node = sections.opt(KEY);
        return new Setting(node.isPresent() ? Optional.of(TariffFile.readLocated(node.get())) : Optional.empty());
    }
}
