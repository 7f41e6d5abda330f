package io.heathub.driver.modbus;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A device type's register map, read from {@code config/profiles/<name>.yaml}.
 *
 * @param maxGap unused registers a read may span to merge two blocks into one request
 */
record Profile(String name, String description, String file, int maxGap, List<PointDefinition> points) {

    Profile {
        points = List.copyOf(points);
    }

    /** Points by name, in file order. */
    Map<String, PointDefinition> byName() {
        Map<String, PointDefinition> out = new LinkedHashMap<>();
        points.forEach(p -> out.put(p.name(), p));
        return out;
    }
}
