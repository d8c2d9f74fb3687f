package dev.pruneline.core.plan;

import dev.pruneline.core.prune.PruneException;
import java.util.Locale;

/** How a plan is applied. */
public enum Schedule {
    /** Prune to the target at once. */
    ONESHOT,
    /**
     * Prune in rounds, fine-tuning briefly after each; round k of n reaches the target
     * s_k = s * (1 - (1 - k/n)^3), the cubic schedule of automated gradual pruning (AGP; Zhu and
     * Gupta, "To prune, or not to prune", 2017).
     */
    ITERATIVE,
    /**
     * One shot where that is enough, else gradual pruning within the training budget. Channel pruning is one shot:
     * with layer-wise reconstruction and batch-norm re-estimation the narrower model starts close to the unpruned
     * one, and every epoch of the budget then trains the final widths. Weight pruning reaches the target in one
     * step first and keeps it when that step costs little validation accuracy; otherwise {@link #ITERATIVE} with
     * up to three rounds of one epoch each where the request's epoch budget leaves room for at least two rounds
     * and one epoch of fine-tuning after the last, else {@link #ONESHOT}. The default.
     */
    AUTO;

    /** The target of round {@code k} (1-based) of {@code n} for a final target {@code target}. */
    public static double agpTarget(double target, int k, int n) {
        double left = 1 - (double) k / n;
        return target * (1 - left * left * left);
    }

    /** The lower-case name used in requests. */
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code oneshot}, {@code iterative} or {@code auto}. */
    public static Schedule parse(String text) {
        for (Schedule s : values()) {
            if (s.jsonName().equals(text)) {
                return s;
            }
        }
        throw new PruneException("unknown schedule '" + text + "' (known: oneshot, iterative, auto)");
    }
}
