package io.heathub.billing.alarm;

import static io.heathub.billing.fixtures.R.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.heathub.config.ConfigException;
import io.heathub.config.ConfigNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlarmBookTest {
    private static final Instant T0 = at("2024-12-01T08:00Z");
    // Minle classes 1 h / 4 h / 8 h; supply below return is class 2 here; clear after 30 min away
    private static final AlarmConfig CONFIG = new AlarmConfig(
            Map.of(1, Duration.ofHours(1), 2, Duration.ofHours(4), 3, Duration.ofHours(8)), 1,
            Map.of("supplyBelowReturn", 2), Duration.ofMinutes(30));

    private static Instant t(int minutes) {
        return T0.plus(Duration.ofMinutes(minutes));
    }

    private static Condition stuck(String evidence) {
        return new Condition("stuckCounter", "m1", evidence);
    }

    private static List<String> types(List<AlarmEvent> events) {
        return events.stream().map(e -> e.type() + " " + e.alarm().id()).toList();
    }

    @Test
    void raiseUpdateAndClearAfterTheHoldTime() {
        AlarmBook book = new AlarmBook(CONFIG);

        List<AlarmEvent> raised = book.observe(t(0), List.of(stuck("stuck 2h")));
        assertThat(types(raised)).containsExactly("RAISED stuckCounter:m1");
        Alarm a = raised.get(0).alarm();
        assertThat(a.faultClass()).isEqualTo(1);
        assertThat(a.count()).isEqualTo(1);
        assertThat(a.dueBy()).isEqualTo(t(60)); // class 1 → 1 h

        List<AlarmEvent> updated = book.observe(t(10), List.of(stuck("stuck 2h10m")));
        assertThat(types(updated)).containsExactly("UPDATED stuckCounter:m1");
        assertThat(updated.get(0).alarm().count()).isEqualTo(2);
        assertThat(updated.get(0).alarm().lastSeen()).isEqualTo(t(10));
        assertThat(updated.get(0).alarm().evidence()).isEqualTo("stuck 2h10m");
        assertThat(updated.get(0).alarm().raisedAt()).isEqualTo(t(0));

        // last seen 08:10, hold 30 min → clears at 08:40, not before
        assertThat(book.observe(t(39), List.of())).isEmpty();
        List<AlarmEvent> cleared = book.advance(t(40));
        assertThat(types(cleared)).containsExactly("CLEARED stuckCounter:m1");
        assertThat(cleared.get(0).alarm().clearedAt()).isEqualTo(t(40));
        assertThat(cleared.get(0).alarm().overdue()).isFalse(); // cleared 08:40, due 09:00
        assertThat(book.open()).isEmpty();
    }

    @Test
    void anAlarmStillOpenAtItsDueTimeIsOverdueOnce() {
        AlarmBook book = new AlarmBook(CONFIG);
        Condition inverted = new Condition("supplyBelowReturn", "m2", "3.1 K");
        book.observe(t(0), List.of(inverted));                 // class 2 → due 12:00
        for (int minutes = 20; minutes < 240; minutes += 20) {
            assertThat(types(book.observe(t(minutes), List.of(inverted)))).containsExactly("UPDATED supplyBelowReturn:m2");
        }

        List<AlarmEvent> atDue = book.observe(t(240), List.of(inverted));
        assertThat(types(atDue)).containsExactly("OVERDUE supplyBelowReturn:m2", "UPDATED supplyBelowReturn:m2");
        assertThat(atDue.get(1).alarm().overdue()).isTrue();

        assertThat(types(book.observe(t(260), List.of(inverted)))).containsExactly("UPDATED supplyBelowReturn:m2");
        // last seen 12:20 → clears 12:50 and stays marked overdue
        List<AlarmEvent> cleared = book.advance(t(300));
        assertThat(types(cleared)).containsExactly("CLEARED supplyBelowReturn:m2");
        assertThat(cleared.get(0).alarm().overdue()).isTrue();
    }

    @Test
    void overdueIsNoticedEvenWhenTheClearComesInTheSameCall() {
        // raised 08:00, seen every 20 min until 08:50, due 09:00, clears 09:20: it was open at 09:00,
        // so overdue, then cleared
        AlarmBook book = new AlarmBook(CONFIG);
        for (int minutes : new int[] {0, 20, 40, 50}) {
            book.observe(t(minutes), List.of(stuck("a")));
        }

        assertThat(types(book.advance(t(120)))).containsExactly("OVERDUE stuckCounter:m1", "CLEARED stuckCounter:m1");
    }

    @Test
    void anAlarmThatClearedBeforeItsDueTimeIsNotOverdueEvenWhenNoticedLate() {
        // last seen 08:00 → cleared as of 08:30, due 09:00; the book is only advanced at 10:00
        AlarmBook book = new AlarmBook(CONFIG);
        book.observe(t(0), List.of(stuck("a")));

        List<AlarmEvent> events = book.advance(t(120));

        assertThat(types(events)).containsExactly("CLEARED stuckCounter:m1");
        assertThat(events.get(0).alarm().overdue()).isFalse();
    }

    @Test
    void acknowledgedBeforeDueIsNeverOverdue() {
        AlarmBook book = new AlarmBook(CONFIG);
        book.observe(t(0), List.of(stuck("a")));
        book.observe(t(20), List.of(stuck("a")));

        List<AlarmEvent> acked = book.acknowledge("stuckCounter:m1", "wang.li", t(25));
        assertThat(types(acked)).containsExactly("ACKNOWLEDGED stuckCounter:m1");
        assertThat(acked.get(0).alarm().acknowledgedBy()).isEqualTo("wang.li");
        assertThat(acked.get(0).alarm().acknowledgedAt()).isEqualTo(t(25));

        // still observed every 20 min past the due time 09:00: updates only
        for (int minutes : new int[] {45, 65, 85}) {
            assertThat(types(book.observe(t(minutes), List.of(stuck("a"))))).containsExactly("UPDATED stuckCounter:m1");
        }
        assertThat(book.find("stuckCounter:m1").orElseThrow().overdue()).isFalse();
        // a second acknowledgement changes nothing
        assertThat(book.acknowledge("stuckCounter:m1", "zhang.wei", t(95))).isEmpty();
        assertThat(book.find("stuckCounter:m1").orElseThrow().acknowledgedBy()).isEqualTo("wang.li");
    }

    @Test
    void acknowledgingAnOverdueAlarmKeepsItOverdue() {
        AlarmBook book = new AlarmBook(CONFIG);
        book.observe(t(0), List.of(stuck("a")));
        book.observe(t(20), List.of(stuck("a")));
        book.observe(t(40), List.of(stuck("a")));

        // due 09:00; at 09:05 (last seen 08:40, clears 09:10) the acknowledgement first marks it overdue
        List<AlarmEvent> events = book.acknowledge("stuckCounter:m1", "wang.li", t(65));

        assertThat(types(events)).containsExactly("OVERDUE stuckCounter:m1", "ACKNOWLEDGED stuckCounter:m1");
        assertThat(events.get(1).alarm().overdue()).isTrue();
        assertThat(events.get(1).alarm().acknowledged()).isTrue();
    }

    @Test
    void aConditionBackAfterTheHoldTimeClearsAndRaisesAgainUnderTheSameId() {
        AlarmBook book = new AlarmBook(CONFIG);
        book.observe(t(0), List.of(stuck("a")));

        // last seen 08:00, hold 30 min: at 08:45 it had cleared, the new observation is a new occurrence
        List<AlarmEvent> events = book.observe(t(45), List.of(stuck("b")));

        assertThat(types(events)).containsExactly("CLEARED stuckCounter:m1", "RAISED stuckCounter:m1");
        assertThat(events.get(1).alarm().raisedAt()).isEqualTo(t(45));
        assertThat(events.get(1).alarm().count()).isEqualTo(1);
        assertThat(events.get(1).alarm().dueBy()).isEqualTo(t(105));
    }

    @Test
    void conditionsOfEachKindAreCountedByClass() {
        AlarmBook book = new AlarmBook(CONFIG);
        // what a meter-health finding becomes (MeterFinding.condition(), tested with the health rules)
        Condition supplyBelowReturn = new Condition("supplyBelowReturn", "m2", "3.1 K");
        book.observe(t(0), List.of(supplyBelowReturn, stuck("a"), stuck("a again"),
                new Condition("complaint", "3-2-501", "room 16 °C")));

        assertThat(book.open()).extracting(Alarm::id)
                .containsExactly("complaint:3-2-501", "stuckCounter:m1", "supplyBelowReturn:m2");
        assertThat(book.find("stuckCounter:m1").orElseThrow().evidence()).isEqualTo("a again");
        assertThat(book.find("stuckCounter:m1").orElseThrow().count()).isEqualTo(1);
        assertThat(book.openCountByClass(a -> !a.kind().equals("complaint"))).containsExactly(
                Map.entry(1, 1), Map.entry(2, 1), Map.entry(3, 0));
    }

    @Test
    void newSettingsClassTheAlarmsRaisedAfterAndOpenOnesKeepTheirs() {
        AlarmBook book = new AlarmBook(CONFIG);
        book.observe(t(0), List.of(new Condition("supplyBelowReturn", "m2", "3.1 K")));
        book.reconfigure(new AlarmConfig(Map.of(1, Duration.ofHours(1), 5, Duration.ofHours(2)), 1,
                Map.of("supplyBelowReturn", 5), Duration.ofMinutes(30)));
        book.observe(t(10), List.of(new Condition("supplyBelowReturn", "m2", "3.2 K"),
                new Condition("supplyBelowReturn", "m3", "1.0 K")));

        assertThat(book.find("supplyBelowReturn:m2").orElseThrow().faultClass()).isEqualTo(2);
        assertThat(book.find("supplyBelowReturn:m2").orElseThrow().dueBy()).isEqualTo(t(240));
        assertThat(book.find("supplyBelowReturn:m3").orElseThrow().faultClass()).isEqualTo(5);
        assertThat(book.find("supplyBelowReturn:m3").orElseThrow().dueBy()).isEqualTo(t(130));
        assertThat(book.openCountByClass(a -> true)).containsExactly(Map.entry(1, 0), Map.entry(2, 1), Map.entry(5, 1));
        assertThat(book.config().classes()).containsExactly(1, 5);
    }

    @Test
    void refusesTimeGoingBackAndUnknownAlarms() {
        AlarmBook book = new AlarmBook(CONFIG);
        book.observe(t(10), List.of(stuck("a")));

        assertThatThrownBy(() -> book.observe(t(5), List.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("time went back");
        assertThatThrownBy(() -> book.acknowledge("stuckCounter:m9", "wang.li", t(20)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("no open alarm stuckCounter:m9");
    }

    @Test
    void configFromYamlWithErrorsLocated() throws ConfigException {
        AlarmConfig config = AlarmConfig.read(ConfigNode.parse("alarms.yaml", """
                responseTimes: { 1: 30m, 2: 4h, 3: 8h }
                kindClasses: { supplyBelowReturn: 2 }
                clearAfter: 1h
                """));
        assertThat(config.responseTime(1)).isEqualTo(Duration.ofMinutes(30));
        assertThat(config.classOf("supplyBelowReturn")).isEqualTo(2);
        assertThat(config.classOf("stuckCounter")).isEqualTo(1);
        assertThat(config.clearAfter()).isEqualTo(Duration.ofHours(1));
        assertThat(AlarmConfig.defaults().responseTime(3)).isEqualTo(Duration.ofHours(8));

        assertThatThrownBy(() -> AlarmConfig.read(ConfigNode.parse("alarms.yaml", "kindClasses: { complaint: 4 }\n")))
                .hasMessageContaining("alarms.yaml:1:27").hasMessageContaining("class 4 has no response time");
        assertThatThrownBy(() -> AlarmConfig.read(ConfigNode.parse("alarms.yaml", "responseTimes: { one: 1h }\n")))
                .hasMessageContaining("alarms.yaml:1:23").hasMessageContaining("a fault class is a whole number");
    }
}
