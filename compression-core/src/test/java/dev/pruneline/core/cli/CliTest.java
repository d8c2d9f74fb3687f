package dev.pruneline.core.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Base of the CLI tests: runs the core command line in-process and keeps what it printed. */
abstract class CliTest {
    protected final StringWriter out = new StringWriter();
    protected final StringWriter err = new StringWriter();

    /** Runs {@code args} through {@link CoreCli}'s configured command line; returns the exit code. */
    protected int run(String... args) {
        CommandLine cmd = CoreCli.configure(new CommandLine(new CoreCli()));
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        return cmd.execute(args);
    }
}
