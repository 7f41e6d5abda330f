package io.heathub.control;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ControlEngineTest {

    private static final Instant NOW = Instant.parse("2026-12-01T04:00:00Z"); // 12:00 in Asia/Shanghai
    private static final ControlSettings SETTINGS = ControlSettings.defaults()
            .withOutdoor(new ControlSettings.Outdoor(Duration.ofHours(1), Duration.ofMinutes(30), new Limits(-60, 60), 0,
                    Duration.ofHours(12)));
    private final ControlEngine engine = new ControlEngine(SETTINGS);

    private static List<Sample> rooms(int count, double value, Instant time) {
        return Collections.nCopies(count, Sample.good(value, time));
    }

    private static Snapshot snapshot(double outdoor, Instant outdoorTime, Map<String, List<Sample>> rooms,
                                     Map<String, Double> pumps, OptionalDouble supply) {
        return new Snapshot(List.of(Sample.good(outdoor, outdoorTime)), List.of(), rooms, pumps, supply, OptionalDouble.of(70));
    }

    @Test
    void supplyDecisionCarriesCurveTrimInputsAndReason() {
        ControlState state = new ControlState(Optional.of(new OutdoorFilter.State(-5, NOW.minusSeconds(300))),
                new RoomFeedback.State(2.25, Optional.of(NOW.minusSeconds(300))), Optional.empty(), Optional.empty(), Map.of());
        List<Sample> zone = new ArrayList<>(rooms(30, 17.2, NOW));
        zone.addAll(rooms(70, 21, NOW));
        Snapshot snapshot = snapshot(-5, NOW, Map.of("a", zone), Map.of("a", 40.0), OptionalDouble.of(72.0));
        Decision supply = engine.cycle(snapshot, state, NOW).decision(ControlEngine.SUPPLY).orElseThrow();
        // trim 2.25 + 0.5·0.8·(5/60) = 2.2833; curve 70.2114
        assertThat(supply.action()).isEqualTo(Decision.Action.SET);
        assertThat(supply.value().getAsDouble()).isCloseTo(70.2114 + 2.2833, within(1e-3));
        assertThat(supply.inputs()).containsEntry("room.percentile", 17.2).containsEntry("room.count", 100.0)
                .containsKeys("outdoor.effective", "curve", "trim", "supply.previous");
        assertThat(supply.reason()).isEqualTo(
                "supply 72.5 °C: curve 70.2 at -5.0 °C outdoor + room trim +2.3 (P10 17.2 °C < 18.0 °C, 100 rooms)");
    }

    @Test
    void staleOutdoorHoldsTheLastSafeSetpointAndTheLoad() {
        ControlState state = new ControlState(Optional.of(new OutdoorFilter.State(-5, NOW.minus(Duration.ofHours(2)))),
                RoomFeedback.State.initial(), Optional.of(new ControlState.Setpoint(66.5, NOW.minus(Duration.ofHours(2)))),
                Optional.empty(), Map.of());
        Snapshot snapshot = snapshot(-30, NOW.minus(Duration.ofHours(1)), Map.of(), Map.of(), OptionalDouble.of(40));
        ControlEngine.Result result = engine.cycle(snapshot, state, NOW);
        Decision supply = result.decision(ControlEngine.SUPPLY).orElseThrow();
        assertThat(supply.action()).isEqualTo(Decision.Action.HOLD);
        assertThat(supply.value()).hasValue(66.5);
        assertThat(supply.reason()).startsWith("supply hold 66.5 °C (last safe setpoint): outdoor stale");
        assertThat(result.decision(ControlEngine.SOURCE_LOAD).orElseThrow().action()).isEqualTo(Decision.Action.HOLD);
        assertThat(result.state().lastSupply()).isEqualTo(state.lastSupply());
    }

    @Test
    void staleOutdoorWithoutHistoryHoldsTheCurrentThenTheFallback() {
        Snapshot withCurrent = snapshot(0, NOW.minus(Duration.ofHours(1)), Map.of(), Map.of(), OptionalDouble.of(55));
        assertThat(engine.cycle(withCurrent, ControlState.initial(), NOW).decision("supply").orElseThrow().value()).hasValue(55.0);
        Snapshot nothing = snapshot(0, NOW.minus(Duration.ofHours(1)), Map.of(), Map.of(), OptionalDouble.empty());
        Decision fallback = engine.cycle(nothing, ControlState.initial(), NOW).decision("supply").orElseThrow();
        assertThat(fallback.value()).hasValue(50.0);
        assertThat(fallback.reason()).contains("configured fallback", "no outdoor sample yet");
    }

    @Test
    void tooFewRoomsMeansCurveAloneWithTheReason() {
        Snapshot snapshot = snapshot(-5, NOW, Map.of("a", rooms(3, 15, NOW)), Map.of(), OptionalDouble.empty());
        Decision supply = engine.cycle(snapshot, ControlState.initial(), NOW).decision("supply").orElseThrow();
        assertThat(supply.value().getAsDouble()).isCloseTo(70.2114, within(1e-3));
        assertThat(supply.reason()).isEqualTo(
                "supply 70.2 °C: curve 70.2 at -5.0 °C outdoor; no room trim: 3 usable rooms < minimum 20, curve alone");
    }

    @Test
    void supplyIsRateLimitedAgainstTheCurrentSetpoint() {
        Snapshot snapshot = snapshot(-5, NOW, Map.of(), Map.of(), OptionalDouble.of(60));
        Decision supply = engine.cycle(snapshot, ControlState.initial(), NOW).decision("supply").orElseThrow();
        assertThat(supply.value()).hasValue(62.0);
        assertThat(supply.reason()).endsWith(", rate-limited from 60.0 (±2.0)");
    }

    @Test
    void pumpsAreDecidedPerZoneAndTheirStateKept() {
        Snapshot snapshot = snapshot(-5, NOW, Map.of("north", rooms(10, 16, NOW), "south", rooms(10, 23, NOW),
                "east", rooms(10, 20, NOW)), Map.of("north", 35.0, "south", 35.0, "east", 35.0, "west", 30.0),
                OptionalDouble.empty());
        ControlEngine.Result result = engine.cycle(snapshot, ControlState.initial(), NOW);
        assertThat(result.decision("pump/north").orElseThrow().value()).hasValue(40.0);
        assertThat(result.decision("pump/south").orElseThrow().value()).hasValue(32.0);
        assertThat(result.decision("pump/east").orElseThrow().action()).isEqualTo(Decision.Action.HOLD);
        assertThat(result.decision("pump/west").orElseThrow().reason()).contains("0 usable rooms < minimum 5");
        assertThat(result.state().zones().get("north").lastStep()).contains(NOW);
        // the next cycle 5 min later is inside the dwell
        Instant next = NOW.plus(Duration.ofMinutes(5));
        Snapshot later = snapshot(-5, next, Map.of("north", rooms(10, 16, next)), Map.of("north", 40.0), OptionalDouble.empty());
        assertThat(engine.cycle(later, result.state(), next).decision("pump/north").orElseThrow().action())
                .isEqualTo(Decision.Action.HOLD);
    }

    @Test
    void sourceLoadAndSeasonFlowAreDecided() {
        Snapshot snapshot = snapshot(-8, NOW, Map.of(), Map.of(), OptionalDouble.empty());
        ControlEngine.Result result = engine.cycle(snapshot, ControlState.initial(), NOW);
        Decision load = result.decision(ControlEngine.SOURCE_LOAD).orElseThrow();
        assertThat(load.value()).hasValue(75.0); // wants 80 from current 70, 5 %/cycle
        assertThat(load.reason()).isEqualTo("source load 75.0 %: base 70.0 +10.0 (-8.0 °C outdoor < -5.0 °C), rate-limited from 70.0 (±5.0)");
        Decision flow = result.decision(ControlEngine.SOURCE_FLOW).orElseThrow();
        assertThat(flow.value()).hasValue(4900.0);
        assertThat(flow.reason()).isEqualTo("source flow 4900 m³/h: period --11-16–--02-15 (2026-12-01)");
    }

    @Test
    void seasonFlowUsesTheSiteZoneForTheDate() {
        // 2026-11-15T16:30Z is already 16 Nov 00:30 in Asia/Shanghai
        Instant lateEvening = Instant.parse("2026-11-15T16:30:00Z");
        Snapshot snapshot = snapshot(-8, lateEvening, Map.of(), Map.of(), OptionalDouble.empty());
        assertThat(engine.cycle(snapshot, ControlState.initial(), lateEvening).decision("source.flow").orElseThrow().value())
                .hasValue(4900.0);
    }

    @Test
    void cycleIsDeterministic() {
        Snapshot snapshot = snapshot(-3, NOW, Map.of("a", rooms(30, 17, NOW)), Map.of("a", 33.0), OptionalDouble.of(58));
        ControlState state = new ControlState(Optional.of(new OutdoorFilter.State(-2, NOW.minusSeconds(600))),
                new RoomFeedback.State(1, Optional.of(NOW.minusSeconds(600))), Optional.empty(), Optional.empty(), Map.of());
        assertThat(engine.cycle(snapshot, state, NOW)).isEqualTo(engine.cycle(snapshot, state, NOW));
    }
}
