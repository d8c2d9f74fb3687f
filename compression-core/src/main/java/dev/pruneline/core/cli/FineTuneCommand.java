package dev.pruneline.core.cli;

import dev.pruneline.core.job.CompressionJobs;
import dev.pruneline.core.job.FineTuneRequest;
import dev.pruneline.core.job.FineTuneResult;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code finetune --model DIR --data DIR --epochs N --out DIR}: pruned weights stay zero. */
@Command(
        name = "finetune",
        mixinStandardHelpOptions = true,
        description = "Fine-tune a bundle, keeping pruned (zero) weights at zero.")
public final class FineTuneCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    BundleOptions bundle;

    @Option(
            names = "--epochs",
            defaultValue = "2",
            description = "epochs after pruning began: those the input's pruning trained (its gradual rounds) are"
                    + " taken off unless --no-count-pruning-epochs (default ${DEFAULT-VALUE}, as a release)")
    int epochs;

    @Option(
            names = "--count-pruning-epochs",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            description = "take the epochs the input's pruning trained off --epochs (default ${DEFAULT-VALUE})")
    boolean countPruningEpochs;

    @Option(
            names = "--lr",
            defaultValue = "0.001",
            description = "Adam learning rate (default ${DEFAULT-VALUE}, as a release)")
    double learningRate;

    @Option(names = "--seed", defaultValue = "42", description = "seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(
            names = "--schedule",
            defaultValue = CompressionJobs.FINE_TUNE_SCHEDULE,
            description = "learning-rate schedule: cosine, constant or step (default ${DEFAULT-VALUE}, as a release)")
    String schedule;

    @Option(
            names = "--patience",
            defaultValue = "0",
            description = "early stop after N epochs without better validation accuracy; 0 = off")
    int patience;

    @Option(
            names = "--distill",
            description = "distill from the original model (the pruned bundle's parent, or --teacher)")
    boolean distill;

    @Option(names = "--teacher", description = "teacher bundle for --distill")
    Path teacher;

    @Option(names = "--out", required = true, description = "output bundle folder")
    Path out;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    private Map<String, String> options() {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("schedule", schedule);
        o.put("patience", Integer.toString(patience));
        o.put("distill", Boolean.toString(distill));
        o.put("count_pruning_epochs", Boolean.toString(countPruningEpochs));
        if (teacher != null) {
            o.put("teacher", teacher.toAbsolutePath().toString());
        }
        return o;
    }

    @Override
    public Integer call() {
        FineTuneResult r = CompressionJobs.fineTune(
                new FineTuneRequest(bundle.model, bundle.dataDir(), out, epochs, learningRate, seed, options()),
                new ProgressPrinter(spec.commandLine().getErr()));
        if (json) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("before", Json.metrics(r.before()));
            o.put("after", Json.metrics(r.after()));
            o.put("epochs_run", r.epochsRun());
            o.put("bundle", r.bundleDir().toString());
            o.put("report", r.reportFile().toString());
            o.put("engine_mode", r.engineMode());
            Json.print(spec.commandLine().getOut(), o);
        } else {
            spec.commandLine()
                    .getOut()
                    .printf(
                            "accuracy %.4f -> %.4f after %d epoch(s); bundle %s%n",
                            r.before().accuracy(), r.after().accuracy(), r.epochsRun(), r.bundleDir());
            spec.commandLine().getOut().flush();
        }
        return 0;
    }
}
