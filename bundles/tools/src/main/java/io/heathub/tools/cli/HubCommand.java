package io.heathub.tools.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** What {@code status} and {@code write} share: the running hub's address and credentials, table or JSON output. */
abstract class HubCommand implements Callable<Integer> {
    final PrintStream out;
    final PrintStream err;
    final ObjectMapper json = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Mixin
    HubConnection hub;

    @Option(names = "--format", paramLabel = "table|json", description = "table (default): for people; json: the hub's answers")
    Rows.Format format = Rows.Format.TABLE;

    HubCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** Refuses the formats of other commands (yaml, csv). */
    void checkFormat() {
        if (format != Rows.Format.TABLE && format != Rows.Format.JSON) {
            throw Heathub.usage(spec, "--format: " + spec.name() + " prints table or json");
        }
    }
}
