package io.heathub.tools.cli;

import io.heathub.tools.Decode;
import io.heathub.tools.Modbus;
import io.heathub.tools.Read;
import io.heathub.tools.Scan;
import io.heathub.tools.SimulateDevice;
import io.heathub.tools.access.TokenCommand;
import io.heathub.tools.access.UserCommand;
import io.heathub.tools.check.Check;
import io.heathub.tools.simulate.Simulate;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code bin/heathub COMMAND …}: every offline and remote command of the hub in one picocli
 * command tree, with one set of conventions: {@code -h}/{@code --help} prints the usage on
 * standard output and exits 0; a usage error prints one line ({@code heathub read: --driver is
 * required}) and {@code try 'heathub read --help'} on standard error and exits 2; a failure of the
 * work itself exits 1 with one line. Options are spelled alike in every command ({@code --config
 * DIR}, {@code --bus URI}, {@code --set KEY=VALUE}, {@code --format}, {@code --timeout}).
 */
@Command(name = "heathub", synopsisSubcommandLabel = "COMMAND",
        description = "The district-heating hub's command line. 'heathub start' (bin/heathub) runs the hub itself.")
public final class Heathub implements Callable<Integer> {
    /** Exit status of a usage error. */
    public static final int USAGE = 2;
    /** Exit status of work that failed (a device, a file, the hub did not answer as asked). */
    public static final int FAILED = 1;

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(System.out, System.err, args));
    }

    /** Runs {@code args} as {@code bin/heathub} would; the exit status. */
    public static int execute(PrintStream out, PrintStream err, String... args) {
        return tree(out, err).execute(args);
    }

    /** The whole command tree writing to {@code out} and {@code err}. */
    public static CommandLine tree(PrintStream out, PrintStream err) {
        CommandLine root = new CommandLine(new Heathub());
        add(root, "check", () -> new Check(out, err, Heathub.class.getClassLoader()));
        add(root, "decode", () -> new Decode(out, err));
        add(root, "read", () -> new Read(out, err));
        add(root, "scan", () -> new Scan(out, err));
        add(root, "simulate", () -> new Simulate(out, err));
        add(root, "simulate-device", () -> new SimulateDevice(out, err));
        add(root, "user", () -> UserCommand.standard(out, err));
        add(root, "token", () -> TokenCommand.standard(out, err));
        add(root, "version", () -> new Version(out));
        add(root, "status", () -> new Status(out, err));
        add(root, "write", () -> new Write(out, err));
        add(root, "stop", () -> new Stop(out, err));
        add(root, "modbus", () -> Modbus.tree(out, err));
        root.addSubcommand("help", new CommandLine.HelpCommand());
        return conventions(root, out, err);
    }

    /**
     * Adds a command unless a jar it is built on is missing from the class path (the Modbus driver
     * taken out of {@code bundle/} to be dropped into {@code deploy/} later): then a stand-in that
     * says which class is missing, so every other command — {@code check} before each start —
     * still works.
     */
    private static void add(CommandLine root, String name, Supplier<Object> command) {
        try {
            root.addSubcommand(name, command.get());
        } catch (LinkageError e) {
            CommandLine missing = new CommandLine(new Unavailable(e)).setCommandName(name);
            missing.getCommandSpec().usageMessage().description("not available here: " + Unavailable.missing(e));
            root.addSubcommand(name, missing);
        }
    }

    /** A command whose classes could not be loaded: any use is one line saying which, exit 1. */
    @Command(name = "unavailable")
    static final class Unavailable implements Callable<Integer> {
        private final LinkageError cause;

        @Spec
        CommandSpec spec;

        @CommandLine.Unmatched
        java.util.List<String> ignored;

        Unavailable(LinkageError cause) {
            this.cause = cause;
        }

        static String missing(LinkageError e) {
            return "it needs " + String.valueOf(e.getMessage()).replace('/', '.') + ", which is not on the class path"
                    + " (a jar missing from bundle/ or deploy/)";
        }

        @Override
        public Integer call() {
            spec.commandLine().getErr().println(spec.qualifiedName() + ": " + missing(cause));
            return FAILED;
        }
    }

    /**
     * One command on its own, named {@code heathub NAME} in its messages, with the conventions of
     * the tree: how a command's {@code run(String[])} (its tests, older callers) executes.
     */
    public static int executeOne(Object command, String name, PrintStream out, PrintStream err, String... args) {
        CommandLine line = new CommandLine(command);
        line.setCommandName("heathub " + name);
        return conventions(line, out, err).execute(args);
    }

    /** A usage error of the command {@code spec} belongs to: one line, exit 2. */
    public static ParameterException usage(CommandSpec spec, String problem) {
        return new ParameterException(spec.commandLine(), problem);
    }

    @Override
    public Integer call() {
        throw usage(spec, "a command is needed: check, decode, read, scan, modbus, status, write, version, …");
    }

    private static CommandLine conventions(CommandLine line, PrintStream out, PrintStream err) {
        addHelpOption(line);
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        line.setCaseInsensitiveEnumValuesAllowed(true);
        line.setParameterExceptionHandler((e, args) -> {
            CommandLine failed = e.getCommandLine();
            PrintWriter to = failed.getErr();
            to.println(failed.getCommandSpec().qualifiedName() + ": " + oneLine(e.getMessage()) + suggestion(e));
            to.println("try '" + failed.getCommandSpec().qualifiedName() + " --help'");
            return USAGE;
        });
        line.setExecutionExceptionHandler((e, failed, parsed) -> {
            // A bug, not the user's input: still one line, but say so.
            failed.getErr().println(failed.getCommandSpec().qualifiedName() + ": failed (please report): " + e);
            return FAILED;
        });
        return line;
    }

    /** {@code -h, --help} on every command and subcommand, and the usage's first word in lower case. */
    private static void addHelpOption(CommandLine line) {
        CommandSpec spec = line.getCommandSpec();
        spec.usageMessage().synopsisHeading("usage: ").optionListHeading("%noptions:%n")
                .parameterListHeading("%narguments:%n").commandListHeading("%ncommands:%n");
        if (spec.findOption("--help") == null && !(line.getCommand() instanceof CommandLine.HelpCommand)) {
            spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true)
                    .description("print this help on standard output and exit").build());
        }
        line.getSubcommands().values().forEach(Heathub::addHelpOption);
    }

    /** {@code  (did you mean 'status'?)} for a mistyped command or option, as the hub's other messages say it. */
    private static String suggestion(ParameterException e) {
        if (e instanceof CommandLine.UnmatchedArgumentException unmatched && !unmatched.getSuggestions().isEmpty()) {
            return " (did you mean '" + String.join("' or '", unmatched.getSuggestions().subList(0,
                    Math.min(3, unmatched.getSuggestions().size()))) + "'?)";
        }
        return "";
    }

    /** picocli's messages may span lines (suggestions); a usage error stays one line. */
    private static String oneLine(String message) {
        return message == null ? "bad arguments" : message.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
