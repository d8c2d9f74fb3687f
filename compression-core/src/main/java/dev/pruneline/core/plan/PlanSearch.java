package dev.pruneline.core.plan;

import dev.pruneline.core.bundle.ModelBundle;
import dev.pruneline.core.measure.ModelCost;
import dev.pruneline.core.prune.PruneException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleFunction;
import java.util.function.Function;

/**
 * Turns a global target into per-unit ratios. With sensitivity curves it searches (bisection) for
 * the smallest accuracy drop {@code t} such that pruning every unit to the largest ratio its curve
 * allows within {@code t} reaches the target; sensitive units thus get small ratios or none. Without
 * curves one ratio is searched for all units. Every candidate is measured with the cost model on
 * the actually pruned graph ({@code apply}), so coupled savings (a channel removed from a conv's
 * output also shrinks the next conv's input) are counted exactly.
 */
public final class PlanSearch {
    private static final int STEPS = 24;
    /** Widths below the current one the latency search measures per group and step. */
    static final int LOOKAHEAD = 4;

    private PlanSearch() {}

    /** Ratios from sensitivity curves; {@code apply} prunes the original model with per-unit ratios. */
    public static PruningPlan fromCurves(
            List<SensitivityCurve> curves,
            TargetKind kind,
            double target,
            ModelCost before,
            Function<Map<String, Double>, ModelBundle> apply) {
        return fromCurves(curves, kind, target, 0.95, before, apply);
    }

    /** Ratios from sensitivity curves, no unit beyond {@code maxRatio}. */
    public static PruningPlan fromCurves(
            List<SensitivityCurve> curves,
            TargetKind kind,
            double target,
            double maxRatio,
            ModelCost before,
            Function<Map<String, Double>, ModelBundle> apply) {
        Bisected b = bisect(
                drop -> ratiosWithin(curves, drop, maxRatio),
                1,
                kind,
                target,
                before,
                apply,
                "the largest measured ratio of every unit");
        return new PruningPlan(kind, target, b.achieved(), b.ratios(), "sensitivity", b.at());
    }

    /** One ratio for every unit, the smallest that reaches the target (at most {@code maxRatio}). */
    public static PruningPlan uniform(
            List<String> units,
            TargetKind kind,
            double target,
            double maxRatio,
            ModelCost before,
            Function<Map<String, Double>, ModelBundle> apply) {
        Bisected b = bisect(
                ratio -> same(units, ratio),
                maxRatio,
                kind,
                target,
                before,
                apply,
                "ratio " + maxRatio + " everywhere");
        return new PruningPlan(kind, target, b.achieved(), b.ratios(), "uniform", Double.NaN);
    }

    /**
     * Spends what a channel plan leaves of the budget. A plan removes whole channels, so the one found by bisection
     * usually removes more than the target asks (VGG-small at -50% MACs: -52.5%). Channels go back one step at a time
     * ({@code roundTo} channels, else one) to the group whose step costs the least, as long as the target still
     * holds; every candidate is measured on the pruned graph, like the plan itself. The plan's method is kept.
     *
     * @param groups channel count of each group of the original model, by group id
     * @param keep channels each group keeps under {@code plan}
     * @param apply prunes the original model with per-group ratios
     */
    public static PruningPlan fill(
            PruningPlan plan,
            Map<String, Integer> groups,
            Map<String, Integer> keep,
            int roundTo,
            ModelCost before,
            Function<Map<String, Double>, ModelBundle> apply) {
        Map<String, Integer> kept = new LinkedHashMap<>(keep);
        int step = Math.max(1, roundTo);
        double achieved = plan.achieved();
        while (true) {
            String bestGroup = null;
            int bestWidth = 0;
            double bestAchieved = Double.NEGATIVE_INFINITY;
            for (Map.Entry<String, Integer> g : groups.entrySet()) {
                int k = kept.get(g.getKey());
                if (k >= g.getValue()) {
                    continue;
                }
                int wider = Math.min(g.getValue(), k + step);
                Map<String, Integer> candidate = new LinkedHashMap<>(kept);
                candidate.put(g.getKey(), wider);
                double a = reduction(plan.kind(), before, apply, ratiosFor(candidate, groups));
                if (a >= plan.target() && a > bestAchieved) {
                    bestGroup = g.getKey();
                    bestWidth = wider;
                    bestAchieved = a;
                }
            }
            if (bestGroup == null) {
                break;
            }
            kept.put(bestGroup, bestWidth);
            achieved = bestAchieved;
        }
        return !kept.equals(keep)
                ? new PruningPlan(
                        plan.kind(),
                        plan.target(),
                        achieved,
                        ratiosFor(kept, groups),
                        plan.method(),
                        plan.allowedDrop())
                : plan;
    }

