package dev.pruneline.core.prune;

import java.util.Map;

/** How many units a pruning run removes: one ratio for the whole model, or one per unit. */
public sealed interface Selection {
    /**
     * One ratio. Weight pruning ranks every weight of the model under one threshold; channel
     * pruning removes that share of every group (channel scores of different groups are not on
     * one scale).
     */
    record Global(double ratio) implements Selection {
        public Global {
            checkRatio("ratio", ratio);
        }
    }

    /** A ratio per unit (weight tensor name or channel group id); units not named are left alone. */
    record PerUnit(Map<String, Double> ratios) implements Selection {
        public PerUnit {
            ratios = Map.copyOf(ratios);
            ratios.forEach((k, v) -> checkRatio(k, v));
        }
    }

    /** A global selection. */
    static Selection global(double ratio) {
        return new Global(ratio);
    }

    /** A per-unit selection. */
    static Selection perUnit(Map<String, Double> ratios) {
        return new PerUnit(ratios);
    }

    private static void checkRatio(String what, double r) {
        if (!(r >= 0 && r < 1)) {
            throw new PruneException("pruning ratio of " + what + " must be in [0, 1), got " + r);
        }
    }
}
