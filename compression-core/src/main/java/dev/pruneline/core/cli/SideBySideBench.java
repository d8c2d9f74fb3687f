package dev.pruneline.core.cli;

import dev.pruneline.core.bundle.ModelBundle;
import dev.pruneline.core.data.DataSplits;
import dev.pruneline.core.data.IdxWriter;
import dev.pruneline.core.job.CompressionJobs;
import dev.pruneline.core.job.FineTuneRequest;
import dev.pruneline.core.job.FineTuneResult;
import dev.pruneline.core.job.PruneRequest;
import dev.pruneline.core.job.PruneResult;
import dev.pruneline.core.job.StepMetrics;
import dev.pruneline.core.measure.LatencyProbe;
import dev.pruneline.core.measure.PruneReference;
import dev.pruneline.core.model.Architectures;
import dev.pruneline.core.plan.Schedule;
import dev.pruneline.core.plan.TargetKind;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.DoubleSummaryStatistics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * pruneline against PyTorch's pruning tools at an equal budget. Each network is trained once; that one trained model
 * is pruned by pruneline with the defaults a release gets (criterion magnitude, no sensitivity plan, the {@code auto}
 * schedule, layer-wise reconstruction and batch-norm re-estimation after each pruning step) and by PyTorch's tools
 * ({@link PruneReference}). Both sides then train with the same recipe (a release's fine-tuning: Adam at 1e-3, batch
 * 64, cosine decay) for the same number of epochs in all: pruneline's rounds count against its fine-tune epochs.
 * With several seeds each side prunes and fine-tunes once per seed and the table shows the mean accuracy with the
 * lowest and highest. "Right after pruning" is each side's one-shot prune before any training (pruneline's includes
 * its reconstruction), so it shows the damage of pruning alone. All latencies are measured in PyTorch on the exported
 * graphs when the harness runs, so they compare architectures, not runtimes; without Python the table still shows
 * pruneline's side, timed by pruneline's engine.
 */
final class SideBySideBench {
    /** The learning rate of a release's fine-tuning (the policy's default). */
    static final double FINE_TUNE_LEARNING_RATE = 1e-3;

    /** The tool name of pruneline's lines. */
    static final String PRUNELINE = "pruneline";

    /** One budget: a network and what is removed. */
    record Budget(String model, TargetKind kind, double amount) {
        String label() {
            return String.format(
                    Locale.ROOT,
                    kind == TargetKind.SPARSITY ? "%.0f%% of weights" : "-%.0f%% MACs (channels)",
                    amount * 100);
        }

        String harnessTarget() {
            return (kind == TargetKind.SPARSITY ? "weights=" : "macs=") + amount;
        }
    }

    /** The budgets of the side-by-side table. */
    static final List<Budget> BUDGETS = List.of(
            new Budget("lenet5", TargetKind.SPARSITY, 0.9),
            new Budget("lenet5", TargetKind.SPARSITY, 0.95),
            new Budget("vgg-small", TargetKind.MACS, 0.5),
            new Budget("vgg-small", TargetKind.MACS, 0.67),
            new Budget("resnet8", TargetKind.MACS, 0.5));

    /**
     * One line of the table: {@code afterFineTune} is the mean over the {@code runs} fine-tuning seeds, between
     * {@code afterFineTuneLow} and {@code afterFineTuneHigh}.
     */
    record Line(
            Budget budget,
            String tool,
            double dense,
            double afterPrune,
            double afterFineTune,
            double afterFineTuneLow,
            double afterFineTuneHigh,
            long runs,
            long macs,
            long nonzero,
            double latency1,
            double latency64,
            int epochs) {}

    private final Path work;
    private final Path dataDir;
    private final int epochs;
    private final int fineTuneEpochs;
    private final long seed;
    private final int seeds;
    private final Path torchPruning;
    private final PrintWriter err;

    SideBySideBench(
            Path work,
            Path dataDir,
            int epochs,
            int fineTuneEpochs,
            long seed,
            int seeds,
            Path torchPruning,
            PrintWriter err) {
        if (seeds < 1) {
            throw new IllegalArgumentException("--seeds must be at least 1, got " + seeds);
        }
        this.work = work;
        this.dataDir = dataDir;
        this.epochs = epochs;
        this.fineTuneEpochs = fineTuneEpochs;
        this.seed = seed;
        this.seeds = seeds;
        this.torchPruning = torchPruning;
        this.err = err;
    }