    /** The outcome of {@link #bisect}: the parameter found, its ratios and the reduction they give. */
    private record Bisected(double at, Map<String, Double> ratios, double achieved) {}

    /**
     * The smallest parameter in [0, {@code hi}] (to {@value #STEPS} halvings) whose ratios reach the target; the
     * reduction must grow with the parameter. {@code atHi} says in words what {@code hi} means, for the error when
     * even it falls short.
     */
    private static Bisected bisect(
            DoubleFunction<Map<String, Double>> ratiosAt,
            double hi,
            TargetKind kind,
            double target,
            ModelCost before,
            Function<Map<String, Double>, ModelBundle> apply,
            String atHi) {
        double lo = 0;
        Map<String, Double> best = ratiosAt.apply(hi);
        double bestAchieved = reduction(kind, before, apply, best);
        if (bestAchieved < target) {
            throw unreachable(kind, target, bestAchieved, atHi);
        }
        for (int i = 0; i < STEPS; i++) {
            double mid = (lo + hi) / 2;
            Map<String, Double> ratios = ratiosAt.apply(mid);
            double achieved = reduction(kind, before, apply, ratios);
            if (achieved >= target) {
                hi = mid;
                best = ratios;
                bestAchieved = achieved;
            } else {
                lo = mid;
            }
        }
        return new Bisected(hi, best, bestAchieved);
    }

    /**
     * A plan against measured latency, after NetAdapt (Yang et al., ECCV 2018): starting from the
     * full model, each step shrinks one channel group to one of the next {@value #LOOKAHEAD} smaller
     * widths (multiples of {@code roundTo}, or sixteenths of the group when {@code roundTo} is 1),
     * choosing the group and width that save the most measured time per unit of estimated accuracy
     * loss, until the target is reached. The
     * estimated loss is the drop of the group's sensitivity curve when {@code curves} has it, else the
     * growth of the squared share removed, which spreads cuts the way a uniform plan does. MACs
     * alone do not predict time on a CPU (narrow or odd widths miss vectorised kernels, memory-bound
     * passes scale with activations): measuring every candidate does.
     *
     * @param groups channel count of each group of the original model, by group id
     * @param apply prunes the original model with per-group ratios (the exact graph of the final plan)
     * @param latency median forward time of each bundle, measured together (interleaved)
     */
    public static PruningPlan latency(
            Map<String, Integer> groups,
            int roundTo,
            TargetKind kind,
            double target,
            double maxRatio,
            ModelCost before,
            Function<Map<String, Double>, ModelBundle> apply,
            Function<List<ModelBundle>, double[]> latency,
            List<SensitivityCurve> curves) {
        List<PruningPlan> steps = latencySteps(groups, roundTo, kind, target, maxRatio, before, apply, latency, curves);
        return steps.get(steps.size() - 1);
    }

