package io.heathub.calendar.section;

import io.heathub.calendar.HeatingCalendar;
import io.heathub.calendar.HeatingCalendarReader;
import io.heathub.config.ConfigException;
import io.heathub.config.ConfigNode;
import io.heathub.config.site.SiteContext;
import io.heathub.config.site.SiteSection;
import java.util.Optional;
import org.osgi.service.component.annotations.Component;

/**
 * The one reader of site.yaml's {@code calendar:} section: every feature that needs the season, the
 * test period, the decree extensions or the elastic requests (control, settlement, the energy
 * figures, the quality obligations) takes this value from the applied site version,
 * {@code site.section(CalendarSection.KEY, HeatingCalendar.class)}; without the section the defaults
 * ({@link HeatingCalendar#defaults()}). Registered for core's site owner and, in
 * {@code META-INF/services}, for {@code bin/heathub check}.
 */
@Component(service = SiteSection.class)
public final class CalendarSection implements SiteSection<HeatingCalendar> {
    public static final String KEY = HeatingCalendar.SECTION;

    /** Public and without arguments: found with ServiceLoader offline. */
    public CalendarSection() {
        // stateless
    }

    @Override
    public String key() {
        return KEY;
    }

    @Override
    public Class<HeatingCalendar> type() {
        return HeatingCalendar.class;
    }

    @Override
    public HeatingCalendar read(ConfigNode sections, SiteContext context) throws ConfigException {
        Optional<ConfigNode> node = sections.opt(KEY);
        return node.isPresent() ? HeatingCalendarReader.read(node.get()) : HeatingCalendar.defaults();
    }
}
