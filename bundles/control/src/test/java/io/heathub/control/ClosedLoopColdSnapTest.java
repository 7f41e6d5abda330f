package io.heathub.control;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine against a tiny first-order building model through a cold snap: two days at −5 °C,
 * a six-hour fall to −20 °C, two days at −20 °C, back to −5 °C.
 *
 * <p>Each room: {@code 10 h · dT/dt = r·f(Hz)·(Ts − T)^1.3 − (T − To)}, {@code r} the room's
 * radiator-to-loss ratio (a design room has r = 38/57^1.3, so 75 °C supply holds 18 °C at −20 °C),
 * spread ±6 % between rooms and lower in the weak zone, {@code f = (Hz/40)^0.3} the pump's effect,
 * {@code Ts} the actual supply, following the setpoint with a 10 min lag.
 */
class ClosedLoopColdSnapTest {

    private static final Instant START = Instant.parse("2026-12-10T00:00:00Z");
    private static final Duration CYCLE = Duration.ofMinutes(5);
    private static final int ZONES = 4;
    private static final int ROOMS_PER_ZONE = 50;

    private static double outdoorAt(double hours) {
        double fall = 48, cold = 54, rise = 102, warm = 108;
        if (hours < fall) {
            return -5;
        }
        if (hours < cold) {
            return -5 - 15 * (hours - fall) / (cold - fall);
        }
        if (hours < rise) {
            return -20;
        }
        if (hours < warm) {
            return -20 + 15 * (hours - rise) / (warm - rise);
        }
        return -5;
    }

    /**
     * The site: design outdoor −20 °C, 75/50 radiators; aims at 19 °C to keep P10 ≥ 18 °C with margin.
     * These rooms answer within 10 h, so the forecast is averaged over 12 h ahead, not the default 48 h
     * made for buildings that lag the weather by a day or two: over 48 h the end of the cold snap is
     * already in the mean while it is at its coldest, and P10 dips to 17.85 °C (domain.md §3.1).
     */
    private static ControlSettings site(double maxTrim) {
        ControlSettings.Outdoor outdoor = ControlSettings.defaults().outdoor();
        return ControlSettings.defaults()
                .withOutdoor(new ControlSettings.Outdoor(outdoor.timeConstant(), outdoor.maxAge(), outdoor.plausible(),
                        outdoor.forecastWeight(), Duration.ofHours(12)))
                .withCurve(new QualityRegulationCurve(18, -20, 75, 50, 0.3, 18, false))
                .withSupply(new ControlSettings.Supply(new Limits(25, 85), new RateLimit(2, 6), 50))
                .withRoom(new ControlSettings.Room(10, Duration.ofHours(1), new Limits(0, 40), 20,
                        new ControlSettings.RoomTarget(19, List.of()), 0.5, maxTrim, Duration.ofMinutes(15)));
    }

    @Test
    void tenthPercentileRoomStaysWarmAndPumpsStayInRangeThroughTheColdSnap() {
        Outcome outcome = simulate(site(10));
        System.out.printf("closed loop: lowest P10 after warm-up %.2f °C, highest trim %.2f, pump raises %d, final Hz %s%n",
                outcome.lowestP10(), outcome.highestTrim(), outcome.pumpRaises(), java.util.Arrays.toString(outcome.finalHz()));
        assertThat(outcome.lowestP10()).isGreaterThanOrEqualTo(18.0);
        assertThat(outcome.pumpRaises()).isPositive();
        assertThat(outcome.highestTrim()).isGreaterThan(1.0);
    }

    @Test
    void withoutTheRoomTrimTheSameBuildingGetsCold() {
        // shows the model is demanding enough for the first test to mean something
        assertThat(simulate(site(0)).lowestP10()).isLessThan(18.0);
    }

    private record Outcome(double lowestP10, double highestTrim, int pumpRaises, double[] finalHz) { }

