package io.heathub.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * The YAML loading of {@code site.yaml} and the profiles ({@link ConfigNode}) with every typed
 * getter the readers use: any text gives a tree or a {@link ConfigException} naming the file,
 * never another exception, never a hang (alias expansion and nesting are bounded); every getter
 * on every node gives its value or a located {@link ConfigException}; a duration accepted is at
 * most {@link Durations#MAX}. Seeds in
 * {@code src/test/resources/io/heathub/config/ConfigNodeFuzzTestInputs/} (the shipped site and
 * profiles among them); long run {@code JAZZER_FUZZ=1 mvn test -Dtest=ConfigNodeFuzzTest} (README).
 */
class ConfigNodeFuzzTest {
    private static final String FILE = "config/site.yaml";

    enum Kind { ONE_KIND, OTHER_KIND }

    @FuzzTest(maxDuration = "3m")
    void loadsOrGivesLocatedErrors(byte[] input) {
        ConfigNode root;
        try {
            root = ConfigNode.parse(FILE, new String(input, StandardCharsets.UTF_8));
        } catch (ConfigException refused) {
            assertThat(refused.file()).isEqualTo(FILE);
            assertThat(refused.getMessage()).startsWith(FILE);
            return;
        }
        walk(root, 0);
    }

    private static void walk(ConfigNode node, int depth) {
        assertThat(depth).isLessThan(200);
        assertThat(node.file()).isEqualTo(FILE);
        if (node.isMap()) {
            Map<String, ConfigNode> children;
            try {
                children = node.asMap();
                node.keys();
                node.rejectUnknownKeys(java.util.List.of("devices", "id", "pollInterval"));
            } catch (ConfigException e) {
                located(e);
                return;
            }
            for (Map.Entry<String, ConfigNode> child : children.entrySet()) {
                try {
                    node.opt(child.getKey());
                    node.duration(child.getKey(), Duration.ZERO);
                } catch (ConfigException e) {
                    located(e);
                }
                walk(child.getValue(), depth + 1);
            }
        } else if (node.isList()) {
            try {
                for (ConfigNode item : node.asList()) {
                    walk(item, depth + 1);
                }
            } catch (ConfigException e) {
                throw new AssertionError("asList of a list", e);
            }
        } else {
            scalar(node);
        }
    }

    private static void scalar(ConfigNode node) {
        try {
            node.asString();
        } catch (ConfigException e) {
            throw new AssertionError("asString of a scalar", e);
        }
        valueOrLocated(node::asInt);
        valueOrLocated(node::asBoolean);
        valueOrLocated(node::asDouble);
        valueOrLocated(() -> node.asEnum(Kind.class));
        valueOrLocated(() -> assertThat(node.asDecimal()).isNotNull());
        valueOrLocated(() -> assertThat(node.asDuration()).isLessThanOrEqualTo(Durations.MAX));
    }

    /** A typed getter: its value, or a located {@link ConfigException}. */
    private static void valueOrLocated(Getter getter) {
        try {
            getter.get();
        } catch (ConfigException e) {
            located(e);
        }
    }

    @FunctionalInterface
    private interface Getter {
        Object get() throws ConfigException;
    }

    private static void located(ConfigException e) {
        assertThat(e.file()).isEqualTo(FILE);
        assertThat(e.line()).isPositive();
        assertThat(e.getMessage()).hasSizeLessThan(64 * 1024);
    }
}
