package dev.pruneline.core.criteria;

import dev.pruneline.core.bundle.LayerSpec;
import java.util.List;
import java.util.Map;

/**
 * Base of the per-weight criteria that score every conv/linear weight tensor of a model in one pass
 * over calibration data (energy-aware, correlation): {@link #scoreTensors} runs once per model and the
 * result is cached ({@link ScoreCache}).
 */
abstract class WeightStatisticsCriterion implements ImportanceCriterion {
    private final ScoreCache cache = new ScoreCache();

    @Override
    public final boolean scoresWeights() {
        return true;
    }

    @Override
    public final float[] weightScores(CriterionContext context, String weightTensor) {
        validate(context.parameters());
        float[] s = cache.get(context, this::scoreTensors).get(weightTensor);
        if (s == null) {
            throw new CriterionException(
                    "criterion '" + name() + "': '" + weightTensor + "' is not a conv or linear weight of model '"
                            + context.bundle().spec().name() + "'");
        }
        return s.clone();
    }

    /** Scores of every conv/linear weight tensor, by tensor name ({@code conv1.weight}). */
    protected abstract Map<String, float[]> scoreTensors(CriterionContext context);

    /** The conv and linear layers, in graph order. */
    static List<LayerSpec> weightLayers(CriterionContext context) {
        return context.bundle().spec().layers().stream()
                .filter(l -> l.type().hasPrunableWeight())
                .toList();
    }
}
