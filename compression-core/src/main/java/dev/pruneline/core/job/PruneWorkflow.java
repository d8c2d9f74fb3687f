package dev.pruneline.core.job;

import dev.pruneline.core.bundle.ModelBundle;
import dev.pruneline.core.criteria.CriterionContext;
import dev.pruneline.core.criteria.ImportanceCriterion;
import dev.pruneline.core.data.DataSplits;
import dev.pruneline.core.deadline.JobDeadline;
import dev.pruneline.core.graph.ChannelGroup;
import dev.pruneline.core.graph.DependencyGraph;
import dev.pruneline.core.measure.Latency;
import dev.pruneline.core.measure.LatencyProbe;
import dev.pruneline.core.measure.ModelCost;
import dev.pruneline.core.model.LoadedModel;
import dev.pruneline.core.plan.PlanSearch;
import dev.pruneline.core.plan.PruningPlan;
import dev.pruneline.core.plan.Schedule;
import dev.pruneline.core.plan.SensitivityAnalysis;
import dev.pruneline.core.plan.SensitivityCurve;
import dev.pruneline.core.plan.TargetKind;
import dev.pruneline.core.prune.ChannelSurgery;
import dev.pruneline.core.prune.Granularity;
import dev.pruneline.core.prune.PruneException;
import dev.pruneline.core.prune.PruneOutcome;
import dev.pruneline.core.prune.Pruner;
import dev.pruneline.core.prune.Selection;
import dev.pruneline.core.report.HistoryPoint;
import dev.pruneline.core.train.BatchNormCalibration;
import dev.pruneline.core.train.Evaluator;
import dev.pruneline.core.train.LayerReconstruction;
import dev.pruneline.core.train.TrainingListener;
import dev.pruneline.core.train.TrainingLoop;
import dev.pruneline.core.train.TrainingOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A prune request carried out: optional sensitivity analysis, a plan for the global target, then
 * one-shot or iterative (AGP rounds with short masked fine-tuning) application, batch-norm
 * re-estimation after channel surgery. Keeps the original model untouched for planning, so every
 * round's ratios are relative to it.
 */
final class PruneWorkflow {
    /** Units of the weight pruner standing for "one global threshold". */
    private static final String GLOBAL = "*";

    private static final int BN_IMAGES = 2048;
    static final Logger LOG = LoggerFactory.getLogger(PruneWorkflow.class);

    private final PruneRequest request;
    private final ImportanceCriterion criterion;
    private final Granularity granularity;
    private final DataSplits data;
    private final CriterionContext context;
    private final Pruner pruner;
    private final TrainingListener listener;
    private final ModelCost originalCost;
    private final List<HistoryPoint> history = new ArrayList<>();
    private List<SensitivityCurve> curves = List.of();
    private List<PruningPlan> latencySteps;
    private final List<dev.pruneline.core.train.EpochSummary> epochs = new ArrayList<>();

    PruneWorkflow(
            PruneRequest request,
            ImportanceCriterion criterion,
            ModelBundle original,
            DataSplits data,
            CriterionContext context,
            TrainingListener listener) {
        this.request = request;
        this.criterion = criterion;
        this.granularity = Granularity.parse(request.granularity());
        this.data = data;
        this.context = context;
        this.pruner = Pruner.of(granularity);
        this.listener = listener;
        this.originalCost = ModelCost.of(original);
    }

    /** Result: pruned bundle and its plan. */
    record Outcome(
            ModelBundle bundle,
            Schedule schedule,
            PruningPlan plan,
            List<SensitivityCurve> curves,
            List<HistoryPoint> history,
            List<dev.pruneline.core.train.EpochSummary> epochs) {}