    /** Runs the budgets of {@code models} and prints the table after each network. */
    List<Line> run(List<String> models, PrintWriter out) {
        Optional<String> unavailable = PruneReference.unavailable();
        unavailable.ifPresent(why -> err.println("== the PyTorch side cannot run here (" + why
                + "); the table shows pruneline's side only, timed by pruneline's engine"));
        List<Line> lines = new ArrayList<>();
        for (String model : models) {
            List<Budget> budgets =
                    BUDGETS.stream().filter(b -> b.model().equals(model)).toList();
            if (budgets.isEmpty()) {
                throw new IllegalArgumentException("no side-by-side budget for model '" + model + "' (known: "
                        + BUDGETS.stream().map(Budget::model).distinct().toList() + ")");
            }
            Path dir = work.resolve(model);
            err.printf("== %s: train %d epochs%n", model, epochs);
            Path trained = CompressionJobs.train(
                    model, dataDir, epochs, seed, dir.resolve("trained"), new ProgressPrinter(err));
            double dense =
                    CompressionJobs.measure(trained, dataDir, false).metrics().accuracy();
            Path idx = dir.resolve("idx");
            DataSplits splits = CompressionJobs.splits(dataDir, Architectures.byName(model));
            IdxWriter.write(splits.train(), idx, "train");
            IdxWriter.write(splits.test(), idx, "test");
            for (Budget b : budgets) {
                lines.addAll(budget(b, trained, dense, splits.test().size(), idx, dir, unavailable.isEmpty()));
                print(lines, out);
            }
        }
        return lines;
    }

    private List<Line> budget(
            Budget b, Path trained, double dense, int testImages, Path idx, Path dir, boolean harness) {
        String tag = b.harnessTarget().replace('=', '-');
        err.printf("== %s %s: pruneline, one shot (the damage of pruning alone)%n", b.model(), b.label());
        PruneResult oneShot = prune(b, trained, dir.resolve(tag + "-oneshot"), Schedule.ONESHOT, seed);
        Map<String, Runs> runs = new LinkedHashMap<>();
        for (int i = 0; i < seeds; i++) {
            long s = seed + i;
            boolean timeHere = i == 0;
            Tuned tuned = prunelineRun(b, trained, dir, seeds == 1 ? tag : tag + "-seed" + s, s);
            StepMetrics after = tuned.result().after();
            double latency1 = Double.NaN;
            double latency64 = Double.NaN;
            if (harness) {
                err.printf("== %s %s: PyTorch tools, seed %d%n", b.model(), b.label(), s);
                List<PruneReference.Result> results = new ArrayList<>(PruneReference.checked(
                        PruneReference.run(
                                trained,
                                idx,
                                b.harnessTarget(),
                                new PruneReference.Recipe(
                                        fineTuneEpochs, FINE_TUNE_LEARNING_RATE, CompressionJobs.FINE_TUNE_SCHEDULE, s),
                                torchPruning,
                                timeHere ? tuned.result().bundleDir() : null),
                        dense,
                        testImages));
                if (timeHere) {
                    PruneReference.Result timed = results.stream()
                            .filter(r -> r.tool().equals(PruneReference.TIMED))
                            .findFirst()
                            .orElseThrow(() -> new IllegalStateException("the harness did not time pruneline's model"));
                    results.remove(timed);
                    latency1 = timed.latency1Millis();
                    latency64 = timed.latency64Millis();
                }
                for (PruneReference.Result r : results) {
                    runs.computeIfAbsent(r.tool(), t -> new Runs(r.afterPrune(), r.macs(), r.nonzero(), r.epochs()))
                            .add(r.afterFineTune(), r.latency1Millis(), r.latency64Millis());
                }
            } else if (timeHere) {
                ModelBundle bundle = ModelBundle.load(tuned.result().bundleDir());
                latency1 = LatencyProbe.measure(bundle, 1).medianMillis();
                latency64 = LatencyProbe.measure(bundle, 64).medianMillis();
            }
            runs.computeIfAbsent(
                            PRUNELINE,
                            t -> new Runs(
                                    oneShot.pruned().accuracy(),
                                    after.macs(),
                                    after.nonzeroParameters(),
                                    tuned.epochs()))
                    .add(after.accuracy(), latency1, latency64);
        }
        List<Line> lines = new ArrayList<>();
        lines.add(runs.remove(PRUNELINE).line(b, PRUNELINE, dense));
        runs.forEach((tool, r) -> lines.add(r.line(b, tool, dense)));
        return lines;
    }

    /** pruneline's fine-tuned model of one seed and the training epochs it took in all, its pruning's included. */
    private record Tuned(FineTuneResult result, int epochs) {}

