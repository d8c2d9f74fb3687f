package dev.pruneline.core.cli;

import dev.pruneline.core.bundle.ModelBundle;
import dev.pruneline.core.bundle.ModelJson;
import dev.pruneline.core.data.SampleData;
import dev.pruneline.core.job.CompressionJobs;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code train --arch lenet5 --data DIR --epochs N [--seed S] --out DIR}. */
@Command(name = "train", mixinStandardHelpOptions = true, description = "Train an architecture from scratch.")
public final class TrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--arch", required = true, description = "architecture: lenet5, vgg-small, resnet8 or wrn8-2")
    String arch;

    @Option(names = "--data", required = true, description = "data folder, or 'sample'")
    String data;

    @Option(names = "--epochs", defaultValue = "2", description = "epochs (default ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--seed", defaultValue = "42", description = "seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--out", required = true, description = "output bundle folder")
    Path out;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Override
    public Integer call() {
        Path dir = CompressionJobs.train(
                arch,
                SampleData.resolve(data),
                epochs,
                seed,
                out,
                new ProgressPrinter(spec.commandLine().getErr()));
        if (json) {
            Map<String, Object> o = new LinkedHashMap<>(
                    ModelJson.read(dir.resolve(ModelBundle.MODEL_JSON)).metrics());
            o.put("bundle", dir.toString());
            Json.print(spec.commandLine().getOut(), o);
        } else {
            spec.commandLine().getOut().println("bundle written to " + dir);
            spec.commandLine().getOut().flush();
        }
        return 0;
    }
}
