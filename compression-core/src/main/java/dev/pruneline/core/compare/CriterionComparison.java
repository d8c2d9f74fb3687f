package dev.pruneline.core.compare;

import dev.pruneline.core.CompressionException;
import dev.pruneline.core.bundle.ModelBundle;
import dev.pruneline.core.criteria.CriterionContext;
import dev.pruneline.core.criteria.CriterionParameter;
import dev.pruneline.core.criteria.CriterionRegistry;
import dev.pruneline.core.criteria.ImportanceCriterion;
import dev.pruneline.core.criteria.MagnitudeCriterion;
import dev.pruneline.core.criteria.OracleCriterion;
import dev.pruneline.core.criteria.RandomSearchCriterion;
import dev.pruneline.core.criteria.TaylorCriterion;
import dev.pruneline.core.data.DataFolder;
import dev.pruneline.core.data.DataSplits;
import dev.pruneline.core.data.IdxWriter;
import dev.pruneline.core.data.ImageShape;
import dev.pruneline.core.engine.EngineMode;
import dev.pruneline.core.engine.EngineSetup;
import dev.pruneline.core.graph.ChannelGroup;
import dev.pruneline.core.graph.DependencyGraph;
import dev.pruneline.core.job.CompressionJobs;
import dev.pruneline.core.job.FineTuneRequest;
import dev.pruneline.core.job.FineTuneResult;
import dev.pruneline.core.job.Measurement;
import dev.pruneline.core.job.PruneRequest;
import dev.pruneline.core.job.PruneResult;
import dev.pruneline.core.measure.ModelCost;
import dev.pruneline.core.measure.PruneReference;
import dev.pruneline.core.model.LoadedModel;
import dev.pruneline.core.plan.PlanSearch;
import dev.pruneline.core.plan.Schedule;
import dev.pruneline.core.plan.TargetKind;
import dev.pruneline.core.prune.Granularity;
import dev.pruneline.core.prune.Pruner;
import dev.pruneline.core.prune.Selection;
import dev.pruneline.core.train.ActivationRecorder;
import dev.pruneline.core.train.Evaluator;
import dev.pruneline.core.train.TrainingListener;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Runs every applicable criterion on one model at one target with the same fine-tuning budget,
 * through the same facade the workers call ({@link CompressionJobs#prune} then
 * {@link CompressionJobs#fineTune}), and measures them alike. Before pruning, every channel criterion
 * ranks the original model's channels once; those rankings are compared with the oracle's
 * ({@link RankCorrelation}) and then reused by the pruning runs (criteria cache the scores of the
 * model they scored), so each criterion's cost is paid once and timed ({@link TimedCriterion}).
 */
public final class CriterionComparison {
    /** Learning rate of the fine-tuning budget. */
    public static final double FINE_TUNE_RATE = 5e-4;

    private static final int RANDOM_DRAWS = 100;

    /**
     * What to compare.
     *
     * @param bundle the model
     * @param data data folder (MNIST layout) or the bundled sample's path
     * @param work folder for every pruned and fine-tuned bundle
     * @param criteria registry names, in table order
     * @param kind {@link TargetKind#MACS} or {@link TargetKind#SPARSITY}
     * @param amount the target reduction in [0, 1)
     * @param fineTuneEpochs the budget of each criterion (0: none)
     * @param granularity {@code paper} (each criterion's own: channels for a MACs target where the criterion
     *     scores channels, weights for a sparsity target where it scores weights) or {@code channel} / {@code weight}
     * @param schedule pruning schedule for every criterion
     * @param parameters criterion parameters, each given to the criteria that declare its key
     * @param seed seed of every criterion and fine-tuning run
     * @param pytorch whether to add the rows of PyTorch's tools where their harness runs ({@link PruneReference})
     */
    public record Options(
            Path bundle,
            Path data,
            Path work,
            List<String> criteria,
            TargetKind kind,
            double amount,
            int fineTuneEpochs,
            String granularity,
            Schedule schedule,
            Map<String, String> parameters,
            long seed,
            boolean pytorch) {
        public Options {
            criteria = List.copyOf(criteria);
            parameters = Map.copyOf(parameters);
        }
    }

    private final Options options;
    private final PrintWriter progress;
    private final TrainingListener listener;

    /** A comparison reporting progress lines to {@code progress} and training progress to {@code listener}. */
    public CriterionComparison(Options options, PrintWriter progress, TrainingListener listener) {
        this.options = options;
        this.progress = progress;
        this.listener = listener;
    }

    /** Runs it. */
    public ComparisonResult run() {
        EngineMode mode = EngineSetup.current();
        ModelBundle model = ModelBundle.load(options.bundle());
        DataSplits data = DataFolder.load(
                options.data(),
                DataFolder.DEFAULT_VALIDATION_FRACTION,
                ImageShape.of(model.spec().inputShape()));
        Measurement base = CompressionJobs.measure(options.bundle(), options.data(), false);
        ModelCost baseCost = ModelCost.of(model);
        ComparisonResult.Row baseline = new ComparisonResult.Row(
                "(unpruned)",
                "-",
                "ok",
                base.metrics().accuracy(),
                base.metrics().accuracy(),
                0,
                baseCost.macs(),
                baseCost.nonzeroMacs(),
                baseCost.parameters(),
                baseCost.nonzeroParameters(),
                0,
                0);

        Map<String, TimedCriterion> timed = new LinkedHashMap<>();
        Map<String, PruneRequest> requests = new LinkedHashMap<>();
        for (String name : options.criteria()) {
            TimedCriterion c = new TimedCriterion(CriterionRegistry.get(name));
            timed.put(name, c);
            Granularity g = granularity(c);
            if (g != null) {
                requests.put(name, request(c, g, model));
            }
        }
        ComparisonResult.RankStudy ranks = rankStudy(model, data, timed, requests);

        List<ComparisonResult.Row> rows = new ArrayList<>();
        for (String name : options.criteria()) {
            TimedCriterion c = timed.get(name);
            PruneRequest r = requests.get(name);
            rows.add(r == null ? skipped(name, "does not score " + options.granularity() + "s") : runOne(c, r));
        }
        rows.addAll(pytorchRows(data, baseCost, base.metrics().accuracy()));
        ComparisonResult.Search search = null;
        if (timed.containsKey(RandomSearchCriterion.NAME)
                && timed.get(RandomSearchCriterion.NAME).inner() instanceof RandomSearchCriterion rs) {
            search = rs.lastSearch()
                    .map(s -> new ComparisonResult.Search(
                            s.accuracies().length,
                            s.ratio(),
                            s.best(),
                            s.median(),
                            Arrays.stream(s.accuracies()).min().orElse(Double.NaN)))
                    .orElse(null);
        }
        return new ComparisonResult(
                model.spec().name(),
                String.format(Locale.ROOT, "%s %.2f", options.kind().jsonName(), options.amount()),
                options.fineTuneEpochs(),
                baseline,
                rows,
                ranks,
                search,
                machine(mode));
    }

    /**
     * PyTorch's tools at the same target and fine-tune epochs ({@link PruneReference}), where its harness runs here:
     * global magnitude pruning of weights for a sparsity target, L1 filter pruning for a MACs target. Empty (with a
     * note on the progress stream) where it cannot run or fails.
     */
    private List<ComparisonResult.Row> pytorchRows(DataSplits data, ModelCost before, double accuracy) {
        if (!options.pytorch() || (options.kind() != TargetKind.SPARSITY && options.kind() != TargetKind.MACS)) {
            return List.of();
        }
        Optional<String> unavailable = PruneReference.unavailable();
        if (unavailable.isPresent()) {
            progress.printf("== PyTorch tools: not run (%s)%n", unavailable.get());
            progress.flush();
            return List.of();
        }
        boolean weights = options.kind() == TargetKind.SPARSITY;
        Path idx = options.work().resolve("pytorch-idx");
        IdxWriter.write(data.train(), idx, "train");
        IdxWriter.write(data.test(), idx, "test");
        progress.printf("== PyTorch tools: prune, fine-tune %d epoch(s)%n", options.fineTuneEpochs());
        progress.flush();
        try {
            List<ComparisonResult.Row> rows = new ArrayList<>();
            List<PruneReference.Result> results = PruneReference.run(
                    options.bundle(),
                    idx,
                    (weights ? "weights=" : "macs=") + options.amount(),
                    new PruneReference.Recipe(
                            options.fineTuneEpochs(),
                            FINE_TUNE_RATE,
                            CompressionJobs.FINE_TUNE_SCHEDULE,
                            options.seed()),
                    null,
                    null);
            for (PruneReference.Result r :
                    PruneReference.checked(results, accuracy, data.test().size())) {
                double achieved = weights
                        ? 1 - (double) r.nonzeroMacs() / before.nonzeroMacs()
                        : 1 - (double) r.macs() / before.macs();
                rows.add(new ComparisonResult.Row(
                        "PyTorch: " + r.tool(),
                        weights ? "weight" : "channel",
                        "ok",
                        r.afterPrune(),
                        r.afterFineTune(),
                        achieved,
                        r.macs(),
                        r.nonzeroMacs(),
                        r.parameters(),
                        r.nonzero(),
                        0,
                        0));
            }
            return rows;
        } catch (CompressionException e) {
            progress.printf("== PyTorch tools failed: %s%n", e.getMessage());
            progress.flush();
            return List.of();
        }
    }

    /** The granularity a criterion runs at, or null when it cannot. */
    private Granularity granularity(ImportanceCriterion c) {
        return switch (options.granularity()) {
            case "channel" -> c.scoresChannels() ? Granularity.CHANNEL : null;
            case "weight" -> c.scoresWeights() ? Granularity.WEIGHT : null;
            case "paper" -> {
                boolean preferChannels = options.kind() != TargetKind.SPARSITY;
                if (preferChannels) {
                    yield c.scoresChannels() ? Granularity.CHANNEL : Granularity.WEIGHT;
                }
                yield c.scoresWeights() ? Granularity.WEIGHT : Granularity.CHANNEL;
            }
            default ->
                throw new CompressionException(
                        "granularity must be paper, channel or weight, got '" + options.granularity() + "'");
        };
    }

    private PruneRequest request(ImportanceCriterion c, Granularity g, ModelBundle model) {
        Map<String, String> params = new LinkedHashMap<>();
        for (CriterionParameter p : c.parameters()) {
            if (options.parameters().containsKey(p.key())) {
                params.put(p.key(), options.parameters().get(p.key()));
            }
        }
        if (c.name().equals(RandomSearchCriterion.NAME) && !params.containsKey("ratio")) {
            params.put("ratio", Double.toString(planRatio(model, g)));
        }
        // equal budget: the fine-tune epochs bound all training after the model is received, rounds included
        params.put("epoch_budget", Integer.toString(options.fineTuneEpochs()));
        params.put("learning_rate", Double.toString(FINE_TUNE_RATE));
        String name = c.name();
        return PruneRequest.withTarget(
                options.bundle(),
                options.data(),
                options.work().resolve(name).resolve("pruned"),
                name,
                g.jsonName(),
                options.kind(),
                options.amount(),
                options.schedule(),
                false,
                params,
                options.seed());
    }

    /**
     * The one ratio per unit that reaches the target (what the workflow's uniform plan finds before it gives back the
     * channels beyond the target; for channels it depends only on channel counts), so random masks are drawn at the
     * ratio applied; a group that gets channels back applies a nested part of the chosen mask.
     */
    private double planRatio(ModelBundle model, Granularity g) {
        if (g == Granularity.WEIGHT && options.kind() == TargetKind.SPARSITY) {
            return options.amount();
        }
        Pruner pruner = Pruner.of(g);
        CriterionContext ctx = CriterionContext.of(model, Map.of());
        MagnitudeCriterion magnitude = new MagnitudeCriterion();
        return PlanSearch.uniform(
                        pruner.units(model),
                        options.kind(),
                        options.amount(),
                        g == Granularity.CHANNEL ? 0.95 : 0.99,
                        ModelCost.of(model),
                        r -> pruner.run(ctx, magnitude, Selection.perUnit(r)).bundle())
                .ratios()
                .values()
                .stream()
                .findFirst()
                .orElse(0.0);
    }

    private ComparisonResult.RankStudy rankStudy(
            ModelBundle model, DataSplits data, Map<String, TimedCriterion> timed, Map<String, PruneRequest> requests) {
        List<ChannelGroup> groups = DependencyGraph.of(model.spec()).groups();
        if (groups.isEmpty()) {
            return null;
        }
        Map<String, Map<String, float[]>> rankings = new LinkedHashMap<>();
        List<String> names = new ArrayList<>(List.of(OracleCriterion.NAME, TaylorCriterion.NAME));
        for (String n : requests.keySet()) {
            if (!names.contains(n) && requests.get(n).granularity().equals("channel")) {
                names.add(n);
            }
        }
        for (String n : names) {
            TimedCriterion c = timed.computeIfAbsent(n, k -> new TimedCriterion(CriterionRegistry.get(k)));
            PruneRequest r = requests.containsKey(n) ? requests.get(n) : request(c.inner(), Granularity.CHANNEL, model);
            CriterionContext ctx = CriterionContext.builder(model)
                    .parameters(r.parameters())
                    .seed(r.seed())
                    .data(data)
                    .evaluator(b -> validationAccuracy(b, data))
                    .activations(new ActivationRecorder(data.validation()))
                    .build();
            progress.printf("ranking channels: %s%n", n);
            progress.flush();
            Map<String, float[]> s = new LinkedHashMap<>();
            for (ChannelGroup g : groups) {
                s.put(g.id(), c.channelScores(ctx, g));
            }
            rankings.put(n, s);
        }
        Map<String, float[]> oracle = rankings.get(OracleCriterion.NAME);
        Map<String, Double> rho = new LinkedHashMap<>();
        rankings.forEach((n, s) -> {
            if (!n.equals(OracleCriterion.NAME)) {
                rho.put(n, RankCorrelation.weighted(oracle, s));
            }
        });
        int channels = groups.stream().mapToInt(ChannelGroup::channels).sum();
        return new ComparisonResult.RankStudy(
                rho, RankCorrelation.randomBaseline(oracle, RANDOM_DRAWS, options.seed()), RANDOM_DRAWS, channels);
    }

    private ComparisonResult.Row runOne(TimedCriterion c, PruneRequest r) {
        long t0 = System.nanoTime();
        progress.printf(
                "== %s (%s): prune to %s %.2f%n",
                c.name(), r.granularity(), options.kind().jsonName(), options.amount());
        progress.flush();
        try {
            PruneResult pruned = CompressionJobs.prune(r, c, listener, (u, ratio, acc, done, total) -> {});
            Path dir = pruned.bundleDir();
            double tuned = pruned.pruned().accuracy();
            if (options.fineTuneEpochs() > 0) {
                progress.printf("== %s: fine-tune %d epoch(s)%n", c.name(), options.fineTuneEpochs());
                progress.flush();
                FineTuneResult ft = CompressionJobs.fineTune(
                        new FineTuneRequest(
                                dir,
                                options.data(),
                                options.work().resolve(c.name()).resolve("finetuned"),
                                options.fineTuneEpochs(),
                                FINE_TUNE_RATE,
                                options.seed(),
                                Map.of("count_pruning_epochs", "true")),
                        listener);
                dir = ft.bundleDir();
                tuned = ft.after().accuracy();
            }
            ModelCost cost = ModelCost.of(ModelBundle.load(dir));
            ModelCost before = ModelCost.of(ModelBundle.load(options.bundle()));
            return new ComparisonResult.Row(
                    c.name(),
                    r.granularity(),
                    "ok",
                    pruned.pruned().accuracy(),
                    tuned,
                    options.kind().reduction(before, cost),
                    cost.macs(),
                    cost.nonzeroMacs(),
                    cost.parameters(),
                    cost.nonzeroParameters(),
                    c.seconds(),
                    (System.nanoTime() - t0) / 1e9);
        } catch (CompressionException e) {
            progress.printf("== %s failed: %s%n", c.name(), e.getMessage());
            progress.flush();
            return skipped(c.name(), "failed: " + e.getMessage());
        }
    }

    private ComparisonResult.Row skipped(String name, String why) {
        return new ComparisonResult.Row(name, "-", why, Double.NaN, Double.NaN, Double.NaN, 0, 0, 0, 0, 0, 0);
    }

    private static double validationAccuracy(ModelBundle b, DataSplits data) {
        try (LoadedModel m = LoadedModel.of(b)) {
            return Evaluator.evaluate(m, data.validation()).accuracy();
        }
    }

    private static Map<String, Object> machine(EngineMode mode) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("engine", mode.engineVersion() + " (DJL 0.36), " + mode.label());
        m.put("intra_op_threads", mode.threads());
        m.put("cpus_visible", Runtime.getRuntime().availableProcessors());
        m.put("cpu", cpuModel());
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        m.put("java", System.getProperty("java.version"));
        m.put("peak_rss_mib", peakRssMib());
        return m;
    }

    /** Peak resident memory of this process (VmHWM), MiB; -1 where /proc is not there. */
    public static long peakRssMib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .findFirst()
                    .orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
