package io.heathub.tools.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The conventions of the whole command tree, checked on every command and subcommand found in it
 * (a command added later is checked too): {@code --help} exits 0 with the usage on standard output
 * only; a usage error exits 2 with one line and a hint on standard error only; one option name
 * means one kind of value everywhere.
 */
class HeathubCliTest {
    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    /** Every command path of the tree, e.g. [read], [modbus, scan], [user, add]; "help" is picocli's. */
    private static List<List<String>> commands() {
        List<List<String>> paths = new ArrayList<>();
        collect(Heathub.tree(System.out, System.err), new ArrayList<>(), paths);
        return paths;
    }

    private static void collect(CommandLine line, List<String> path, List<List<String>> paths) {
        line.getSubcommands().forEach((name, sub) -> {
            if (name.equals("help")) {
                return;
            }
            List<String> here = new ArrayList<>(path);
            here.add(name);
            paths.add(here);
            collect(sub, here, paths);
        });
    }

    @Test
    void theTreeHasEveryCommand() {
        assertThat(commands()).extracting(p -> String.join(" ", p)).containsExactlyInAnyOrder(
                "check", "decode", "read", "scan", "simulate", "simulate-device",
                "user", "user add", "user passwd", "user remove", "user list",
                "token", "token create", "token revoke", "token list",
                "version", "status", "write", "stop", "modbus", "modbus read", "modbus write", "modbus scan");
    }

    @TestFactory
    Stream<DynamicTest> helpExitsZeroOnStandardOutput() {
        return commands().stream().map(path -> DynamicTest.dynamicTest(String.join(" ", path) + " --help", () -> {
            List<String> args = new ArrayList<>(path);
            args.add("--help");
            CliRun help = run(args.toArray(String[]::new));
            assertThat(help.exit()).isZero();
            assertThat(help.out()).startsWith("usage: heathub " + String.join(" ", path)).contains("-h, --help");
            assertThat(help.err()).isEmpty();
        }));
    }

    @TestFactory
    Stream<DynamicTest> aUsageErrorIsOneLineOnStandardErrorAndExitsTwo() {
        return commands().stream().map(path -> DynamicTest.dynamicTest(String.join(" ", path) + " --no-such-option", () -> {
            List<String> args = new ArrayList<>(path);
            args.add("--no-such-option");
            CliRun bad = run(args.toArray(String[]::new));
            String name = "heathub " + String.join(" ", path);
            assertThat(bad.exit()).isEqualTo(2);
            assertThat(bad.out()).isEmpty();
            List<String> lines = bad.err().lines().toList();
            assertThat(lines).hasSize(2).last().isEqualTo("try '" + name + " --help'");
            // a command with required arguments names those first
            assertThat(lines.get(0)).matches(java.util.regex.Pattern.quote(name)
                    + ": (Unknown option: '--no-such-option'|Missing required parameters?: '[A-Z]+'.*)");
        }));
    }

