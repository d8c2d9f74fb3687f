package dev.pruneline.core.cli;

import dev.pruneline.core.compare.ComparisonHtml;
import dev.pruneline.core.compare.ComparisonResult;
import dev.pruneline.core.compare.CriterionComparison;
import dev.pruneline.core.criteria.CriterionRegistry;
import dev.pruneline.core.plan.Schedule;
import dev.pruneline.core.plan.TargetKind;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code compare --model BUNDLE --data DIR --criteria all|a,b,c (--macs-reduction X | --sparsity X)
 * [--finetune-epochs N] [--json] [--html FILE]}: every criterion on one model at one target with one
 * fine-tuning budget, in one table; plus the channel rankings against the oracle and the random-search
 * record. Long: minutes on VGG-small (the oracle runs one pass per channel).
 */
@Command(
        name = "compare",
        mixinStandardHelpOptions = true,
        description = "Prune one model with every criterion to one target, fine-tune each alike, print the table.")
public final class CompareCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    BundleOptions bundle;

    @Option(
            names = "--criteria",
            defaultValue = "all",
            split = ",",
            description = "criteria to compare, or 'all' (default)")
    List<String> criteria;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    /** Exactly one target. */
    static final class Target {
        @Option(names = "--macs-reduction", description = "share of MACs to remove, in [0, 1)")
        Double macs;

        @Option(names = "--sparsity", description = "share of conv/linear weights to remove, in [0, 1)")
        Double sparsity;
    }

    @Option(
            names = "--finetune-epochs",
            defaultValue = "1",
            description = "fine-tuning epochs per criterion (default ${DEFAULT-VALUE})")
    int finetuneEpochs;

    @Option(
            names = "--granularity",
            defaultValue = "paper",
            description =
                    "paper (each criterion's own; channels for a MACs target), channel or weight (default ${DEFAULT-VALUE})")
    String granularity;

    @Option(
            names = "--schedule",
            defaultValue = "auto",
            description = "auto (gradual within the fine-tune epochs), oneshot or iterative (default ${DEFAULT-VALUE})")
    String schedule;

    @Option(
            names = "--param",
            description = "criterion parameter KEY=VALUE, given to every criterion that has KEY (repeatable)")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(names = "--work", description = "folder for the pruned bundles (default: a new temporary folder)")
    Path work;

    @Option(names = "--seed", defaultValue = "42", description = "seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(
            names = "--pytorch",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            description = "add PyTorch's tools at the same target and fine-tune epochs (torch.nn.utils.prune for"
                    + " weights, L1 filter pruning for channels) where python3-torch is installed (default"
                    + " ${DEFAULT-VALUE})")
    boolean pytorch;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Option(names = "--html", description = "also write the table and a plot as an HTML page")
    Path html;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        List<String> names = criteria.size() == 1 && criteria.get(0).equals("all")
                ? List.copyOf(CriterionRegistry.known())
                : criteria;
        names.forEach(CriterionRegistry::get);
        TargetKind kind = target.macs != null ? TargetKind.MACS : TargetKind.SPARSITY;
        double amount = target.macs != null ? target.macs : target.sparsity;
        Path workDir = work != null ? work : Files.createTempDirectory("pruneline-compare");
        ComparisonResult r = new CriterionComparison(
                        new CriterionComparison.Options(
                                bundle.model,
                                bundle.dataDir(),
                                workDir,
                                names,
                                kind,
                                amount,
                                finetuneEpochs,
                                granularity,
                                Schedule.parse(schedule),
                                params,
                                seed,
                                pytorch),
                        err,
                        new ProgressPrinter(err))
                .run();
        if (html != null) {
            ComparisonHtml.write(r, html);
        }
        if (json) {
            Json.print(spec.commandLine().getOut(), r);
        } else {
            print(r, spec.commandLine().getOut());
        }
        return 0;
    }

    static void print(ComparisonResult r, PrintWriter out) {
        out.printf(
                Locale.ROOT,
                "%s, target %s, %d fine-tuning epoch(s) each; test accuracy%n",
                r.model(),
                r.target(),
                r.fineTuneEpochs());
        out.println("| criterion | granularity | acc pruned | acc fine-tuned | reduction | MACs | non-zero MACs"
                + " | params | non-zero params | criterion s | total s | status |");
        out.println("|---|---|---|---|---|---|---|---|---|---|---|---|");
        row(out, r.baseline());
        r.rows().forEach(row -> row(out, row));
        if (r.ranks() != null) {
            out.printf(
                    Locale.ROOT,
                    "%nSpearman rho of channel rankings against the oracle (%d channels, per group,"
                            + " weighted by size):%n",
                    r.ranks().channels());
            r.ranks().versusOracle().forEach((n, rho) -> out.printf(Locale.ROOT, "  %-14s %+.3f%n", n, rho));
            out.printf(
                    Locale.ROOT,
                    "  %-14s %+.3f (mean of %d random rankings)%n",
                    "random",
                    r.ranks().randomVersusOracle(),
                    r.ranks().randomDraws());
        }
        if (r.search() != null) {
            out.printf(
                    Locale.ROOT,
                    "%nrandom-search: %d masks at ratio %.3f; validation accuracy of the chosen mask %.4f,"
                            + " median mask %.4f, worst %.4f (before batch-norm re-estimation)%n",
                    r.search().masks(),
                    r.search().ratio(),
                    r.search().chosen(),
                    r.search().median(),
                    r.search().worst());
        }
        out.printf("%nmachine: %s%n", r.machine());
        out.flush();
    }

    private static void row(PrintWriter out, ComparisonResult.Row r) {
        out.printf(
                Locale.ROOT,
                "| %s | %s | %.4f | %.4f | %.3f | %,d | %,d | %,d | %,d | %.1f | %.1f | %s |%n",
                r.criterion(),
                r.granularity(),
                r.prunedAccuracy(),
                r.tunedAccuracy(),
                r.achieved(),
                r.macs(),
                r.nonzeroMacs(),
                r.parameters(),
                r.nonzeroParameters(),
                r.criterionSeconds(),
                r.totalSeconds(),
                r.status());
    }
}
