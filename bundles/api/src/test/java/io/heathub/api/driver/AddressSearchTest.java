package io.heathub.api.driver;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The search's bookkeeping over an address space held in memory (meters answer the addresses that
 * end in the known digits, several answers are SEVERAL): which addresses are asked in which order,
 * progress, what is found at full depth, cancellation. The same search against simulated meters on
 * a line is in the simulator's LineScanTest.
 */
class AddressSearchTest {
    private final List<String> asked = new ArrayList<>();
    private final List<String> progress = new ArrayList<>();

    /** A line of meters with these exact addresses (12 digits). */
    private AddressSearch.Probe line(String... meters) {
        return low -> {
            asked.add(AddressSearch.pattern(6, low));
            List<String> reached = new ArrayList<>();
            for (String meter : meters) {
                if (meter.endsWith(low)) {
                    reached.add(meter);
                }
            }
            return reached.isEmpty() ? AddressSearch.Answer.nothing()
                    : reached.size() == 1 ? AddressSearch.Answer.one(new FoundDevice(reached.get(0), "meter"))
                    : AddressSearch.Answer.several(reached.size() + " replies mixed");
        };
    }

    private final Progress recording = (done, total, message) -> progress.add(done + "/" + total + " " + message);

    @Test
    void metersThatDifferInTheirLastByteAreFoundInOneLevel() throws Exception {
        List<FoundDevice> found = new ArrayList<>();
        AddressSearch.Result result = AddressSearch.below(6, 1, recording, found, line("640000000001", "640000000042"));
        assertThat(found).extracting(FoundDevice::address).containsExactly("640000000001", "640000000042");
        assertThat(result).isEqualTo(new AddressSearch.Result(true, 100, true));
        assertThat(asked).hasSize(100).startsWith("AAAAAAAAAA00", "AAAAAAAAAA01").endsWith("AAAAAAAAAA99");
        assertThat(progress.get(1)).isEqualTo("3/101 AAAAAAAAAA01: meter 640000000001, meter");
        assertThat(progress).last().isEqualTo("101/101 AAAAAAAAAA99: no meter");
    }

    @Test
    void twoMetersOnOneAddressAreACollisionAtFullDepthAndTheSearchGoesOn() throws Exception {
        List<FoundDevice> found = new ArrayList<>();
        AddressSearch.Result result = AddressSearch.below(6, 1, recording, found,
                line("640000000007", "640000000007", "650000000007", "640000000008"));
        assertThat(found).extracting(FoundDevice::address, FoundDevice::collision).containsExactly(
                org.assertj.core.groups.Tuple.tuple("640000000007", true),
                org.assertj.core.groups.Tuple.tuple("650000000007", false),
                org.assertj.core.groups.Tuple.tuple("640000000008", false));
        assertThat(found.get(0).description()).startsWith("collision: several meters share address 640000000007");
        // 07 collides at every level down to the last byte: 6 levels of 100
        assertThat(result.requests()).isEqualTo(600);
        assertThat(asked.subList(8, 10)).containsExactly("AAAAAAAA0007", "AAAAAA000007");
        assertThat(progress).last().isEqualTo("601/601 AAAAAAAAAA99: no meter");
        assertThat(progress).contains("9/201 AAAAAAAAAA07: several meters (3 replies mixed); narrowing",
                "10/301 AAAAAAAA0007: several meters (3 replies mixed); narrowing");
    }

    @Test
    void aCollisionThatNoNarrowerAddressAnswersIsReportedAndMetersIgnoringWildcardsAreTold() throws Exception {
        List<FoundDevice> found = new ArrayList<>();
        // meters that answer only the all-wildcard address: no address with a known byte is answered
        AddressSearch.Result result = AddressSearch.below(7, 1, recording, found, low -> AddressSearch.Answer.nothing());
        assertThat(result.firstAnswers()).isFalse();
        assertThat(found).isEmpty();

        // a node that collides but whose children are all silent (noise, mixed families)
        AddressSearch.Result partial = AddressSearch.below(6, 1, recording, found, low -> low.equals("12")
                ? AddressSearch.Answer.several("garbage") : AddressSearch.Answer.nothing());
        assertThat(partial.firstAnswers()).isTrue();
        assertThat(found).singleElement().satisfies(d -> {
            assertThat(d.collision()).isTrue();
            assertThat(d.address()).isEqualTo("AAAAAAAAAA12");
            assertThat(d.description()).contains("none a narrower address");
        });
    }

    @Test
    void cancellingStopsBetweenRequests() throws Exception {
        List<FoundDevice> found = new ArrayList<>();
        Progress cancelAfterFive = new Progress() {
            @Override
            public void update(long done, long total, String message) {
                progress.add(message);
            }

            @Override
            public boolean cancelled() {
                return progress.size() >= 5;
            }
        };
        AddressSearch.Result result = AddressSearch.below(6, 1, cancelAfterFive, found, line("640000000001", "640000000003"));
        assertThat(result.finished()).isFalse();
        assertThat(asked).hasSize(5);
        assertThat(found).extracting(FoundDevice::address).containsExactly("640000000001", "640000000003");
    }
}
