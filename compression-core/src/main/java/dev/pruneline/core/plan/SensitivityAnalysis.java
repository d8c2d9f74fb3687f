package dev.pruneline.core.plan;

import dev.pruneline.core.bundle.ModelBundle;
import dev.pruneline.core.criteria.CriterionContext;
import dev.pruneline.core.criteria.ImportanceCriterion;
import dev.pruneline.core.prune.Pruner;
import dev.pruneline.core.prune.Selection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Prunes each unit alone at rising ratios and evaluates the result on the validation split (the
 * per-layer sensitivity analysis of Han et al. 2015 and Li et al. 2017). Cost: units x ratios
 * evaluations.
 */
public final class SensitivityAnalysis {
    /** Ratios measured by default. */
    public static final double[] DEFAULT_RATIOS = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9};
    /** Ratios measured by default for single weights, where large layers often take 95% and more. */
    public static final double[] WEIGHT_RATIOS = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.98};

    /** Progress of the analysis. */
    @FunctionalInterface
    public interface Progress {
        /** Called after each evaluation. */
        void onPoint(String unit, double ratio, double accuracy, int done, int total);
    }

    private SensitivityAnalysis() {}

    /**
     * Measures one curve per unit of {@code pruner}.
     *
     * @param context model and data for the criterion
     * @param evaluator validation accuracy of a candidate bundle
     */
    public static List<SensitivityCurve> run(
            Pruner pruner,
            CriterionContext context,
            ImportanceCriterion criterion,
            double[] ratios,
            ToDoubleFunction<ModelBundle> evaluator,
            Progress progress) {
        ModelBundle bundle = context.bundle();
        double baseline = evaluator.applyAsDouble(bundle);
        List<String> units = pruner.units(bundle);
        List<SensitivityCurve> curves = new ArrayList<>();
        int total = units.size() * ratios.length;
        int done = 0;
        for (String unit : units) {
            List<SensitivityPoint> points = new ArrayList<>();
            int size = 0;
            for (double r : ratios) {
                var outcome = pruner.run(context, criterion, Selection.perUnit(Map.of(unit, r)));
                size = (int) outcome.considered();
                double acc = evaluator.applyAsDouble(outcome.bundle());
                points.add(new SensitivityPoint(r, acc));
                progress.onPoint(unit, r, acc, ++done, total);
            }
            curves.add(new SensitivityCurve(unit, size, baseline, points));
        }
        return curves;
    }
}
