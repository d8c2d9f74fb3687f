package dev.pruneline.core.plan;

import dev.pruneline.core.bundle.ModelBundle;
import dev.pruneline.core.measure.ModelCost;
import dev.pruneline.core.prune.PruneException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    private PlanSearch() {
    }

    /** Ratios from sensitivity curves; {@code apply} prunes the original model with per-unit ratios. */
    public static PruningPlan fromCurves(List<SensitivityCurve> curves, TargetKind kind, double target,
            ModelCost before, Function<Map<String, Double>, ModelBundle> apply) {
        return fromCurves(curves, kind, target, 0.95, before, apply);
    }

    /** Ratios from sensitivity curves, no unit beyond {@code maxRatio}. */
    public static PruningPlan fromCurves(List<SensitivityCurve> curves, TargetKind kind, double target,
            double maxRatio, ModelCost before, Function<Map<String, Double>, ModelBundle> apply) {
        double lo = 0;
        double hi = 1;
        Map<String, Double> best = ratiosWithin(curves, hi, maxRatio);
        double bestAchieved = reduction(kind, before, apply, best);
        if (bestAchieved < target) {
            throw unreachable(kind, target, bestAchieved, "the largest measured ratio of every unit");
        }
        for (int i = 0; i < STEPS; i++) {
            double mid = (lo + hi) / 2;
            Map<String, Double> ratios = ratiosWithin(curves, mid, maxRatio);
            double achieved = reduction(kind, before, apply, ratios);
            if (achieved >= target) {
                hi = mid;
                best = ratios;
                bestAchieved = achieved;
            } else {
                lo = mid;
            }
        }
        return new PruningPlan(kind, target, bestAchieved, best, "sensitivity", hi);
    }

    /** One ratio for every unit, the smallest that reaches the target (at most {@code maxRatio}). */
    public static PruningPlan uniform(List<String> units, TargetKind kind, double target, double maxRatio,
            ModelCost before, Function<Map<String, Double>, ModelBundle> apply) {
        double lo = 0;
        double hi = maxRatio;
        Map<String, Double> best = same(units, hi);
        double bestAchieved = reduction(kind, before, apply, best);
        if (bestAchieved < target) {
            throw unreachable(kind, target, bestAchieved, "ratio " + maxRatio + " everywhere");
        }
        for (int i = 0; i < STEPS; i++) {
            double mid = (lo + hi) / 2;
            Map<String, Double> ratios = same(units, mid);
            double achieved = reduction(kind, before, apply, ratios);
            if (achieved >= target) {
                hi = mid;
                best = ratios;
                bestAchieved = achieved;
            } else {
                lo = mid;
            }
        }
        return new PruningPlan(kind, target, bestAchieved, best, "uniform", Double.NaN);
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

    private static double reduction(TargetKind kind, ModelCost before, Function<Map<String, Double>, ModelBundle> apply,
            Map<String, Double> ratios) {
        return kind.reduction(before, ModelCost.of(apply.apply(ratios)));
    }

    private static PruneException unreachable(TargetKind kind, double target, double best, String how) {
        return new PruneException(String.format(java.util.Locale.ROOT,
                "a %s reduction of %.3f cannot be reached: %s gives %.3f; ask for less", kind.jsonName(), target,
                how, best));
    }
}
