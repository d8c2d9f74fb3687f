package dev.pruneline.launcher;

import dev.pruneline.core.cli.BenchCommand;
import dev.pruneline.core.cli.CompareCommand;
import dev.pruneline.core.cli.CoreCli;
import dev.pruneline.core.cli.EngineBenchCommand;
import dev.pruneline.core.cli.EvaluateCommand;
import dev.pruneline.core.cli.ExportCommand;
import dev.pruneline.core.cli.FineTuneCommand;
import dev.pruneline.core.cli.PruneCommand;
import dev.pruneline.core.cli.SensitivityCommand;
import dev.pruneline.core.cli.TrainCommand;
import dev.pruneline.launcher.bench.OnnxBenchCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code pruneline} command line: the offline engine commands of compression-core and the pipeline commands. */
@Command(
        name = "pruneline",
        mixinStandardHelpOptions = true,
        version = "pruneline 0.1.0",
        description = "Continuous model compression: prune, fine-tune and promote every model release.",
        subcommands = {
            DemoCommand.class,
            UpCommand.class,
            DownCommand.class,
            ReleaseCommand.class,
            StackRunCommand.class,
            TrainCommand.class,
            PruneCommand.class,
            FineTuneCommand.class,
            EvaluateCommand.class,
            SensitivityCommand.class,
            BenchCommand.class,
            CompareCommand.class,
            EngineBenchCommand.class,
            ExportCommand.class,
            OnnxBenchCommand.class,
            PromoteCommand.class,
            RollbackCommand.class,
            RetryCommand.class,
            ProductionCommand.class
        })
public final class PrunelineCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The command line with pruneline's error handling: domain errors become one line and exit code 2. */
    static CommandLine commandLine() {
        return CoreCli.configure(new CommandLine(new PrunelineCommand()));
    }
}
