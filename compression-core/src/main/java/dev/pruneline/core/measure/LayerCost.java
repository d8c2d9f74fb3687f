package dev.pruneline.core.measure;

/**
 * Cost of one layer.
 *
 * @param layer layer name
 * @param type layer type name
 * @param parameters trainable parameters (weights and biases; batch-norm running statistics excluded)
 * @param nonzeroParameters trainable parameters that are not exactly zero
 * @param macs multiply-accumulates per image: {@code out_c*in_c*k*k*out_h*out_w} for conv,
 *     {@code out*in} for linear, 0 otherwise
 * @param nonzeroMacs MACs of the non-zero weights only (what a sparse kernel would execute)
 * @param weightSparsity share of the weight tensor that is zero (0 for layers without weights)
 * @param energyMicrojoules estimated energy per image ({@link EnergyModel}), 0 for layers without weights
 * @param width the layer's width: output channels of a conv or batch norm, output features of a linear layer, 0 for
 *     the others (and in reports written before widths were recorded)
 */
public record LayerCost(
        String layer,
        String type,
        long parameters,
        long nonzeroParameters,
        long macs,
        long nonzeroMacs,
        double weightSparsity,
        double energyMicrojoules,
        int width) {}
