package io.heathub.tools.etc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every configuration PID in the bundles' sources ships {@code distribution/src/main/dist/etc/<pid>.cfg},
 * and every key in each file is one the component reads (its {@code @Designate} metatype interface),
 * each with a comment saying what it is. Read from the sources, so a new PID or key cannot be missed.
 */
class ShippedConfigTest {
    static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();
    static final Path ETC = ROOT.resolve("distribution/src/main/dist/etc");
    /** Files that set their keys for the demo or an environment override; every other file is all comments. */
    static final Set<String> ACTIVE_LINES_ALLOWED = Set.of("io.heathub.simulator", "io.heathub.forward.mqtt",
            "io.heathub.forward.kafka");
    private static final Pattern PID = Pattern.compile("configurationPid\\s*=\\s*(?:\"([^\"]+)\"|(\\w+)\\.PID)");
    private static final Pattern OCD = Pattern.compile("@Designate\\(ocd\\s*=\\s*([\\w.]+)\\.class");
    private static final Pattern ATTRIBUTE = Pattern.compile("^\\s*[\\w.<>\\[\\]]+\\s+(\\w+)\\(\\)\\s*default\\b",
            Pattern.MULTILINE);
    private static final Pattern KEY_LINE = Pattern.compile("^#?([A-Za-z][A-Za-z0-9_.]*)\\s*=");

    /** PID → the keys its components read, from the sources. */
    static final Map<String, Set<String>> READ = new TreeMap<>();

    @BeforeAll
    static void readSources() throws IOException {
        List<Path> sources;
        try (Stream<Path> walk = Files.walk(ROOT.resolve("bundles"))) {
            sources = walk.filter(p -> p.toString().endsWith(".java") && p.toString().contains("/src/main/java/"))
                    .toList();
        }
        for (Path file : sources) {
            String text = Files.readString(file);
            Matcher pid = PID.matcher(text);
            while (pid.find()) {
                String name = pid.group(1) != null ? pid.group(1)
                        : constant(file.resolveSibling(pid.group(2) + ".java"), "PID");
                Set<String> keys = READ.computeIfAbsent(name, k -> new TreeSet<>());
                Matcher ocd = OCD.matcher(text);
                if (ocd.find()) {
                    keys.addAll(attributes(file, ocd.group(1)));
                }
            }
        }
    }

    private static String constant(Path file, String name) throws IOException {
        Matcher m = Pattern.compile(name + "\\s*=\\s*\"([^\"]+)\"").matcher(Files.readString(file));
        assertThat(m.find()).as(name + " in " + file).isTrue();
        return m.group(1);
    }

    /** The attribute methods of {@code @interface type}: nested ({@code Outer.Config}) or its own file. */
    private static List<String> attributes(Path componentFile, String type) throws IOException {
        String simple = type.substring(type.lastIndexOf('.') + 1);
        String path = componentFile.toString();
        Path sourceRoot = Path.of(path.substring(0, path.indexOf("/src/main/java/") + "/src/main/java/".length()));
        Path own;
        try (Stream<Path> walk = Files.walk(sourceRoot)) {
            own = walk.filter(p -> p.getFileName().toString().equals(simple + ".java")).findFirst().orElse(componentFile);
        }
        String text = Files.readString(own);
        int start = text.indexOf("@interface " + simple);
        assertThat(start).as("@interface " + simple + " for " + componentFile).isNotNegative();
        int depth = 0;
        int end = text.indexOf('{', start);
        for (int i = end; i < text.length(); i++) {
            char c = text.charAt(i);
            depth += c == '{' ? 1 : c == '}' ? -1 : 0;
            if (depth == 0) {
                end = i;
                break;
            }
        }
        List<String> keys = new ArrayList<>();
        Matcher m = ATTRIBUTE.matcher(text.substring(start, end));
        while (m.find()) {
            keys.add(m.group(1));
        }
        return keys;
    }

    @Test
    void theSourcesWereRead() {
        assertThat(READ).containsKeys("io.heathub.core", "io.heathub.web", "io.heathub.store", "io.heathub.forward.mqtt");
        assertThat(READ.get("io.heathub.core")).contains("configDir", "driverCallDeadline");
        assertThat(READ.get("io.heathub.store")).contains("syncMode", "staleCursorAfter");
    }

    @Test
    void everyPidShipsItsCfg() throws IOException {
        Set<String> shipped = new TreeSet<>();
        try (Stream<Path> files = Files.list(ETC)) {
            files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("io.heathub.") && n.endsWith(".cfg"))
                    .forEach(n -> shipped.add(n.substring(0, n.length() - 4)));
        }
        assertThat(shipped).as("etc/*.cfg of heathub PIDs").isEqualTo(READ.keySet());
    }

    @Test
    void everyKeyInEachCfgIsReadAndEveryReadKeyIsDocumented() throws IOException {
        for (Map.Entry<String, Set<String>> pid : READ.entrySet()) {
            Path cfg = ETC.resolve(pid.getKey() + ".cfg");
            List<String> lines = Files.readAllLines(cfg);
            Set<String> inFile = new TreeSet<>();
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                Matcher key = KEY_LINE.matcher(line);
                if (!key.find()) {
                    assertThat(line).as(cfg.getFileName() + ":" + (i + 1) + " is a comment or blank")
                            .matches("(#.*)?");
                    continue;
                }
                String name = key.group(1);
                assertThat(pid.getValue()).as(cfg.getFileName() + ":" + (i + 1) + ": '" + name
                        + "' is not a key the component reads").contains(name);
                assertThat(inFile.add(name)).as(cfg.getFileName() + ":" + (i + 1) + ": '" + name + "' twice").isTrue();
                if (!line.startsWith("#")) {
                    assertThat(ACTIVE_LINES_ALLOWED).as(cfg.getFileName() + ":" + (i + 1)
                            + ": keys are commented out so the defaults apply").contains(pid.getKey());
                }
                assertThat(lines.stream().filter(l -> l.startsWith("# ")).anyMatch(l -> l.contains(name)))
                        .as(cfg.getFileName() + ": a comment says what '" + name + "' is").isTrue();
            }
            assertThat(inFile).as(cfg.getFileName() + " lists every key the component reads")
                    .isEqualTo(pid.getValue());
        }
    }
}