    Outcome run(SensitivityAnalysis.Progress progress) {
        TargetKind kind = request.target();
        double target = request.sparsity();
        if (!(target >= 0 && target < 1)) {
            throw new PruneException("the target " + kind.jsonName() + " reduction must be in [0, 1), got " + target);
        }
        if (request.sensitivity()) {
            curves = SensitivityAnalysis.run(pruner, context, criterion, ratios(), this::validation, progress);
        }
        PruningPlan finalPlan = plan(kind, target);
        if (request.schedule() == Schedule.ONESHOT) {
            ModelBundle pruned = step(finalPlan.ratios(), context.bundle());
            return new Outcome(pruned, Schedule.ONESHOT, finalPlan, curves, history, epochs);
        }
        if (request.autoSchedule()) {
            ModelBundle oneShot = step(finalPlan.ratios(), context.bundle());
            if (granularity == Granularity.CHANNEL) {
                LOG.info("schedule auto: one shot (channel pruning), the whole budget fine-tunes the final widths");
                return new Outcome(oneShot, Schedule.ONESHOT, finalPlan, curves, history, epochs);
            }
            double before = validation(context.bundle());
            double after = validation(oneShot);
            if (before - after <= PruneRequest.AUTO_ONE_SHOT_DROP) {
                LOG.info(
                        "schedule auto: one shot (validation accuracy {} -> {}), the whole budget fine-tunes",
                        String.format(Locale.ROOT, "%.4f", before),
                        String.format(Locale.ROOT, "%.4f", after));
                return new Outcome(oneShot, Schedule.ONESHOT, finalPlan, curves, history, epochs);
            }
            LOG.info(
                    "schedule auto: gradual, one shot costs {} points of validation accuracy ({} -> {})",
                    String.format(Locale.ROOT, "%.1f", 100 * (before - after)),
                    String.format(Locale.ROOT, "%.4f", before),
                    String.format(Locale.ROOT, "%.4f", after));
        }
        int rounds = request.rounds();
        int roundEpochs = request.roundEpochs();
        int budget = request.epochBudget();
        if (roundEpochs > 0 && (long) (rounds - 1) * roundEpochs > budget) {
            int fitting = budget / roundEpochs + 1;
            LOG.info(
                    "{} rounds of {} epochs would train {} epochs, more than the budget of {}: {} rounds",
                    rounds,
                    roundEpochs,
                    (rounds - 1) * roundEpochs,
                    budget,
                    fitting);
            rounds = fitting;
        }
        ModelBundle current = context.bundle();
        PruningPlan plan = finalPlan;
        for (int k = 1; k <= rounds; k++) {
            plan = k == rounds ? finalPlan : plan(kind, Schedule.agpTarget(target, k, rounds));
            current = step(plan.ratios(), current);
            if (roundEpochs > 0 && k < rounds) {
                current = fineTune(current, roundEpochs, k);
            }
            history.add(new HistoryPoint(
                    "round " + k,
                    test(current),
                    ModelCost.of(current).nonzeroParameters(),
                    ModelCost.of(current).nonzeroMacs()));
        }
        return new Outcome(current, Schedule.ITERATIVE, finalPlan, curves, history, epochs);
    }

    private PruningPlan plan(TargetKind kind, double target) {
        ModelBundle original = context.bundle();
        Function<Map<String, Double>, ModelBundle> apply = r -> applyToOriginal(r, original);
        if (request.plan().equals("latency")) {
            if (latencySteps == null) {
                latencySteps = searchLatency(kind, request.sparsity(), original);
            }
            // rounds of an iterative schedule take states of the one search, so their plans nest
            PruningPlan reached = latencySteps.stream()
                    .filter(step -> step.achieved() >= target)
                    .findFirst()
                    .orElse(latencySteps.get(latencySteps.size() - 1));
            return new PruningPlan(kind, target, reached.achieved(), reached.ratios(), "latency", Double.NaN);
        }
        if (!curves.isEmpty()) {
            try {
                PruningPlan p = PlanSearch.fromCurves(
                        curves, kind, target, granularity == Granularity.WEIGHT ? 0.99 : 0.95, originalCost, apply);
                return granularity == Granularity.CHANNEL ? filled(p, apply) : p;
            } catch (PruneException e) {
                // the measured ratios cannot reach the target: fall back to the plain method below
                LOG.warn("{}; planning without the curves", e.getMessage());
            }
        }
        if (granularity == Granularity.WEIGHT) {
            if (kind == TargetKind.SPARSITY) {
                ModelBundle b = apply.apply(Map.of(GLOBAL, target));
                return new PruningPlan(
                        kind,
                        target,
                        kind.reduction(originalCost, ModelCost.of(b)),
                        Map.of(GLOBAL, target),
                        "global",
                        Double.NaN);
            }
            PruningPlan p = PlanSearch.uniform(List.of(GLOBAL), kind, target, 0.99, originalCost, apply);
            return new PruningPlan(kind, target, p.achieved(), p.ratios(), "global", Double.NaN);
        }
        return filled(PlanSearch.uniform(pruner.units(original), kind, target, 0.95, originalCost, apply), apply);
    }

