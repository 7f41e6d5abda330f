package io.heathub.billing.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordsTest {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final Instant T = Instant.parse("2025-11-20T00:30:00Z");

    @Test
    void aComplaintGoesToItsLineAndBack() {
        Complaint c = new Complaint("c-000001", "panel-007", "tooCold", "bedroom 15 °C\nsince Monday", T, T.plusSeconds(5),
                "rest:ops-li", T.plus(Duration.ofMinutes(30)), null, null, null);
        assertThat(c.toJson()).isEqualTo("{\"id\":\"c-000001\",\"household\":\"panel-007\",\"category\":\"tooCold\","
                + "\"text\":\"bedroom 15 °C\\nsince Monday\",\"time\":\"2025-11-20T00:30:00Z\",\"recordedAt\":\"2025-11-20T00:30:05Z\","
                + "\"recordedBy\":\"rest:ops-li\",\"dueBy\":\"2025-11-20T01:00:00Z\",\"resolvedAt\":null,\"resolvedBy\":null,"
                + "\"resolution\":null}");
        assertThat(Complaint.fromJson(c.toJson())).isEqualTo(c);
        assertThat(c.open()).isTrue();
        assertThat(c.overdue(T.plus(Duration.ofMinutes(30)))).isFalse();
        assertThat(c.overdue(T.plus(Duration.ofMinutes(31)))).isTrue();
        Complaint done = c.resolved(T.plus(Duration.ofMinutes(20)), "rest:ops-wang", "valve freed");
        assertThat(done.open()).isFalse();
        assertThat(done.overdue(T.plus(Duration.ofHours(5)))).isFalse();
        assertThat(done.openAt(T.plus(Duration.ofMinutes(10)))).isTrue();
        assertThat(done.openAt(T.plus(Duration.ofMinutes(20)))).isFalse();
        assertThat(Complaint.fromJson(done.toJson())).isEqualTo(done);
    }

    @Test
    void badFieldsAreNamed() {
        assertThatThrownBy(() -> Complaint.fromJson("{\"id\":\"c-1\",\"houshold\":\"x\"}"))
                .hasMessage("unknown field 'houshold' (did you mean 'household'?); expected category, dueBy, household, id,"
                        + " recordedAt, recordedBy, resolution, resolvedAt, resolvedBy, text, time");
        assertThatThrownBy(() -> Complaint.fromJson("{\"id\":\"c-1\",\"household\":12}"))
                .hasMessage("household: expected text, got 12");
        assertThatThrownBy(() -> Complaint.fromJson("{\"id\":\"c-1\",\"household\":\"h\",\"category\":\"x\",\"time\":\"yesterday\"}"))
                .hasMessage("time: expected an ISO time like 2025-11-20T08:30:00+08:00, got \"yesterday\"");
        assertThatThrownBy(() -> Complaint.fromJson("[1]")).hasMessage("expected a JSON object");
        assertThatThrownBy(() -> Complaint.fromJson("{\"id\":")).hasMessageStartingWith("malformed JSON: ");
        assertThatThrownBy(() -> RefundExclusion.fromJson("{\"id\":\"x-1\",\"household\":\"h\",\"from\":\"2025-11-20\","
                + "\"to\":\"2025-11-21\",\"reason\":\"tampring\"}"))
                .hasMessage("reason: expected ownFault or tampering, got \"tampring\" (did you mean 'tampering'?)");
    }

    @Test
    void anInterruptionsDaysWithoutHeatAndZibosNoticeRule() {
        // 20 Nov 08:00 to 22 Nov 20:00 Shanghai: the 21st is a whole day without heat, the 20th 16 h, the 22nd 20 h
        Interruption planned = new Interruption("i-000001", Interruption.Kind.PLANNED,
                Instant.parse("2025-11-20T00:00:00Z"), Instant.parse("2025-11-22T12:00:00Z"), List.of("3"), "main valve",
                Instant.parse("2025-11-19T00:00:00Z"), T, "rest:ops-li");
        assertThat(planned.daysWithout(SHANGHAI, Duration.ofDays(1))).containsExactly(LocalDate.of(2025, 11, 21));
        assertThat(planned.daysWithout(SHANGHAI, Duration.ofHours(16)))
                .containsExactly(LocalDate.of(2025, 11, 20), LocalDate.of(2025, 11, 21), LocalDate.of(2025, 11, 22));
        assertThat(planned.affects("3")).isTrue();
        assertThat(planned.affects("4")).isFalse();
        // 60 h stop told 24 h ahead: Zibo wants 2 days
        assertThat(planned.noticeProblem(Duration.ofHours(24), Duration.ofDays(2)))
                .contains("planned stop of 60 h noticed 24 h ahead (required 48 h)");
        Interruption emergency = new Interruption("i-000002", Interruption.Kind.EMERGENCY, planned.from(), planned.to(),
                List.of(), "burst pipe", null, T, "rest:ops-li");
        assertThat(emergency.noticeProblem(Duration.ofHours(24), Duration.ofDays(2))).isEmpty();
        assertThat(emergency.affects("anything")).isTrue();
        assertThat(Interruption.fromJson(planned.toJson())).isEqualTo(planned);
        assertThatThrownBy(() -> new Interruption("i", Interruption.Kind.PLANNED, T, T, List.of(), "", null, T, "x"))
                .hasMessageStartingWith("to: the heat must come back after it stops");
    }

    @Test
    void anExclusionCoversItsHouseholdsDays() {
        RefundExclusion x = new RefundExclusion("x-000001", "panel-007", LocalDate.of(2025, 11, 20),
                LocalDate.of(2025, 11, 22), RefundExclusion.Reason.TAMPERING, "extra radiator", T, "rest:ops-li");
        assertThat(x.covers("panel-007", LocalDate.of(2025, 11, 22))).isTrue();
        assertThat(x.covers("panel-007", LocalDate.of(2025, 11, 23))).isFalse();
        assertThat(x.covers("panel-008", LocalDate.of(2025, 11, 21))).isFalse();
        assertThat(RefundExclusion.fromJson(x.toJson())).isEqualTo(x);
        assertThat(OperationsRecords.nextId("x-", List.of("x-000001", "x-000009", "c-000100", "x-bad"))).isEqualTo("x-000010");
    }
}
