package io.heathub.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.heathub.calendar.CalendarDay;
import io.heathub.calendar.DayKind;
import io.heathub.simulator.ThermalModel;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The anti-freeze floor closed over the simulator's thermal model (issue 17 item 1): a flat in the flow
 * mode (定流量) with its fixed opening at 0 % — the valve shut — on a −25 °C week, its room read every
 * 10 simulated minutes by control's {@link ThermostatRule}, whose valve decision is written back to the
 * model's panel. The model's flat loses heat over its seeded time constant (about 36 h), so the room
 * reaches the floor within a simulated day; the rule must open the valve as soon as a reading is below
 * 8 °C ({@code thermostat.antiFreezeBelow}) and shut it again (the household's 0 %) only from 8.5 °C
 * (+ hysteresis), so the room never falls more than one step's cooling below the floor.
 */
class AntiFreezeClosedLoopTest {
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final Duration STEP = Duration.ofMinutes(10);

    @Test
    void aShutFlowModeValveIsOpenedBelowTheFloorAndReleasedAboveItsHysteresis() {
        ThermostatSettings settings = ThermostatSettings.defaults();
        assertThat(settings.antiFreezeBelow()).isEqualTo(8);
        assertThat(settings.hysteresis()).isEqualTo(0.5);
        ThermostatRule rule = new ThermostatRule(settings);
        ThermalModel model = new ThermalModel(ThermalModel.Settings.defaults(1));
        model.setOutdoor(-25);
        model.setMode(1, ThermalModel.MODE_FLOW);
        model.setFixedOpening(1, 0);
        ThermostatProgram shut = new ThermostatProgram.ByFlow(0);

        Instant now = Instant.parse("2026-12-07T02:00:00Z");
        CalendarDay season = new CalendarDay(LocalDate.of(2026, 12, 7), DayKind.SEASON, "season", Set.of());
        double start = model.panel(1).roomTemperature();
        double lowest = start;
        double valve = model.panel(1).valveOpening();
        List<String> switches = new ArrayList<>();
        int opened = 0;
        for (int step = 0; step < 6 * 24 * 3; step++) { // three simulated days
            double room = model.panel(1).roomTemperature();
            lowest = Math.min(lowest, room);
            Household household = new Household("panel-001", "z", Optional.of(Sample.good(room, now.minusSeconds(30))), shut,
                    OptionalDouble.of(valve));
            Decision decision = rule.decide(household, season, LocalDateTime.ofInstant(now, ZONE), now).get(1);
            double decided = decision.value().orElseThrow();
            if (room < 8) {
                assertThat(decided).as("below the floor at %.2f °C: %s", room, decision.reason()).isEqualTo(100);
            } else if (room >= 8.5) {
                assertThat(decided).as("released at %.2f °C: %s", room, decision.reason()).isZero();
            } else {
                assertThat(decided).as("inside the hysteresis at %.2f °C the valve holds", room).isEqualTo(valve);
            }
            if (decided != valve) {
                switches.add(String.format(java.util.Locale.ROOT, "%s %.2f °C -> %.0f %%", now, room, decided));
                if (decided > 0) {
                    opened++;
                    assertThat(decision.reason()).contains("anti-freeze");
                }
                model.setValveOpening(1, decided);
                valve = decided;
            }
            model.step(STEP.toSeconds());
            now = now.plus(STEP);
        }
        System.out.printf("anti-freeze closed loop: start %.2f °C, lowest %.2f °C, %d openings; %s%n", start, lowest,
                opened, switches.subList(0, Math.min(6, switches.size())));
        assertThat(start).as("the seeded flat starts warm").isGreaterThan(18);
        assertThat(opened).as("the floor was reached and defended: " + switches).isGreaterThanOrEqualTo(2);
        // one 10-minute step at −25 °C cools a flat at 8 °C by about 0.15 K (33 K × 600 s / 36 h; 0.2 K at the seed range's fastest, 28 h)
        assertThat(lowest).isGreaterThan(7.7);
        assertThat(model.panel(1).roomTemperature()).isBetween(7.7, 12.0);
    }
}