    /** {@link PlanSearch#fill}: channels the plan removed beyond its target go back where they cost least. */
    private PruningPlan filled(PruningPlan plan, Function<Map<String, Double>, ModelBundle> apply) {
        Map<String, Integer> groups = groupSizes(context.bundle());
        Map<String, Integer> keep = new LinkedHashMap<>();
        groups.forEach((id, n) ->
                keep.put(id, keptChannels(plan.ratios().getOrDefault(id, 0.0), n, request.roundTo())));
        return PlanSearch.fill(plan, groups, keep, request.roundTo(), originalCost, apply);
    }

    /** The channel count of each group the pruner prunes in {@code model}, by group id. */
    private Map<String, Integer> groupSizes(ModelBundle model) {
        DependencyGraph graph = DependencyGraph.of(model.spec());
        Map<String, Integer> groups = new LinkedHashMap<>();
        for (String id : pruner.units(model)) {
            groups.put(id, graph.group(id).map(ChannelGroup::channels).orElse(0));
        }
        return groups;
    }

    /**
     * {@link PlanSearch#latencySteps} to the final target: candidates are pruned by weight magnitude (only their widths matter
     * for cost and time, and magnitude needs no data) and timed together at batch
     * {@code latency_batch} (default 64) on this machine.
     */
    private List<PruningPlan> searchLatency(TargetKind kind, double target, ModelBundle original) {
        int batch = request.latencyBatch();
        Map<String, Integer> groups = groupSizes(original);
        ImportanceCriterion widthOnly = dev.pruneline.core.criteria.CriterionRegistry.get("magnitude");
        return PlanSearch.latencySteps(
                groups,
                request.roundTo(),
                kind,
                target,
                0.95,
                originalCost,
                r -> applyToOriginal(r, original, widthOnly),
                bundles -> LatencyProbe.compare(bundles, batch, 2, 7).stream()
                        .mapToDouble(Latency::medianMillis)
                        .toArray(),
                curves);
    }

    /**
     * Prunes {@code current} so that each unit reaches {@code ratios} relative to the original model:
     * for channels the ratio is converted to the current group size; for weights zeros count as
     * removed already (they score lowest), so the same ratio works on the current weights.
     */
    private ModelBundle applyToOriginal(Map<String, Double> ratios, ModelBundle current) {
        return applyToOriginal(ratios, current, criterion);
    }

    private ModelBundle applyToOriginal(
            Map<String, Double> ratios, ModelBundle current, ImportanceCriterion criterion) {
        return prune(ratios, current, criterion).bundle();
    }

    /**
     * One pruning step of the final model (not a plan candidate): {@link #applyToOriginal}, then layer-wise
     * reconstruction against {@code current} and batch-norm re-estimation.
     */
    private ModelBundle step(Map<String, Double> ratios, ModelBundle current) {
        PruneOutcome outcome = prune(ratios, current, criterion);
        ModelBundle pruned = outcome.bundle();
        if (request.reconstruction()) {
            Map<String, int[]> keptOutputs = granularity == Granularity.CHANNEL
                    ? ChannelSurgery.keptOutputs(current, outcome.keptChannels())
                    : Map.of();
            pruned = LayerReconstruction.reconstruct(
                            current, pruned, keptOutputs, data.train(), request.reconstructionImages())
                    .bundle();
        }
        return recalibrate(pruned);
    }

