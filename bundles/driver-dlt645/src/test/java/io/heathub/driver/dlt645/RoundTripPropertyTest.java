package io.heathub.driver.dlt645;

import static org.assertj.core.api.Assertions.assertThat;

import io.heathub.api.Reading;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Encoding a meter's reply and decoding it gives back the same meter, point and exact value. */
class RoundTripPropertyTest {

    record Case(DataItem item, BigDecimal value) {
    }

    @Property(tries = 2000)
    void everySupportedIdentifierRoundTrips(@ForAll("cases") Case c, @ForAll("addresses") MeterAddress address,
                                            @ForAll @IntRange(min = 0, max = 8) int wakeUp) throws Exception {
        byte[] frame = Dlt645Codec.readReply(address, c.item(), c.value(), wakeUp);
        Reading reading = new Dlt645FrameDecoder().decode(frame, Map.of(), Instant.EPOCH).get(0);
        assertThat(reading.device()).isEqualTo(address.text());
        assertThat(reading.point()).isEqualTo(c.item().point());
        assertThat(reading.unit()).isEqualTo(c.item().unit());
        assertThat(reading.value()).isEqualByComparingTo(c.value());
        assertThat(reading.value().scale()).isEqualTo(c.item().decimals());
        assertThat(Dlt645Codec.frameLength(frame, frame.length)).isEqualTo(frame.length);
    }

    @Property(tries = 300)
    void readRequestsAndAddressRepliesRoundTrip(@ForAll("addresses") MeterAddress address,
                                                @ForAll @IntRange(min = 0, max = 8) int wakeUp) throws Exception {
        for (DataItem item : DataItem.values()) {
            Dlt645Frame request = Dlt645Codec.parse(Dlt645Codec.readRequest(address, item, wakeUp));
            assertThat(request.address()).isEqualTo(address);
            assertThat(request.control()).isEqualTo(0x11);
            assertThat(request.data()).isEqualTo(item.identifierBytes());
        }
        assertThat(Dlt645Codec.decodeReadAddressReply(Dlt645Codec.parse(Dlt645Codec.readAddressReply(address, wakeUp))))
                .isEqualTo(address);
    }

    @Provide
    Arbitrary<MeterAddress> addresses() {
        return Arbitraries.strings().numeric().ofLength(12).map(MeterAddress::new);
    }

    @Provide
    Arbitrary<Case> cases() {
        Arbitrary<DataItem> items = Arbitraries.of(DataItem.class);
        return items.flatMap(item -> {
            BigInteger max = item.maxMagnitude().unscaledValue();
            Arbitrary<BigInteger> magnitude = Arbitraries.oneOf(
                    Arbitraries.bigIntegers().between(BigInteger.ZERO, max),
                    Arbitraries.of(BigInteger.ZERO, BigInteger.ONE, max));
            Arbitrary<Boolean> negative = item.signed() ? Arbitraries.of(true, false) : Arbitraries.just(false);
            return Combinators.combine(magnitude, negative).as((m, neg) ->
                    new Case(item, new BigDecimal(neg ? m.negate() : m, item.decimals())));
        });
    }
}
