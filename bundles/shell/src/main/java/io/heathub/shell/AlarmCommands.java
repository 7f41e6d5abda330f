package io.heathub.shell;

import io.heathub.billing.alarm.Alarm;
import io.heathub.billing.alarm.AlarmStatus;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.felix.service.command.CommandSession;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code heathub:alarms} and {@code heathub:ack}: the live alarms at the console. A component of its
 * own with a mandatory reference, so a hub without the alarms feature (its package imported
 * optionally) simply has no such command instead of a broken shell.
 */
@Component(service = AlarmCommands.class, property = {
        "osgi.command.scope=heathub",
        "osgi.command.function=alarms",
        "osgi.command.function=ack"})
public final class AlarmCommands {
    /** Alarm ids are {@code kind:subject}, subjects device or building ids. */
    private static final Pattern ALARM_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,255}");

    private final AlarmStatus alarms;

    @Activate
    public AlarmCommands(@Reference(name = "alarms") AlarmStatus alarms) {
        this.alarms = alarms;
    }

    /** {@code alarms}: every open alarm with its class, response deadline and acknowledgement. */
    public String alarms() {
        List<Alarm> open = alarms.open();
        if (open.isEmpty()) {
            return "no open alarms";
        }
        Table table = new Table("ALARM", "CLASS", "RAISED", "DUE BY", "OVERDUE", "ACKNOWLEDGED BY", "COUNT", "EVIDENCE");
        for (Alarm a : open) {
            table.row(a.id(), a.faultClass(), a.raisedAt(), a.dueBy(), a.overdue() ? "yes" : "",
                    a.acknowledged() ? a.acknowledgedBy() + " at " + a.acknowledgedAt() : "", a.count(), a.evidence());
        }
        return table.toString();
    }

    /** {@code ack ALARM}: the console operator takes an open alarm on (audited as {@code shell:<user>} over SSH, else {@code shell:console}). */
    public String ack(CommandSession session, String alarmId) {
        if (alarmId == null || !ALARM_ID.matcher(alarmId).matches()) {
            String given = alarmId == null ? "" : alarmId.length() > 64 ? alarmId.substring(0, 64) + "…" : alarmId;
            return "usage: ack ALARM (an alarm id as 'alarms' lists it, kind:subject), got '" + given + "'";
        }
        try {
            Alarm a = alarms.acknowledge(alarmId, HubCommands.requestedBy(session));
            return "alarm " + a.id() + " acknowledged by " + a.acknowledgedBy() + " at " + a.acknowledgedAt()
                    + " (class " + a.faultClass() + ", due by " + a.dueBy() + ")";
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }
}
