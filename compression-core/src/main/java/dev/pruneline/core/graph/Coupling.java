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
 * @param offset where the group's channel 0 sits in the layer's channels: 0 unless a concat put
 *     other channels before it (a consumer or norm after a concat reads several groups side by side)
 */
public record Coupling(String layer, LayerType type, CouplingRole role, int blockSize, int offset) {

    /** A coupling at offset 0. */
    public Coupling(String layer, LayerType type, CouplingRole role, int blockSize) {
        this(layer, type, role, blockSize, 0);
    }

    /** The layer's channel indices of the group's channels {@code channels}. */
    public int[] shifted(int[] channels) {
        int[] out = new int[channels.length];
        for (int i = 0; i < channels.length; i++) {
            out[i] = channels[i] + offset;
        }
        return out;
    }
}
