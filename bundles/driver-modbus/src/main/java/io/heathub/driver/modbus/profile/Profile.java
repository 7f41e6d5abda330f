package io.heathub.driver.modbus.profile;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A device type's register map, read from {@code config/profiles/<name>.yaml}.
 *
 * @param limits how reads are grouped into requests
 */
public record Profile(String name, String description, String file, ReadLimits limits, List<PointDefinition> points) {

    public Profile {
        points = List.copyOf(points);
    }

    /** Points by name, in file order (bit points not included: see {@link #readableNames()}). */
    public Map<String, PointDefinition> byName() {
        Map<String, PointDefinition> out = new LinkedHashMap<>();
        points.forEach(p -> out.put(p.name(), p));
        return out;
    }

    /** Every name a reading may carry, including bit points, with the point whose value holds it. */
    public Map<String, PointDefinition> readableNames() {
        Map<String, PointDefinition> out = new LinkedHashMap<>();
        for (PointDefinition p : points) {
            if (!p.writeOnly()) {
                out.put(p.name(), p);
                p.bits().values().forEach(bitName -> out.put(bitName, p));
            }
        }
        return out;
    }
}