    @Test
    void helpAlsoAsACommandAndTheRootAlone() {
        CliRun help = run("help", "modbus");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).startsWith("usage: heathub modbus [-h] COMMAND").contains("read", "write", "scan");
        CliRun root = run();
        assertThat(root.exit()).isEqualTo(2);
        assertThat(root.err().lines().toList()).hasSize(2).first().asString().startsWith("heathub: a command is needed");
        CliRun unknown = run("stauts");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("heathub: Unmatched argument at index 0: 'stauts'").contains("status");
        assertThat(unknown.err().lines().count()).isEqualTo(2);
    }

    @Test
    void missingValuesAndBadValuesAreUsageErrorsNamingTheOption() {
        CliRun noValue = run("read", "--driver");
        assertThat(noValue.exit()).isEqualTo(2);
        assertThat(noValue.err()).startsWith("heathub read: Missing required parameter for option '--driver'");
        CliRun badFormat = run("scan", "--driver", "modbus", "--bus", "tcp://127.0.0.1:1", "--format", "xml");
        assertThat(badFormat.exit()).isEqualTo(2);
        assertThat(badFormat.err()).startsWith("heathub scan: Invalid value for option '--format'");
        CliRun twice = run("simulate", "--hours", "1", "--hours", "2");
        assertThat(twice.exit()).isEqualTo(2);
        assertThat(twice.err()).contains("--hours").contains("should be specified only once");
        CliRun badUnit = run("modbus", "read", "--bus", "tcp://127.0.0.1:1", "--unit", "300", "--address", "0");
        assertThat(badUnit.exit()).isEqualTo(2);
        assertThat(badUnit.err()).startsWith("heathub modbus read: --unit: unit 300 is not a Modbus unit id");
        CliRun badValue = run("write", "panel-001", "setpoint.room", "warm");
        assertThat(badValue.exit()).isEqualTo(2);
        assertThat(badValue.err()).startsWith("heathub write: VALUE must be a number (or true/false), got \"warm\"");
        CliRun missing = run("write", "panel-001");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).startsWith("heathub write: Missing required parameters: 'POINT', 'VALUE'");
    }

    /** {@code --config DIR} in one command and {@code --config FOLDER} in another would be a new thing to learn. */
    @Test
    void oneOptionNameTakesOneKindOfValueEverywhere() {
        Map<String, Set<String>> labels = new HashMap<>();
        walk(Heathub.tree(System.out, System.err), labels);
        labels.remove("--format"); // each command lists the formats it prints
        labels.forEach((name, found) -> assertThat(found).as(name).hasSize(1));
        assertThat(labels).containsKeys("--config", "--bus", "--timeout", "--set", "--unit", "--address", "--data");
        labels.keySet().forEach(name -> assertThat(name).matches("--[a-z0-9]+(-[a-z0-9]+)*"));
    }

    private static void walk(CommandLine line, Map<String, Set<String>> labels) {
        for (OptionSpec option : line.getCommandSpec().options()) {
            if (!option.usageHelp() && option.arity().max() > 0) {
                labels.computeIfAbsent(option.longestName(), k -> new TreeSet<>()).add(option.paramLabel());
            }
        }
        line.getSubcommands().values().forEach(sub -> walk(sub, labels));
    }

    /**
     * The distribution may lack a jar a command is built on (the Modbus driver taken out of
     * bundle/ to be hot-deployed): the tree still starts — check runs before every start — and the
     * commands that need it say so in one line.
     */
    @Test
    void aCommandWhoseJarIsMissingIsAStandIn() throws Exception {
        java.util.List<java.net.URL> kept = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (!entry.contains("driver-modbus")) {
                kept.add(java.nio.file.Path.of(entry).toUri().toURL());
            }
        }
        assertThat(kept).as("the class path has the Modbus driver to leave out").hasSizeLessThan(
                System.getProperty("java.class.path").split(java.io.File.pathSeparator).length);
        try (java.net.URLClassLoader withoutDriver = new java.net.URLClassLoader(kept.toArray(java.net.URL[]::new),
                ClassLoader.getPlatformClassLoader())) {
            java.lang.reflect.Method execute = withoutDriver.loadClass(Heathub.class.getName())
                    .getMethod("execute", java.io.PrintStream.class, java.io.PrintStream.class, String[].class);
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
            java.io.PrintStream o = new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8);
            java.io.PrintStream e = new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8);
            assertThat(execute.invoke(null, o, e, new String[] {"modbus", "read", "--unit", "1"})).isEqualTo(1);
            assertThat(err.toString(java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("heathub modbus: it needs "
                    + "io.heathub.driver.modbus.profile.DataType$NotBcdException, which is not on the class path"
                    + " (a jar missing from bundle/ or deploy/)\n");
            assertThat(execute.invoke(null, o, e, new String[] {"version"})).isEqualTo(0);
            assertThat(execute.invoke(null, o, e, new String[] {"--help"})).isEqualTo(0);
            assertThat(out.toString(java.nio.charset.StandardCharsets.UTF_8))
                    .contains("simulate-device  not available here: it needs io.heathub.driver.modbus.")
                    .contains("decode           Decode one reply frame");
        }
    }

    @Test
    void versionNamesTheHubJavaAndSystem() {
        CliRun version = run("version");
        assertThat(version.exit()).isZero();
        List<String> lines = version.out().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).matches("heathub \\d+\\.\\d+\\.\\d+.*").doesNotContain("unknown");
        assertThat(lines.get(1)).startsWith("Java " + Runtime.version().feature());
        assertThat(lines.get(2)).startsWith("OS " + System.getProperty("os.name"));
    }

    @Test
    void statusAndWriteSayWhenNoHubAnswers() {
        int closed = io.heathub.testkit.FreePorts.tcp();
        CliRun status = run("status", "--url", "http://127.0.0.1:" + closed);
        assertThat(status.exit()).isEqualTo(1);
        assertThat(status.err()).isEqualTo("heathub status: no hub answers at http://127.0.0.1:" + closed
                + " (is it running? --url or HEATHUB_HTTP_PORT)\n");
        CliRun write = run("write", "--url", "http://127.0.0.1:" + closed, "plc-1", "setpoint.supply", "65");
        assertThat(write.exit()).isEqualTo(1);
        assertThat(write.err()).startsWith("heathub write: no hub answers");
        CliRun badUrl = run("status", "--url", "ftp://hub");
        assertThat(badUrl.exit()).isEqualTo(2);
        assertThat(badUrl.err()).startsWith("heathub status: --url \"ftp://hub\" is not the hub's address");
    }
}
