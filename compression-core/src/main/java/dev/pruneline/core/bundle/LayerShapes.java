package dev.pruneline.core.bundle;

import java.util.Map;

/**
 * Shapes of one layer derived from the graph (batch dimension left out).
 *
 * @param layer the layer
 * @param input shape of the (first) input, e.g. {@code [6, 14, 14]}
 * @param output shape of the output
 * @param parameters expected parameter tensors by full name ({@code conv1.weight}) in a stable order
 */
public record LayerShapes(LayerSpec layer, int[] input, int[] output, Map<String, int[]> parameters) {}
