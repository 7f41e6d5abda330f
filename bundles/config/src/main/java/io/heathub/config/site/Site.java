package io.heathub.config.site;

import io.heathub.api.driver.DeviceConfig;
import io.heathub.config.ConfigException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One applied version of the site: everything read from {@code site.yaml} at once, immutable.
 * Core's buses and every feature see the same version.
 *
 * @param version  increases by one with every applied change (of the file, or of the installed
 *                 section readers); 1 is the first site applied since the hub started
 * @param appliedAt when this version was applied
 * @param id       {@code site.id} (in topics and logs)
 * @param name     {@code site.name}
 * @param zone     {@code site.zone}: the zone billing and calendar days are cut in
 * @param folder   the site folder ({@code profiles/}, {@code routes/} and files sections name)
 * @param file     the site file
 * @param buses    the buses, in file order
 * @param devices  the devices, in file order
 * @param commands the checks every command passes before it reaches a device
 * @param sections the values the installed {@link SiteSection} readers read, by key (sorted)
 * @param warnings what was accepted but deserves a look (a top-level key no installed bundle reads)
 */
public record Site(long version, Instant appliedAt, String id, String name, ZoneId zone, Path folder, Path file,
                   List<BusConfig> buses, List<DeviceConfig> devices, CommandPolicy commands,
                   Map<String, Object> sections, List<ConfigException> warnings) {

    public Site {
        Objects.requireNonNull(appliedAt, "appliedAt");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(folder, "folder");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(commands, "commands");
        buses = List.copyOf(buses);
        devices = List.copyOf(devices);
        sections = Collections.unmodifiableMap(new TreeMap<>(sections));
        warnings = List.copyOf(warnings);
    }

    /** The devices on one bus, in file order. */
    public List<DeviceConfig> devicesOn(String busId) {
        return devices.stream().filter(d -> d.bus().equals(busId)).toList();
    }

    /**
     * The value a {@link SiteSection} read for {@code key}: empty when no installed reader of that
     * key read this version (e.g. the feature's reader registered after it was applied: the next
     * version has it), or when it is not a {@code type}.
     */
    public <T> Optional<T> section(String key, Class<T> type) {
        Object value = sections.get(key);
        return type.isInstance(value) ? Optional.of(type.cast(value)) : Optional.empty();
    }
}
