package dev.pruneline.core.plan;

import dev.pruneline.core.measure.ModelCost;
import dev.pruneline.core.prune.PruneException;
import java.util.Locale;

/** What a global pruning target measures; each reduction is relative to the unpruned model. */
public enum TargetKind {
    /** Share of the conv/linear weights removed (zeroed or cut out): 1 - nonzero prunable weights / before. */
    SPARSITY,
    /** Share of the MACs removed: 1 - non-zero MACs / MACs before. */
    MACS,
    /** Share of the estimated energy removed (see {@link dev.pruneline.core.measure.EnergyModel}). */
    ENERGY;

    /** The reduction of {@code after} against {@code before}, in [0, 1]. */
    public double reduction(ModelCost before, ModelCost after) {
        return switch (this) {
            case SPARSITY ->
                1
                        - (double) after.prunableWeights()
                                * (1 - after.sparsity())
                                / (before.prunableWeights() * (1 - before.sparsity()));
            case MACS -> 1 - (double) after.nonzeroMacs() / before.nonzeroMacs();
            case ENERGY -> 1 - after.energyMicrojoules() / before.energyMicrojoules();
        };
    }

    /** The lower-case name used in requests ({@code sparsity}, {@code macs}, {@code energy}). */
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code sparsity}, {@code macs} or {@code energy}. */
    public static TargetKind parse(String text) {
        for (TargetKind k : values()) {
            if (k.jsonName().equals(text)) {
                return k;
            }
        }
        throw new PruneException("unknown target '" + text + "' (known: sparsity, macs, energy)");
    }
}
