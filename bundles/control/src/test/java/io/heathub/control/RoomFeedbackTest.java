package io.heathub.control;

import io.heathub.api.Quality;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class RoomFeedbackTest {

    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");
    private static final Limits SUPPLY = new Limits(20, 80);

    private static ControlSettings.Room settings(int minimumRooms, ControlSettings.RoomTarget target) {
        return new ControlSettings.Room(10, Duration.ofHours(1), new Limits(0, 40), minimumRooms, target, 0.5, 3,
                Duration.ofMinutes(15));
    }

    private static final RoomFeedback FEEDBACK = new RoomFeedback(settings(5, new ControlSettings.RoomTarget(18, List.of())));

    /** Ten rooms 16.0, 17.0, ... 25.0: P10 (nearest rank, rank 1) = 16.0. */
    private static List<Sample> tenRooms(Instant time) {
        List<Sample> rooms = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            rooms.add(Sample.good(25 - i, time));
        }
        return rooms;
    }

    @Test
    void nearestRankPercentile() {
        double[] values = {5, 1, 4, 2, 3, 9, 8, 7, 6, 10};
        assertThat(Percentile.nearestRank(values.clone(), 10, 10)).isEqualTo(1.0);
        assertThat(Percentile.nearestRank(values.clone(), 10, 11)).isEqualTo(2.0);
        assertThat(Percentile.nearestRank(values.clone(), 10, 50)).isEqualTo(5.0);
        assertThat(Percentile.nearestRank(values.clone(), 10, 0)).isEqualTo(1.0);
        assertThat(Percentile.nearestRank(values.clone(), 10, 100)).isEqualTo(10.0);
    }

    @Test
    void coldRoomsIntegrateUpAtTheConfiguredGain() {
        RoomFeedback.State state = new RoomFeedback.State(0, Optional.of(T0));
        Instant now = T0.plus(Duration.ofMinutes(12));
        RoomFeedback.Result result = FEEDBACK.step(List.of(tenRooms(now)), 0, 60, SUPPLY, state, now);
        // error 18 − 16 = 2 °C, 0.5 °C/h per °C, 0.2 h → +0.2
        assertThat(result.applied()).isTrue();
        assertThat(result.statistic()).isEqualTo(16.0);
        assertThat(result.trim()).isCloseTo(0.2, within(1e-9));
        assertThat(result.reason()).isEqualTo("room trim +0.2 (P10 16.0 °C < 18.0 °C, 10 rooms)");
    }

    @Test
    void integrationStepIsCappedAfterAPause() {
        RoomFeedback.State state = new RoomFeedback.State(0, Optional.of(T0));
        Instant now = T0.plus(Duration.ofHours(10));
        RoomFeedback.Result result = FEEDBACK.step(List.of(tenRooms(now)), 0, 60, SUPPLY, state, now);
        assertThat(result.trim()).isCloseTo(0.5 * 2 * 0.25, within(1e-9));
    }

    @Test
    void firstStepDoesNotIntegrate() {
        RoomFeedback.Result result = FEEDBACK.step(List.of(tenRooms(T0)), 0, 60, SUPPLY, RoomFeedback.State.initial(), T0);
        assertThat(result.trim()).isZero();
        assertThat(result.state().lastUpdate()).contains(T0);
    }

    @Test
    void trimIsBoundedAndDoesNotWindUp() {
        RoomFeedback.State state = new RoomFeedback.State(2.9, Optional.of(T0));
        Instant now = T0.plus(Duration.ofMinutes(15));
        RoomFeedback.Result result = FEEDBACK.step(List.of(tenRooms(now)), 0, 60, SUPPLY, state, now);
        assertThat(result.trim()).isEqualTo(3.0);
        // warm rooms come back: the trim leaves the bound at once, no stored excess
        List<Sample> warm = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            warm.add(Sample.good(20, now.plus(Duration.ofMinutes(15))));
        }
        RoomFeedback.Result back = FEEDBACK.step(List.of(warm), 0, 60, SUPPLY, result.state(), now.plus(Duration.ofMinutes(15)));
        assertThat(back.trim()).isCloseTo(3.0 - 0.5 * 2 * 0.25, within(1e-9));
    }

    @Test
    void noIntegrationUpwardsWhileTheSupplyIsAtItsMaximum() {
        RoomFeedback.State state = new RoomFeedback.State(1, Optional.of(T0));
        Instant now = T0.plus(Duration.ofMinutes(15));
        RoomFeedback.Result result = FEEDBACK.step(List.of(tenRooms(now)), 0, 79.5, SUPPLY, state, now);
        assertThat(result.trim()).isEqualTo(1.0);
        assertThat(result.reason()).contains("integration paused (supply at maximum)");
    }

    @Test
    void staleBadAndImplausibleRoomsDoNotCountAndTooFewMeansNoTrim() {
        Instant now = T0.plus(Duration.ofHours(2));
        List<Sample> rooms = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            rooms.add(Sample.good(15, now));
        }
        rooms.add(Sample.good(10, T0));                      // stale
        rooms.add(new Sample(10, now, Quality.SUSPECT));     // not good
        rooms.add(new Sample(10, now, Quality.ESTIMATED));   // not good
        rooms.add(Sample.good(-50, now));                    // implausible
        rooms.add(Sample.good(Double.NaN, now));             // not a number
        RoomFeedback.State state = new RoomFeedback.State(1.5, Optional.of(T0));
        RoomFeedback.Result result = FEEDBACK.step(List.of(rooms), 0, 60, SUPPLY, state, now);
        assertThat(result.applied()).isFalse();
        assertThat(result.trim()).isZero();
        assertThat(result.rooms()).isEqualTo(4);
        assertThat(result.state()).isEqualTo(state);
        assertThat(result.reason()).isEqualTo("no room trim: 4 usable rooms < minimum 5, curve alone");
    }

    @Test
    void targetFollowsTheOutdoorBand() {
        ControlSettings.RoomTarget minle = new ControlSettings.RoomTarget(20,
                List.of(new ControlSettings.TargetBand(-10, 18)));
        assertThat(minle.at(0)).isEqualTo(20.0);
        assertThat(minle.at(-10)).isEqualTo(20.0);
        assertThat(minle.at(-10.1)).isEqualTo(18.0);
        ControlSettings.RoomTarget three = new ControlSettings.RoomTarget(20, List.of(
                new ControlSettings.TargetBand(-10, 18), new ControlSettings.TargetBand(-20, 17)));
        assertThat(three.at(-15)).isEqualTo(18.0);
        assertThat(three.at(-25)).isEqualTo(17.0);

        RoomFeedback feedback = new RoomFeedback(settings(5, minle));
        Instant now = T0.plus(Duration.ofMinutes(12));
        RoomFeedback.State state = new RoomFeedback.State(0, Optional.of(T0));
        // P10 = 16: error 4 °C at mild outdoor, 2 °C below −10 °C
        assertThat(feedback.step(List.of(tenRooms(now)), 0, 60, SUPPLY, state, now).trim()).isCloseTo(0.4, within(1e-9));
        assertThat(feedback.step(List.of(tenRooms(now)), -12, 60, SUPPLY, state, now).trim()).isCloseTo(0.2, within(1e-9));
    }
}