    private PruneOutcome prune(Map<String, Double> ratios, ModelBundle current, ImportanceCriterion criterion) {
        JobDeadline.checkpoint("pruning");
        if (ratios.containsKey(GLOBAL)) {
            return pruner.run(context.withBundle(current), criterion, Selection.global(ratios.get(GLOBAL)));
        }
        Map<String, Double> relative = new LinkedHashMap<>(ratios);
        int roundTo = request.roundTo();
        if (granularity == Granularity.CHANNEL && (current != context.bundle() || roundTo > 1)) {
            DependencyGraph now = DependencyGraph.of(current.spec());
            DependencyGraph before = DependencyGraph.of(context.bundle().spec());
            relative.clear();
            ratios.forEach((id, r) -> {
                int n0 = before.group(id).map(ChannelGroup::channels).orElse(0);
                int n1 = now.group(id).map(ChannelGroup::channels).orElse(0);
                int keep = keptChannels(r, n0, roundTo);
                relative.put(id, n1 == 0 ? 0 : Math.max(0, Math.min(0.999, 1 - (keep - 0.5) / n1)));
            });
        }
        return pruner.run(context.withBundle(current), criterion, Selection.perUnit(relative));
    }

    /**
     * Channels a group of {@code channels} keeps at ratio {@code r} of the original: all of them when
     * the ratio removes none (a group the plan leaves alone stays whole, even if its size is not a
     * multiple of {@code roundTo}), else {@link #roundKeep} of what the ratio leaves.
     */
    static int keptChannels(double r, int channels, int roundTo) {
        int removed = (int) Math.floor(r * channels);
        return removed == 0 ? channels : roundKeep(Math.max(1, channels - removed), channels, roundTo);
    }

    /**
     * {@code keep} rounded to the nearest multiple of {@code roundTo} (halves go up), at least one
     * multiple and at most {@code channels}; a group no larger than one multiple keeps all its
     * channels. The plan search measures the rounded graphs, so targets are still met.
     */
    static int roundKeep(int keep, int channels, int roundTo) {
        if (roundTo <= 1) {
            return keep;
        }
        int rounded = Math.max(roundTo, (int) Math.round((double) keep / roundTo) * roundTo);
        return Math.min(channels, rounded);
    }

    private ModelBundle recalibrate(ModelBundle pruned) {
        boolean wanted = Boolean.parseBoolean(request.parameters().getOrDefault("bn_recalibration", "true"));
        if (!wanted || granularity != Granularity.CHANNEL) {
            return pruned;
        }
        try (LoadedModel m = LoadedModel.of(pruned)) {
            if (BatchNormCalibration.recalibrate(m, data.train(), BN_IMAGES) == 0) {
                return pruned;
            }
            return m.toBundle(pruned.spec());
        }
    }

    private ModelBundle fineTune(ModelBundle bundle, int roundEpochs, int round) {
        TrainingOptions options = TrainingOptions.builder()
                .epochs(roundEpochs)
                .learningRate(request.learningRate())
                .seed(request.seed() + round)
                .batchSize(CompressionJobs.BATCH_SIZE)
                .holdMasks(true)
                .schedule("cosine")
                .listener(listener)
                .build();
        try (LoadedModel m = LoadedModel.of(bundle)) {
            epochs.addAll(TrainingLoop.train(m, data, options).epochs());
            return m.toBundle(bundle.spec());
        }
    }

    private double[] ratios() {
        String text = request.parameters().get("ratios");
        if (text == null) {
            return granularity == Granularity.WEIGHT
                    ? SensitivityAnalysis.WEIGHT_RATIOS
                    : SensitivityAnalysis.DEFAULT_RATIOS;
        }
        return Arrays.stream(text.split(","))
                .mapToDouble(s -> Double.parseDouble(s.trim()))
                .toArray();
    }

    private double validation(ModelBundle b) {
        return JobSupport.validationAccuracy(b, data);
    }

    private double test(ModelBundle b) {
        try (LoadedModel m = LoadedModel.of(b)) {
            return Evaluator.evaluate(m, data.test()).accuracy();
        }
    }
}
