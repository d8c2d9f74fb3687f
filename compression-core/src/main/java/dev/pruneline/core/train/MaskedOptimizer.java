package dev.pruneline.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.training.optimizer.Optimizer;
import java.util.Map;

/**
 * Wraps an optimizer so that pruned weights stay exactly zero: each {@link #update} runs the inner
 * optimizer, then multiplies the weight by its 0/1 mask. Masking gradients (what a training
 * listener could do, since it runs before the step) is not enough: momentum and Adam's moment
 * estimates would still move pruned weights.
 */
public final class MaskedOptimizer extends Optimizer {
    private final Optimizer inner;
    private final Map<String, NDArray> masks;

    /**
     * @param inner the optimizer doing the actual update
     * @param masks 0/1 arrays by DJL parameter id; parameters without a mask are updated freely
     */
    public MaskedOptimizer(Optimizer inner, Map<String, NDArray> masks) {
        super(new NoOptions());
        this.inner = inner;
        this.masks = Map.copyOf(masks);
    }

    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        inner.update(parameterId, weight, grad);
        NDArray mask = masks.get(parameterId);
        if (mask != null) {
            weight.muli(mask);
        }
    }

    private static final class NoOptions extends OptimizerBuilder<NoOptions> {
        @Override
        protected NoOptions self() {
            return this;
        }
    }
}
