package io.heathub.driver.cjt188;

import static org.assertj.core.api.Assertions.assertThat;

import io.heathub.api.Reading;
import io.heathub.api.SourceUnit;
import io.heathub.api.driver.FrameException;
import io.heathub.driver.cjt188.HeatReplies.Field;
import io.heathub.driver.cjt188.HeatReplies.HeatData;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import net.jqwik.api.constraints.NumericChars;

/** Encode a random heat meter reply, decode it, get the same values back. */
class Cjt188RoundTripPropertyTest {
    private static final List<SourceUnit> ENERGY = List.of(SourceUnit.WH, SourceUnit.KWH, SourceUnit.MWH,
            SourceUnit.MWH_100, SourceUnit.J, SourceUnit.KJ, SourceUnit.MJ, SourceUnit.GJ, SourceUnit.GJ_100);
    private static final List<SourceUnit> POWER = List.of(SourceUnit.W, SourceUnit.KW, SourceUnit.MW);
    private static final List<SourceUnit> FLOW = List.of(SourceUnit.LITRE_PER_HOUR, SourceUnit.CUBIC_METRE_PER_HOUR);
    private static final List<SourceUnit> VOLUME = List.of(SourceUnit.LITRE, SourceUnit.CUBIC_METRE);

    @Property(tries = 500)
    void heatMeterReplyRoundTrips(@ForAll @StringLength(14) @NumericChars String address,
                                  @ForAll @IntRange(min = 0, max = 255) int ser,
                                  @ForAll @IntRange(min = 0, max = 4) int wakeUp,
                                  @ForAll boolean unitBefore, @ForAll boolean swappedDi,
                                  @ForAll @IntRange(min = 0, max = 8) int flowDecimals,
                                  @ForAll("energy") Map.Entry<Long, SourceUnit> dueDay,
                                  @ForAll("energy") Map.Entry<Long, SourceUnit> heat,
                                  @ForAll("power") Map.Entry<Long, SourceUnit> power,
                                  @ForAll("flow") Map.Entry<Long, SourceUnit> flow,
                                  @ForAll("volume") Map.Entry<Long, SourceUnit> volume,
                                  @ForAll @IntRange(min = 0, max = 999_999) int supply,
                                  @ForAll @IntRange(min = 0, max = 999_999) int ret,
                                  @ForAll @IntRange(min = 0, max = 999_999) int hours,
                                  @ForAll("clock") LocalDateTime clock,
                                  @ForAll @IntRange(min = 0, max = 255) int status0,
                                  @ForAll @IntRange(min = 0, max = 255) int status1) throws FrameException {
        HeatData data = new HeatData(field(dueDay), field(heat), field(power), field(flow), field(volume),
                supply, ret, hours, clock, status0, status1);
        byte[] frame = HeatReplies.reply(wakeUp, address, ser, unitBefore, swappedDi, data);
        Map<String, String> settings = Map.of("unitPosition", unitBefore ? "before" : "after",
                "flowDecimals", Integer.toString(flowDecimals), "zone", "Asia/Shanghai");

        Map<String, Reading> r = new Cjt188FrameDecoder().decode(frame, settings, Instant.EPOCH).stream()
                .collect(Collectors.toMap(Reading::point, Function.identity()));

        assertThat(r).hasSize(11);
        assertValue(r, "heat.energy.dueDay", dueDay, 2);
        assertValue(r, "heat.energy", heat, 2);
        assertValue(r, "heat.power", power, 2);
        assertValue(r, "flow", flow, flowDecimals);
        assertValue(r, "volume", volume, 2);
        assertThat(r.get("temp.supply").value()).isEqualByComparingTo(BigDecimal.valueOf(supply, 2));
        assertThat(r.get("temp.return").value()).isEqualByComparingTo(BigDecimal.valueOf(ret, 2));
        assertThat(r.get("hours").value()).isEqualByComparingTo(BigDecimal.valueOf(hours));
        assertThat(r.get("status.valveClosed").value().intValue()).isEqualTo(status0 & 1);
        assertThat(r.get("status.valveFault").value().intValue()).isEqualTo((status0 >> 1) & 1);
        assertThat(r.get("status.batteryLow").value().intValue()).isEqualTo((status0 >> 2) & 1);
        Instant time = clock.atZone(ZoneId.of("Asia/Shanghai")).toInstant();
        assertThat(r.values()).allSatisfy(x -> {
            assertThat(x.time()).isEqualTo(time);
            assertThat(x.device()).isEqualTo(address);
        });
    }

    private static void assertValue(Map<String, Reading> r, String point, Map.Entry<Long, SourceUnit> sent, int decimals) {
        BigDecimal expected = sent.getValue().toCanonical(BigDecimal.valueOf(sent.getKey(), decimals));
        assertThat(r.get(point).value()).as(point).isEqualByComparingTo(expected);
        assertThat(r.get(point).unit()).as(point).isEqualTo(sent.getValue().canonical());
    }

    private static Field field(Map.Entry<Long, SourceUnit> value) {
        return new Field(value.getKey(), CurrentData.unitCode(value.getValue()));
    }

    private static Arbitrary<Map.Entry<Long, SourceUnit>> valueIn(List<SourceUnit> units) {
        return Combinators.combine(Arbitraries.longs().between(0, 99_999_999L), Arbitraries.of(units))
                .as(Map::entry);
    }

    @Provide
    Arbitrary<Map.Entry<Long, SourceUnit>> energy() {
        return valueIn(ENERGY);
    }

    @Provide
    Arbitrary<Map.Entry<Long, SourceUnit>> power() {
        return valueIn(POWER);
    }

    @Provide
    Arbitrary<Map.Entry<Long, SourceUnit>> flow() {
        return valueIn(FLOW);
    }

    @Provide
    Arbitrary<Map.Entry<Long, SourceUnit>> volume() {
        return valueIn(VOLUME);
    }

    @Provide
    Arbitrary<LocalDateTime> clock() {
        // Asia/Shanghai has had no DST since 1991, so every local time of these years exists once
        return Arbitraries.longs().between(0, 100L * 365 * 86_400)
                .map(s -> LocalDateTime.of(2000, 1, 1, 0, 0).plusSeconds(s));
    }
}
