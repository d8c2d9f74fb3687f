package dev.pruneline.core.bundle;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The layer kinds a model.json graph may use; {@link #jsonName()} is the spelling in the file. */
public enum LayerType {
    CONV2D,
    BATCHNORM,
    RELU,
    MAXPOOL,
    AVGPOOL,
    FLATTEN,
    LINEAR,
    DROPOUT,
    ADD,
    /** Element-wise clamp to {@code [min, max]} (ReLU6 is {@code min 0, max 6}). */
    CLIP,
    /** {@code x} where positive, {@code alpha * x} elsewhere. */
    LEAKYRELU,
    SIGMOID,
    /** {@code clip(alpha * x + beta, 0, 1)}. */
    HARDSIGMOID,
    /** {@code x * clip(x / 6 + 1/2, 0, 1)}. */
    HARDSWISH,
    /** Mean over height and width, keeping them as 1 x 1. */
    GLOBALAVGPOOL,
    /** Element-wise product of two inputs, one of them broadcast (channel gating, squeeze-and-excitation). */
    MUL,
    /** Inputs stacked along the channel axis, in the order of {@code inputs}. */
    CONCAT,
    /** Constant padding of height and width, {@code [top, left, bottom, right]}, possibly unequal. */
    PAD;

    /** The lower-case name used in model.json. */
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** True for layers whose weight tensors are pruned (conv2d and linear). */
    public boolean hasPrunableWeight() {
        return this == CONV2D || this == LINEAR;
    }

    /** True for layers that combine the outputs of several layers (their {@code inputs} list is required). */
    public boolean isMerge() {
        return this == ADD || this == MUL || this == CONCAT;
    }

    /** True for element-wise non-linearities that keep every channel where it is. */
    public boolean isActivation() {
        return this == RELU
                || this == CLIP
                || this == LEAKYRELU
                || this == SIGMOID
                || this == HARDSIGMOID
                || this == HARDSWISH;
    }

    /**
     * Parses a model.json type name.
     *
     * @throws BundleException naming the layer and listing the known types
     */
    public static LayerType parse(String layerName, String type) {
        for (LayerType t : values()) {
            if (t.jsonName().equals(type)) {
                return t;
            }
        }
        throw new BundleException("layer '" + layerName + "': unknown type '" + type + "' (known: " + known() + ")");
    }

    /** Comma-separated list of the known type names. */
    public static String known() {
        return Arrays.stream(values()).map(LayerType::jsonName).collect(Collectors.joining(", "));
    }
}
