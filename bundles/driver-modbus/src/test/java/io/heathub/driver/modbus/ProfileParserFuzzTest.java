package io.heathub.driver.modbus;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.heathub.config.ConfigException;
import io.heathub.driver.modbus.profile.PointDefinition;
import io.heathub.driver.modbus.profile.Profile;
import io.heathub.driver.modbus.profile.ProfileParser;
import io.heathub.driver.modbus.profile.RegisterFunction;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

/**
 * The profile reader ({@code config/profiles/*.yaml}, picked up while the hub runs): any text gives a
 * profile or a {@link ConfigException} naming the file, never another exception; every profile it
 * accepts is one the driver can poll within the protocol: names unique (bit points included),
 * addresses 0..65535, writable limits ordered, and every planned read request within the profile's
 * and Modbus' counts (125 registers, 2000 bits). Seeds (the shipped profiles among them) in
 * {@code src/test/resources/io/heathub/driver/modbus/ProfileParserFuzzTestInputs/}; long run
 * {@code JAZZER_FUZZ=1 mvn test -Dtest=ProfileParserFuzzTest} (README).
 */
class ProfileParserFuzzTest {
    private static final String FILE = "config/profiles/fuzz.yaml";

    @FuzzTest(maxDuration = "3m")
    void acceptsOnlyPollableProfiles(byte[] input) {
        Profile profile = acceptedOrNull(new String(input, StandardCharsets.UTF_8));
        if (profile == null) {
            return;
        }
        Set<String> names = new HashSet<>();
        for (PointDefinition p : profile.points()) {
            assertThat(names.add(p.name())).as("point %s twice", p.name()).isTrue();
            p.bits().values().forEach(bit -> assertThat(names.add(bit)).as("bit point %s twice", bit).isTrue());
            assertThat(p.address()).isBetween(0, 0xFFFF);
            assertThat(p.end()).isLessThanOrEqualTo(0x10000);
            assertThat(p.scale().signum()).isNotZero();
            if (p.writable() && p.min() != null) {
                assertThat(p.min()).isLessThanOrEqualTo(p.max());
            }
        }
        for (ReadBlock block : ReadBlock.plan(profile.readableNames().values().stream().distinct().toList(),
                profile.limits())) {
            RegisterFunction f = block.function();
            int most = f.bits() ? RegisterFunction.MAX_BITS_PER_READ : RegisterFunction.MAX_REGISTERS_PER_READ;
            assertThat(block.count()).isBetween(1, Math.min(most, profile.limits().count(f)));
            assertThat(block.start()).isBetween(0, 0xFFFF);
            for (PointDefinition p : block.points()) {
                assertThat(p.address()).isGreaterThanOrEqualTo(block.start());
                assertThat(p.end()).isLessThanOrEqualTo(block.start() + block.count());
            }
        }
    }

    /** The profile, or null when refused with a {@link ConfigException} naming the file. */
    private static Profile acceptedOrNull(String yaml) {
        try {
            return ProfileParser.parse(FILE, yaml);
        } catch (ConfigException refused) {
            assertThat(refused.getMessage()).startsWith(FILE);
            assertThat(refused.file()).isEqualTo(FILE);
            return null;
        }
    }
}
