package dev.pruneline.core.graph;

import dev.pruneline.core.bundle.LayerType;

/**
 * One layer's share of a {@link ChannelGroup}.
 *
 * @param layer layer name
 * @param type layer kind (selects the surgery, see {@code prune.LayerPrunerRegistry})
 * @param role producer, norm or consumer
 * @param blockSize for a consumer: input features per channel (height*width when a flatten lies
 *     between a conv and a linear layer, channel {@code c} owning features {@code [c*b, (c+1)*b)});
 *     1 otherwise
 */
public record Coupling(String layer, LayerType type, CouplingRole role, int blockSize) {}
