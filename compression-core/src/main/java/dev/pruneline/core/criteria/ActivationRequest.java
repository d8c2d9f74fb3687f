package dev.pruneline.core.criteria;

import java.util.Set;

/**
 * Which activations a criterion wants.
 *
 * @param layers layer names whose outputs are wanted
 * @param maxImages at most this many validation images
 * @param gradients also deliver dLoss/dOutput of those layers (one backward pass per batch)
 */
public record ActivationRequest(Set<String> layers, int maxImages, boolean gradients) {
    public ActivationRequest {
        layers = Set.copyOf(layers);
    }
}
