package io.heathub.control;

import io.heathub.api.Quality;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Builders;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

import static org.assertj.core.api.Assertions.assertThat;

/** For any finite inputs, over several chained cycles, every output stays within its limits. */
class ControlEngineLimitsTest {

    private static final Instant START = Instant.parse("2026-11-01T00:00:00Z");
    private static final ControlSettings SETTINGS = ControlSettings.defaults();

    /** One cycle's random inputs. */
    record CycleInput(long stepSeconds, List<Sample> outdoor, List<ForecastPoint> forecast,
                      Map<String, List<Sample>> rooms, Map<String, Double> pumps, OptionalDouble supply,
                      OptionalDouble load, OptionalDouble flow, List<Household> households) { }

    @Property(tries = 200)
    void everyOutputStaysWithinItsLimits(@ForAll("cycles") @Size(min = 1, max = 8) List<CycleInput> cycles,
                                         @ForAll boolean extrapolatingCurve, @ForAll("startDays") Instant start) {
        ControlEngine engine = new ControlEngine(SETTINGS.withCurve(
                new QualityRegulationCurve(18, -7.6, 75, 50, 0.3, 18, extrapolatingCurve)));
        ControlState state = ControlState.initial();
        Instant now = start;
        for (CycleInput input : cycles) {
            now = now.plusSeconds(input.stepSeconds());
            // sample times are generated relative to START: move them to this cycle
            Duration shift = Duration.between(START, now);
            Map<String, List<Sample>> rooms = new LinkedHashMap<>();
            input.rooms().forEach((zone, samples) -> rooms.put(zone, shifted(samples, shift)));
            List<ForecastPoint> forecast = input.forecast().stream()
                    .map(p -> new ForecastPoint(p.time().plus(shift), p.temperature())).toList();
            List<Household> households = input.households().stream()
                    .map(h -> new Household(h.id(), h.zone(), h.room().map(r -> new Sample(r.value(), r.time().plus(shift),
                            r.quality())), h.program(), h.valve())).toList();
            Snapshot snapshot = new Snapshot(shifted(input.outdoor(), shift), forecast, rooms, input.pumps(),
                    input.supply(), input.load(), input.flow(), households);
            ControlEngine.Result result = engine.cycle(snapshot, state, now);
            for (Decision decision : result.decisions()) {
                assertThat(decision.reason()).isNotBlank();
                if (decision.value().isEmpty()) {
                    assertThat(decision.action()).isEqualTo(Decision.Action.HOLD);
                    continue;
                }
                double value = decision.value().getAsDouble();
                Limits limits = limitsOf(decision.output());
                assertThat(limits.contains(value)).as("%s = %s within %s", decision.output(), value, limits).isTrue();
            }
            assertThat(Math.abs(result.state().trim().trim())).isLessThanOrEqualTo(SETTINGS.room().maxTrim());
            state = result.state();
        }
    }

    private static List<Sample> shifted(List<Sample> samples, Duration shift) {
        return samples.stream().map(s -> new Sample(s.value(), s.time().plus(shift), s.quality())).toList();
    }

    private static Limits limitsOf(String output) {
        if (output.startsWith(ThermostatRule.PREFIX)) {
            return output.endsWith("/setpoint") ? ThermostatSettings.defaults().setpointBounds() : new Limits(0, 100);
        }
        if (output.equals(ControlEngine.SUPPLY)) {
            return SETTINGS.supply().limits();
        }
        if (output.equals(ControlEngine.SOURCE_LOAD)) {
            return SETTINGS.source().limits();
        }
        if (output.equals(ControlEngine.SOURCE_FLOW)) {
            return SETTINGS.flow().limits();
        }
        return SETTINGS.pump().limits();
    }

