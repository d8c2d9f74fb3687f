package dev.pruneline.core.cli;

import dev.pruneline.core.CompressionException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Top command of compression-core's CLI. A {@link CompressionException} becomes one line on
 * stderr and exit code {@value #EXIT_BAD_INPUT}; usage errors exit with 2 as well (picocli's default).
 */
@Command(
        name = "pruneline-core",
        mixinStandardHelpOptions = true,
        description = "Offline model compression: train, prune, fine-tune and evaluate model bundles.",
        subcommands = {
            TrainCommand.class,
            PruneCommand.class,
            FineTuneCommand.class,
            EvaluateCommand.class,
            SensitivityCommand.class,
            BenchCommand.class,
            CompareCommand.class,
            EngineBenchCommand.class,
            ExportCommand.class
        })
public final class CoreCli implements Runnable {
    /** Exit code for bad input (a CompressionException). */
    public static final int EXIT_BAD_INPUT = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    /** A command line for {@code command} with pruneline's error handling. */
    public static CommandLine configure(CommandLine cmd) {
        return cmd.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof CompressionException) {
                commandLine.getErr().println("error: " + ex.getMessage());
                commandLine.getErr().flush();
                return EXIT_BAD_INPUT;
            }
            throw ex;
        });
    }

    /** Runs the CLI and returns the exit code. */
    public static int run(String... args) {
        return configure(new CommandLine(new CoreCli())).execute(args);
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }
}
