package dev.pruneline.registry.gate;

import dev.pruneline.pipeline.event.ModelMetrics;
import dev.pruneline.pipeline.event.ReleaseDecision.Outcome;
import java.util.Locale;

/**
 * Promotes a compressed candidate when it lost no more top-1 accuracy than the release's policy tolerates:
 * {@code 100 * (baseline - candidate) <= tolerancePp}, both accuracies measured on the same test split.
 * A difference within {@value #EPSILON_PP} points of the tolerance counts as within it, so that
 * floating-point noise in the subtraction does not reject a candidate exactly at the limit. An accuracy that
 * is not a finite number rejects the candidate. Stateless and thread-safe.
 */
public final class PromotionGate {

    /** Slack for floating-point error in the drop, in percentage points. */
    static final double EPSILON_PP = 1e-9;

    /**
     * Judges a candidate.
     *
     * @param baseline    metrics of the released (uncompressed) model
     * @param candidate   metrics of the compressed, fine-tuned model
     * @param tolerancePp the largest accepted accuracy drop, in percentage points, from the release's policy
     */
    public Verdict decide(ModelMetrics baseline, ModelMetrics candidate, double tolerancePp) {
        return decide(baseline, candidate, tolerancePp, null);
    }

    /**
     * Judges a candidate whose accuracies, and the baseline's, were measured on the test split of
     * {@code dataset}; the reason names it.
     *
     * @param dataset the data set's name; null when the event does not say (older events)
     */
    public Verdict decide(ModelMetrics baseline, ModelMetrics candidate, double tolerancePp, String dataset) {
        double before = baseline.accuracy();
        double after = candidate.accuracy();
        if (!Double.isFinite(before) || !Double.isFinite(after)) {
            return new Verdict(
                    Outcome.REJECTED,
                    String.format(
                            Locale.ROOT,
                            "accuracy is not a number (released %s,"
                                    + " compressed %s): the candidate cannot be judged",
                            before,
                            after),
                    Double.NaN,
                    tolerancePp);
        }
        double dropPp = 100 * (before - after);
        String change = String.format(Locale.ROOT, "(%.2f%% -> %.2f%%)", 100 * before, 100 * after)
                + (dataset == null ? "" : " on the test split of data set '" + dataset + "'");
        String tolerance = String.format(Locale.ROOT, "%.2f-point tolerance", tolerancePp);
        if (dropPp <= tolerancePp + EPSILON_PP) {
            String moved = dropPp > 0
                    ? String.format(Locale.ROOT, "accuracy fell %.2f points %s", dropPp, change)
                    : String.format(Locale.ROOT, "accuracy rose %.2f points %s", -dropPp, change);
            return new Verdict(Outcome.PROMOTED, moved + ", within the " + tolerance, dropPp, tolerancePp);
        }
        return new Verdict(
                Outcome.REJECTED,
                String.format(Locale.ROOT, "accuracy fell %.2f points %s, more than the ", dropPp, change) + tolerance,
                dropPp,
                tolerancePp);
    }
}
