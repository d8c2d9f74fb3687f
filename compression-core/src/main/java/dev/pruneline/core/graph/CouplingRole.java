package dev.pruneline.core.graph;

/** How a layer takes part in a channel group. */
public enum CouplingRole {
    /** The layer's output channels (conv filters, linear neurons) are the group's channels. */
    PRODUCER,
    /**
     * A per-channel layer in between (batch-norm, depthwise convolution): every per-channel tensor
     * follows the group.
     */
    NORM,
    /** The layer reads the group's channels as its input channels (conv) or input features (linear). */
    CONSUMER
}
