package dev.pruneline.core.cli;

import dev.pruneline.core.job.CompressionJobs;
import dev.pruneline.core.job.PruneRequest;
import dev.pruneline.core.job.PruneResult;
import dev.pruneline.core.plan.Schedule;
import dev.pruneline.core.plan.TargetKind;
import dev.pruneline.core.report.HtmlReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code prune --model DIR --data DIR --criterion magnitude --granularity {weight|channel}
 * (--sparsity X | --macs-reduction X | --energy-reduction X) [--sensitivity] [--schedule oneshot|iterative] --out DIR}.
 */
@Command(
        name = "prune",
        mixinStandardHelpOptions = true,
        description = "Prune a bundle to a global target (sparsity, MACs or energy reduction).")
public final class PruneCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    BundleOptions bundle;

    @Option(names = "--criterion", defaultValue = "magnitude", description = "criterion (default ${DEFAULT-VALUE})")
    String criterion;

    @Option(
            names = "--granularity",
            defaultValue = "weight",
            description = "weight or channel (default ${DEFAULT-VALUE})")
    String granularity;

    @picocli.CommandLine.ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    /** Exactly one target. */
    static final class Target {
        @Option(names = "--sparsity", description = "share of conv/linear weights to remove, in [0, 1)")
        Double sparsity;

        @Option(names = "--macs-reduction", description = "share of MACs to remove, in [0, 1)")
        Double macs;

        @Option(names = "--energy-reduction", description = "share of estimated energy to remove, in [0, 1)")
        Double energy;
    }

    @Option(names = "--sensitivity", description = "spread the target over layers from sensitivity curves")
    boolean sensitivity;

    @Option(
            names = "--schedule",
            defaultValue = "auto",
            description = "auto (one shot for channels, and for weights where that costs at most 3 points of"
                    + " validation accuracy, else gradual within the epoch budget), oneshot or iterative (default"
                    + " ${DEFAULT-VALUE})")
    String schedule;

    @Option(
            names = "--epoch-budget",
            defaultValue = "2",
            description = "training epochs after the model is received, pruning rounds and fine-tuning together:"
                    + " the pruning spends at most this many less one, and `finetune` counts them (default"
                    + " ${DEFAULT-VALUE}, the default of `finetune --epochs`)")
    int epochBudget;

    @Option(
            names = "--lr",
            defaultValue = "0.001",
            description = "Adam learning rate of the epochs between gradual rounds (default ${DEFAULT-VALUE}, as a"
                    + " release)")
    double learningRate;

    @Option(names = "--param", description = "criterion parameter KEY=VALUE (repeatable)")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(names = "--seed", defaultValue = "42", description = "seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--out", required = true, description = "output bundle folder")
    Path out;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Override
    public Integer call() {
        TargetKind kind = target.sparsity != null
                ? TargetKind.SPARSITY
                : target.macs != null ? TargetKind.MACS : TargetKind.ENERGY;
        double amount = target.sparsity != null ? target.sparsity : target.macs != null ? target.macs : target.energy;
        PrintWriter err = spec.commandLine().getErr();
        Map<String, String> parameters = new LinkedHashMap<>(params);
        parameters.putIfAbsent("epoch_budget", Integer.toString(epochBudget));
        parameters.putIfAbsent("learning_rate", Double.toString(learningRate));
        PruneResult r = CompressionJobs.prune(
                PruneRequest.withTarget(
                        bundle.model,
                        bundle.dataDir(),
                        out,
                        criterion,
                        granularity,
                        kind,
                        amount,
                        Schedule.parse(schedule),
                        sensitivity,
                        parameters,
                        seed),
                new ProgressPrinter(err),
                ProgressPrinter.sensitivity(err));
        if (json) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("baseline", Json.metrics(r.baseline()));
            o.put("pruned", Json.metrics(r.pruned()));
            o.put("bundle", r.bundleDir().toString());
            o.put("report", r.reportFile().toString());
            o.put("report_html", r.reportFile().resolveSibling(HtmlReport.FILE).toString());
            o.put("engine_mode", r.engineMode());
            Json.print(spec.commandLine().getOut(), o);
        } else {
            spec.commandLine()
                    .getOut()
                    .printf(
                            "accuracy %.4f -> %.4f, MACs %d -> %d, parameters %d -> %d,"
                                    + " sparsity %.3f; bundle %s%n",
                            r.baseline().accuracy(),
                            r.pruned().accuracy(),
                            r.baseline().macs(),
                            r.pruned().macs(),
                            r.baseline().parameters(),
                            r.pruned().parameters(),
                            r.pruned().sparsity(),
                            r.bundleDir());
            spec.commandLine().getOut().flush();
        }
        return 0;
    }
}