    /** Finite doubles, from ordinary to extreme. */
    private static Arbitrary<Double> anyFinite() {
        return Arbitraries.oneOf(
                Arbitraries.doubles().between(-40, 40),
                Arbitraries.doubles().between(-1e6, 1e6),
                Arbitraries.of(-Double.MAX_VALUE, Double.MAX_VALUE, -Double.MIN_VALUE, 0.0, 1e300, -1e300));
    }

    private static Arbitrary<Sample> samples() {
        return Combinators.combine(anyFinite(), Arbitraries.longs().between(-7200, 600),
                        Arbitraries.of(Quality.class).injectDuplicates(0.7))
                .as((value, offset, quality) -> new Sample(value, START.plusSeconds(offset), quality));
    }

    /** Off, test, season and extension-free days of the default calendar, and their edges. */
    @Provide
    Arbitrary<Instant> startDays() {
        return Arbitraries.of(START, Instant.parse("2026-11-07T15:59:00Z"), Instant.parse("2026-11-14T15:59:00Z"),
                Instant.parse("2027-01-15T00:00:00Z"), Instant.parse("2027-03-15T15:59:00Z"), Instant.parse("2027-07-01T00:00:00Z"));
    }

    @Provide
    Arbitrary<List<CycleInput>> cycles() {
        Arbitrary<Map<String, List<Sample>>> rooms = Arbitraries.maps(Arbitraries.of("z1", "z2", "z3"),
                samples().list().ofMaxSize(25)).ofMaxSize(3).map(LinkedHashMap::new);
        Arbitrary<Map<String, Double>> pumps = Arbitraries.maps(Arbitraries.of("z1", "z2", "z4"), anyFinite()).ofMaxSize(3);
        Arbitrary<OptionalDouble> current = anyFinite().map(OptionalDouble::of).injectNull(0.2)
                .map(value -> value == null ? OptionalDouble.empty() : value);
        Arbitrary<ForecastPoint> forecast = Combinators.combine(Arbitraries.longs().between(-3600, 72 * 3600), anyFinite())
                .as((offset, temperature) -> new ForecastPoint(START.plusSeconds(offset), temperature));
        Arbitrary<ThermostatProgram> programs = Arbitraries.oneOf(anyFinite().map(ThermostatProgram.ByTemperature::new),
                anyFinite().map(ThermostatProgram.ByFlow::new));
        Arbitrary<Household> household = Combinators.combine(Arbitraries.of("h1", "h2", "h3"), Arbitraries.of("z1", "z4"),
                        samples().optional(), programs, current)
                .as((id, zone, room, program, valve) -> new Household(id, zone, room, program, valve));
        Arbitrary<List<Household>> households = household.list().ofMaxSize(3).uniqueElements(Household::id);
        Arbitrary<CycleInput> input = Builders.withBuilder(() -> new Object[9])
                .use(Arbitraries.longs().between(0, Duration.ofHours(1).toSeconds())).in((a, v) -> { a[0] = v; return a; })
                .use(samples().list().ofMaxSize(4)).in((a, v) -> { a[1] = v; return a; })
                .use(forecast.list().ofMaxSize(6)).in((a, v) -> { a[2] = v; return a; })
                .use(rooms).in((a, v) -> { a[3] = v; return a; })
                .use(pumps).in((a, v) -> { a[4] = v; return a; })
                .use(current).in((a, v) -> { a[5] = v; return a; })
                .use(current).in((a, v) -> { a[6] = v; return a; })
                .use(current).in((a, v) -> { a[7] = v; return a; })
                .use(households).in((a, v) -> { a[8] = v; return a; })
                .build(ControlEngineLimitsTest::toInput);
        return input.list();
    }

    @SuppressWarnings("unchecked")
    private static CycleInput toInput(Object[] a) {
        return new CycleInput((Long) a[0], (List<Sample>) a[1], (List<ForecastPoint>) a[2],
                (Map<String, List<Sample>>) a[3], (Map<String, Double>) a[4], (OptionalDouble) a[5], (OptionalDouble) a[6],
                (OptionalDouble) a[7], (List<Household>) a[8]);
    }
}
