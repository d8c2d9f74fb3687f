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
    ADD;

    /** The lower-case name used in model.json. */
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** True for layers whose weight tensors are pruned (conv2d and linear). */
    public boolean hasPrunableWeight() {
        return this == CONV2D || this == LINEAR;
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