    /**
     * Prunes {@code trained} with the defaults of a release and fine-tunes it, both with seed {@code s}, into
     * {@code dir/run-pruned} and {@code dir/run-finetuned}.
     */
    private Tuned prunelineRun(Budget b, Path trained, Path dir, String run, long s) {
        err.printf("== %s %s: pruneline (defaults), seed %d%n", b.model(), b.label(), s);
        PruneResult pruned = prune(b, trained, dir.resolve(run + "-pruned"), Schedule.AUTO, s);
        FineTuneResult tuned = CompressionJobs.fineTune(
                new FineTuneRequest(
                        pruned.bundleDir(),
                        dataDir,
                        dir.resolve(run + "-finetuned"),
                        fineTuneEpochs,
                        FINE_TUNE_LEARNING_RATE,
                        s,
                        Map.of("count_pruning_epochs", "true")),
                new ProgressPrinter(err));
        Object spent = ModelBundle.load(pruned.bundleDir()).spec().provenance().get(CompressionJobs.TRAINING_EPOCHS);
        return new Tuned(tuned, tuned.epochsRun() + (spent instanceof Number n ? n.intValue() : 0));
    }

    /**
     * One tool's runs of a budget, one per fine-tuning seed. Accuracy right after pruning, MACs and parameters do not
     * depend on the seed: they come from the first run, the latencies from the first run that timed.
     */
    private static final class Runs {
        private final double afterPrune;
        private final long macs;
        private final long nonzero;
        private final int epochs;
        private double latency1 = Double.NaN;
        private double latency64 = Double.NaN;
        private final List<Double> afterFineTune = new ArrayList<>();

        Runs(double afterPrune, long macs, long nonzero, int epochs) {
            this.afterPrune = afterPrune;
            this.macs = macs;
            this.nonzero = nonzero;
            this.epochs = epochs;
        }

        void add(double accuracy, double latency1Millis, double latency64Millis) {
            afterFineTune.add(accuracy);
            if (Double.isNaN(latency1)) {
                latency1 = latency1Millis;
                latency64 = latency64Millis;
            }
        }

        Line line(Budget b, String tool, double dense) {
            DoubleSummaryStatistics stats =
                    afterFineTune.stream().mapToDouble(Double::doubleValue).summaryStatistics();
            return new Line(
                    b,
                    tool,
                    dense,
                    afterPrune,
                    stats.getAverage(),
                    stats.getMin(),
                    stats.getMax(),
                    stats.getCount(),
                    macs,
                    nonzero,
                    latency1,
                    latency64,
                    epochs);
        }
    }

    /** Prunes {@code trained} to the budget with the defaults of a release, the given schedule and seed. */
    private PruneResult prune(Budget b, Path trained, Path out, Schedule schedule, long seed) {
        return CompressionJobs.prune(
                PruneRequest.withTarget(
                        trained,
                        dataDir,
                        out,
                        "magnitude",
                        b.kind() == TargetKind.MACS ? "channel" : "weight",
                        b.kind(),
                        b.amount(),
                        schedule,
                        false,
                        Map.of(
                                "epoch_budget",
                                Integer.toString(fineTuneEpochs),
                                "learning_rate",
                                Double.toString(FINE_TUNE_LEARNING_RATE)),
                        seed),
                new ProgressPrinter(err),
                ProgressPrinter.sensitivity(err));
    }

    static void print(List<Line> lines, PrintWriter out) {
        out.println();
        out.println("| model | budget | tool | dense acc | right after pruning (one shot, no training) | after the"
                + " epoch budget (mean of the seeds: lowest-highest) | training epochs"
                + " | MACs | non-zero params | batch1 ms | batch64 ms |");
        out.println("|---|---|---|---|---|---|---|---|---|---|---|");
        for (Line l : lines) {
            out.printf(
                    Locale.ROOT,
                    "| %s | %s | %s | %.4f | %.4f | %s | %d | %,d | %,d | %.3f | %.2f |%n",
                    l.budget().model(),
                    l.budget().label(),
                    l.tool(),
                    l.dense(),
                    l.afterPrune(),
                    l.runs() > 1
                            ? String.format(
                                    Locale.ROOT,
                                    "%.4f (%d seeds: %.4f-%.4f)",
                                    l.afterFineTune(),
                                    l.runs(),
                                    l.afterFineTuneLow(),
                                    l.afterFineTuneHigh())
                            : String.format(Locale.ROOT, "%.4f", l.afterFineTune()),
                    l.epochs(),
                    l.macs(),
                    l.nonzero(),
                    l.latency1(),
                    l.latency64());
        }
        out.flush();
    }
}
