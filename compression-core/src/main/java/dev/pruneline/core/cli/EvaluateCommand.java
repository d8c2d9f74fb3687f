package dev.pruneline.core.cli;

import dev.pruneline.core.data.SampleData;
import dev.pruneline.core.job.CompressionJobs;
import dev.pruneline.core.job.StepMetrics;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code evaluate --model DIR --data DIR [--json]}: test-split accuracy and cost of a bundle. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Measure a bundle: test accuracy, parameters, non-zeros, MACs.")
public final class EvaluateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, description = "bundle folder or zip")
    Path model;

    @Option(names = "--data", required = true, description = "data folder, or 'sample' for the bundled MNIST sample")
    String data;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Override
    public Integer call() {
        StepMetrics m = CompressionJobs.evaluate(model, SampleData.resolve(data));
        if (json) {
            Json.print(spec.commandLine().getOut(), Json.metrics(m));
        } else {
            spec.commandLine().getOut().printf("accuracy %.4f, parameters %d, non-zero %d, MACs %d, sparsity %.3f%n",
                    m.accuracy(), m.parameters(), m.nonzeroParameters(), m.macs(), m.sparsity());
            spec.commandLine().getOut().flush();
        }
        return 0;
    }
}
