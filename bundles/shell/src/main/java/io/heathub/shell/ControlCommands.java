package io.heathub.shell;

import io.heathub.control.runtime.api.ControlReport;
import io.heathub.control.runtime.api.ControlStatus;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code heathub:control}: what the control loop decided last and why, at the console. A component
 * of its own with a mandatory reference, so a hub without the control bundle has no such command.
 */
@Component(service = ControlCommands.class, property = {
        "osgi.command.scope=heathub",
        "osgi.command.function=control"})
public final class ControlCommands {
    private final ControlStatus control;

    @Activate
    public ControlCommands(@Reference(name = "control") ControlStatus control) {
        this.control = control;
    }

    /** {@code control}: the last cycle's inputs, decisions with their reasons, commands and problems. */
    public String control() {
        StringBuilder out = new StringBuilder();
        List<String> problems = control.configProblems();
        if (!problems.isEmpty()) {
            out.append("site problems (the last good plan runs meanwhile):\n");
            problems.forEach(p -> out.append("  ").append(p).append('\n'));
        }
        Optional<ControlReport> last = control.last();
        if (last.isEmpty()) {
            return out.append("no control cycle yet (no site with a valid control plan applied, or the loop is disabled)")
                    .toString();
        }
        ControlReport r = last.get();
        out.append("cycle ").append(r.cycle()).append(" at ").append(r.time()).append(": ").append(r.day()).append('\n');
        out.append("outdoor ").append(celsius(r.outdoor().raw())).append(" raw (").append(r.outdoor().rawQuality())
                .append("), ").append(celsius(r.outdoor().filtered())).append(" filtered")
                .append(r.outdoor().stale() ? ", STALE: supply setpoint held" : "").append('\n');
        out.append("supply ").append(r.supply().action()).append(' ').append(celsius(r.supply().setpoint()))
                .append(" (curve ").append(celsius(r.supply().curve())).append(", now ")
                .append(celsius(r.supply().current())).append(String.format(Locale.ROOT, ", room trim %+.1f)", r.trim()))
                .append('\n');
        r.supply().reasonChain().forEach(step -> out.append("  ").append(step).append('\n'));
        out.append("rooms P").append(format(r.rooms().percentile())).append(' ').append(celsius(r.rooms().value()))
                .append('\n');
        Table decisions = new Table("OUTPUT", "ACTION", "VALUE", "REASON");
        r.decisions().forEach(d -> decisions.row(d.output(), d.action(), number(d.value()) + " " + d.unit(), d.reason()));
        out.append(decisions);
        if (!r.commands().isEmpty()) {
            Table sent = new Table("COMMAND", "DEVICE", "POINT", "VALUE", "STATUS");
            r.commands().forEach(c -> sent.row(c.requestId(), c.device(), c.point(), c.value().toPlainString(), c.status()));
            out.append(sent);
        }
        r.problems().forEach(p -> out.append("input problem: ").append(p).append('\n'));
        return out.toString();
    }

    private static String celsius(OptionalDouble value) {
        return value.isPresent() ? String.format(Locale.ROOT, "%.1f °C", value.getAsDouble()) : "-";
    }

    private static String number(OptionalDouble value) {
        return value.isPresent() ? format(value.getAsDouble()) : "-";
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
