package io.heathub.driver.modbus;

import io.heathub.driver.modbus.profile.PointDefinition;
import io.heathub.driver.modbus.profile.ReadLimits;
import io.heathub.driver.modbus.profile.RegisterFunction;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * One read request: contiguous registers (or bits) of one function covering several points.
 *
 * @param start  first register or bit
 * @param count  registers or bits to read (within the Modbus limits: 125 registers, 2000 bits)
 * @param points the points decoded from it
 */
record ReadBlock(RegisterFunction function, int start, int count, List<PointDefinition> points) {

    /**
     * Groups points into as few requests as possible: per function, in address order, a point
     * joins the current block when the unused addresses before it are at most the function's
     * gap and the block stays within the function's count.
     */
    static List<ReadBlock> plan(Collection<PointDefinition> points, ReadLimits limits) {
        List<PointDefinition> sorted = new ArrayList<>(points);
        sorted.sort(Comparator.comparing(PointDefinition::function).thenComparingInt(PointDefinition::address));
        List<ReadBlock> blocks = new ArrayList<>();
        List<PointDefinition> current = new ArrayList<>();
        int start = 0;
        int end = 0;
        for (PointDefinition p : sorted) {
            RegisterFunction f = p.function();
            boolean joins = !current.isEmpty() && current.get(0).function() == f
                    && p.address() - end <= limits.gap(f) && Math.max(end, p.end()) - start <= limits.count(f);
            if (!joins) {
                if (!current.isEmpty()) {
                    blocks.add(new ReadBlock(current.get(0).function(), start, end - start, current));
                }
                current = new ArrayList<>();
                start = p.address();
                end = p.end();
            }
            current.add(p);
            end = Math.max(end, p.end());
        }
        if (!current.isEmpty()) {
            blocks.add(new ReadBlock(current.get(0).function(), start, end - start, current));
        }
        return List.copyOf(blocks);
    }

    /** For messages: {@code holding registers 0..13 (temp.outdoor, temp.supply)}. */
    String describe() {
        return function.label() + " " + start + ".." + (start + count - 1) + " ("
                + String.join(", ", points.stream().map(PointDefinition::name).toList()) + ")";
    }
}
