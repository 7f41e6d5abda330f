package io.heathub.driver.modbus;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * One read request: contiguous registers of one function covering several points.
 *
 * @param start  first register
 * @param count  registers to read (at most 125, the Modbus limit for 0x03/0x04)
 * @param points the points decoded from it
 */
record ReadBlock(RegisterFunction function, int start, int count, List<PointDefinition> points) {

    /**
     * Groups points into as few requests as possible: per function, in address order, a point
     * joins the current block when the unused registers before it are at most {@code maxGap}
     * and the block stays within {@code maxRegisters}.
     */
    static List<ReadBlock> plan(Collection<PointDefinition> points, int maxGap, int maxRegisters) {
        List<PointDefinition> sorted = new ArrayList<>(points);
        sorted.sort(Comparator.comparing(PointDefinition::function).thenComparingInt(PointDefinition::address));
        List<ReadBlock> blocks = new ArrayList<>();
        List<PointDefinition> current = new ArrayList<>();
        int start = 0;
        int end = 0;
        for (PointDefinition p : sorted) {
            boolean joins = !current.isEmpty() && current.get(0).function() == p.function()
                    && p.address() - end <= maxGap && Math.max(end, p.end()) - start <= maxRegisters;
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
