package dev.pruneline.core.criteria;

import ai.djl.ndarray.NDArray;
import dev.pruneline.core.bundle.ModelBundle;
import java.util.Map;

/**
 * Runs a model over labelled images and hands each batch's layer outputs to a visitor (DJL has no
 * forward hooks; the engine side uses the graph block's traced forward). Arrays are only valid
 * during the visit: reduce them to Java numbers there.
 */
@FunctionalInterface
public interface ActivationSource {
    /** Streams the batches. */
    void forEachBatch(ModelBundle model, ActivationRequest request, Visitor visitor);

    /** Receives one batch. */
    @FunctionalInterface
    interface Visitor {
        /**
         * @param activations outputs by layer name, shape (batch, channels, ...)
         * @param gradients dLoss/dOutput by layer name, empty unless requested
         * @param labels class index per image
         */
        void visit(Map<String, NDArray> activations, Map<String, NDArray> gradients, int[] labels);
    }
}