    /**
     * Every state of the {@link #latency} search, from the unpruned model to the first that reaches
     * {@code target}: an iterative schedule takes the first state reaching each round's target, so
     * the rounds follow one search and their plans nest.
     */
    public static List<PruningPlan> latencySteps(
            Map<String, Integer> groups,
            int roundTo,
            TargetKind kind,
            double target,
            double maxRatio,
            ModelCost before,
            Function<Map<String, Double>, ModelBundle> apply,
            Function<List<ModelBundle>, double[]> latency,
            List<SensitivityCurve> curves) {
        Map<String, SensitivityCurve> curveOf = new LinkedHashMap<>();
        curves.forEach(c -> curveOf.put(c.unit(), c));
        Map<String, Integer> keep = new LinkedHashMap<>(groups);
        ModelBundle current = apply.apply(ratiosFor(keep, groups));
        double achieved = kind.reduction(before, ModelCost.of(current));
        List<PruningPlan> steps = new ArrayList<>();
        steps.add(new PruningPlan(kind, target, achieved, ratiosFor(keep, groups), "latency", Double.NaN));
        while (achieved < target) {
            // per group, up to LOOKAHEAD widths below the current one: a single step can save nothing
            // (24 channels run in the same 16-float blocks as 32) where two steps save a lot
            List<String> groupOf = new ArrayList<>();
            List<Integer> widthOf = new ArrayList<>();
            List<ModelBundle> bundles = new ArrayList<>(List.of(current));
            for (Map.Entry<String, Integer> g : groups.entrySet()) {
                int n = g.getValue();
                int floor = Math.max(1, n - (int) Math.floor(maxRatio * n));
                int next = keep.get(g.getKey());
                for (int level = 0; level < LOOKAHEAD; level++) {
                    next = nextKeep(next, roundTo, n);
                    if (next < floor) {
                        break;
                    }
                    Map<String, Integer> k = new LinkedHashMap<>(keep);
                    k.put(g.getKey(), next);
                    groupOf.add(g.getKey());
                    widthOf.add(next);
                    bundles.add(apply.apply(ratiosFor(k, groups)));
                }
            }
            if (groupOf.isEmpty()) {
                throw unreachable(kind, target, achieved, "every group at its smallest width");
            }
            double[] ms = latency.apply(bundles);
            if (ms.length != bundles.size()) {
                throw new IllegalStateException(ms.length + " latencies for " + bundles.size() + " models");
            }
            int best = 0;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < groupOf.size(); i++) {
                String g = groupOf.get(i);
                double saved = Math.max(ms[0] - ms[i + 1], 1e-3 * ms[0]);
                double loss = estimatedLoss(curveOf.get(g), groups.get(g), keep.get(g), widthOf.get(i));
                if (saved / loss > bestScore) {
                    bestScore = saved / loss;
                    best = i;
                }
            }
            keep.put(groupOf.get(best), widthOf.get(best));
            current = bundles.get(best + 1);
            achieved = kind.reduction(before, ModelCost.of(current));
            steps.add(new PruningPlan(kind, target, achieved, ratiosFor(keep, groups), "latency", Double.NaN));
        }
        return List.copyOf(steps);
    }

    /** The next smaller width: the multiple of the step below {@code keep}. */
    static int nextKeep(int keep, int roundTo, int channels) {
        int step = roundTo > 1 ? roundTo : Math.max(1, channels / 16);
        return keep % step == 0 ? keep - step : keep - keep % step;
    }

    private static double estimatedLoss(SensitivityCurve curve, int channels, int from, int to) {
        double rFrom = 1 - (double) from / channels;
        double rTo = 1 - (double) to / channels;
        double proxy = rTo * rTo - rFrom * rFrom;
        if (curve == null) {
            return proxy;
        }
        // measured validation accuracy lost, plus a little of the proxy so flat curves still spread cuts
        return Math.max(0, curve.accuracyAt(rFrom) - curve.accuracyAt(rTo)) + 0.01 * proxy;
    }

    /** Ratios that keep exactly {@code keep} channels of each group (0 for untouched groups). */
    private static Map<String, Double> ratiosFor(Map<String, Integer> keep, Map<String, Integer> groups) {
        Map<String, Double> r = new LinkedHashMap<>();
        groups.forEach((g, n) -> {
            int k = keep.get(g);
            r.put(g, k >= n ? 0.0 : (n - k + 1e-6) / n);
        });
        return r;
    }

    private static Map<String, Double> ratiosWithin(List<SensitivityCurve> curves, double drop, double maxRatio) {
        Map<String, Double> r = new LinkedHashMap<>();
        for (SensitivityCurve c : curves) {
            double ratio = Math.min(maxRatio, c.maxRatioWithin(drop));
            r.put(c.unit(), Math.floor(ratio * c.size()) == 0 ? 0.0 : ratio); // removes nothing: say 0
        }
        return r;
    }

    private static Map<String, Double> same(List<String> units, double ratio) {
        Map<String, Double> r = new LinkedHashMap<>();
        units.forEach(u -> r.put(u, ratio));
        return r;
    }

    private static double reduction(
            TargetKind kind,
            ModelCost before,
            Function<Map<String, Double>, ModelBundle> apply,
            Map<String, Double> ratios) {
        return kind.reduction(before, ModelCost.of(apply.apply(ratios)));
    }

    private static PruneException unreachable(TargetKind kind, double target, double best, String how) {
        return new PruneException(String.format(
                Locale.ROOT,
                "a %s reduction of %.3f cannot be reached: %s gives %.3f; ask for less",
                kind.jsonName(),
                target,
                how,
                best));
    }
}