    /** Runs five simulated days; asserts on the way that no pump leaves its range. */
    private static Outcome simulate(ControlSettings settings) {
        ControlEngine engine = new ControlEngine(settings);
        Limits pumpLimits = settings.pump().limits();

        Random random = new Random(42);
        double[][] ratio = new double[ZONES][ROOMS_PER_ZONE];
        double[][] room = new double[ZONES][ROOMS_PER_ZONE];
        for (int z = 0; z < ZONES; z++) {
            double zoneFactor = z == 0 ? 0.95 : 1.0; // zone 0 is the weak one
            for (int i = 0; i < ROOMS_PER_ZONE; i++) {
                ratio[z][i] = 38.0 / Math.pow(57, 1.3) * zoneFactor * (0.94 + 0.12 * random.nextDouble());
                room[z][i] = 19;
            }
        }
        double[] pumpHz = {40, 40, 40, 40};
        double supplyActual = 55;
        double supplySetpoint = 55;
        ControlState state = ControlState.initial();

        double lowestP10 = Double.MAX_VALUE;
        double highestTrim = 0;
        int pumpRaises = 0;
        int cycles = (int) (Duration.ofHours(5 * 24).toMinutes() / CYCLE.toMinutes());
        for (int cycle = 0; cycle < cycles; cycle++) {
            Instant now = START.plus(CYCLE.multipliedBy(cycle));
            double hours = cycle * CYCLE.toMinutes() / 60.0;
            // building: one-minute Euler steps over the cycle
            for (int minute = 0; minute < CYCLE.toMinutes(); minute++) {
                double t = hours + minute / 60.0;
                double outdoor = outdoorAt(t);
                supplyActual += (supplySetpoint - supplyActual) * (1 - Math.exp(-1.0 / 10));
                for (int z = 0; z < ZONES; z++) {
                    double pumpEffect = Math.pow(pumpHz[z] / 40, 0.3);
                    for (int i = 0; i < ROOMS_PER_ZONE; i++) {
                        double radiator = ratio[z][i] * pumpEffect * Math.pow(Math.max(0, supplyActual - room[z][i]), 1.3);
                        double dTdt = (radiator - (room[z][i] - outdoor)) / 10;
                        room[z][i] += dTdt / 60;
                    }
                }
            }
            // the hub's view
            List<ForecastPoint> forecast = new ArrayList<>();
            for (int h = 1; h <= 72; h++) {
                forecast.add(new ForecastPoint(now.plus(Duration.ofHours(h)), outdoorAt(hours + h)));
            }
            Map<String, List<Sample>> rooms = new LinkedHashMap<>();
            Map<String, Double> pumps = new LinkedHashMap<>();
            List<Double> all = new ArrayList<>();
            for (int z = 0; z < ZONES; z++) {
                List<Sample> samples = new ArrayList<>();
                for (int i = 0; i < ROOMS_PER_ZONE; i++) {
                    samples.add(Sample.good(Math.round(room[z][i] * 10) / 10.0, now.minusSeconds(60)));
                    all.add(room[z][i]);
                }
                rooms.put("zone-" + z, samples);
                pumps.put("zone-" + z, pumpHz[z]);
            }
            Snapshot snapshot = new Snapshot(List.of(Sample.good(outdoorAt(hours), now.minusSeconds(30))), forecast, rooms,
                    pumps, OptionalDouble.of(supplySetpoint), OptionalDouble.empty());
            ControlEngine.Result result = engine.cycle(snapshot, state, now);
            state = result.state();
            supplySetpoint = result.decision(ControlEngine.SUPPLY).orElseThrow().value().getAsDouble();
            for (int z = 0; z < ZONES; z++) {
                Decision pump = result.decision(ControlEngine.PUMP_PREFIX + "zone-" + z).orElseThrow();
                if (pump.action() == Decision.Action.SET) {
                    if (pump.value().getAsDouble() > pumpHz[z]) {
                        pumpRaises++;
                    }
                    pumpHz[z] = pump.value().getAsDouble();
                }
                assertThat(pumpLimits.contains(pumpHz[z])).as("pump %d at %s Hz", z, pumpHz[z]).isTrue();
            }
            highestTrim = Math.max(highestTrim, state.trim().trim());
            if (hours >= 24) { // after warm-up
                double[] values = all.stream().mapToDouble(Double::doubleValue).toArray();
                double p10 = Percentile.nearestRank(values, values.length, 10);
                lowestP10 = Math.min(lowestP10, p10);
            }
        }
        return new Outcome(lowestP10, highestTrim, pumpRaises, pumpHz);
    }
}
