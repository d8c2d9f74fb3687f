package dev.pruneline.core.bundle;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The content of a bundle's {@code model.json}.
 *
 * @param schemaVersion format version, {@link ModelJson#SCHEMA_VERSION} when written by this code
 * @param name model name
 * @param version release version, may be null
 * @param inputShape input shape without batch, e.g. {@code [1, 28, 28]}
 * @param classes class labels, index = network output
 * @param normalization input normalization
 * @param datasetName name of the dataset the model was trained for (e.g. {@code mnist})
 * @param layers the architecture graph in evaluation order
 * @param metrics measured metrics (accuracy, parameters, nonzero_parameters, macs, sparsity, engine_mode, ...)
 * @param provenance how the bundle was made (parent bundle digest, criterion, ...)
 * @param onnx the interface of the ONNX model this one was imported from; null for model.json
 *     releases
 */
public record ModelSpec(
        int schemaVersion,
        String name,
        String version,
        List<Integer> inputShape,
        List<String> classes,
        Normalization normalization,
        String datasetName,
        List<LayerSpec> layers,
        Map<String, Object> metrics,
        Map<String, Object> provenance,
        OnnxInterface onnx) {

    /** A spec of a model.json release (no ONNX origin). */
    public ModelSpec(
            int schemaVersion,
            String name,
            String version,
            List<Integer> inputShape,
            List<String> classes,
            Normalization normalization,
            String datasetName,
            List<LayerSpec> layers,
            Map<String, Object> metrics,
            Map<String, Object> provenance) {
        this(
                schemaVersion,
                name,
                version,
                inputShape,
                classes,
                normalization,
                datasetName,
                layers,
                metrics,
                provenance,
                null);
    }

    public ModelSpec {
        inputShape = List.copyOf(inputShape);
        classes = List.copyOf(classes);
        layers = List.copyOf(layers);
        metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
        provenance = Collections.unmodifiableMap(new LinkedHashMap<>(provenance));
    }

    /** A copy with other metrics. */
    public ModelSpec withMetrics(Map<String, Object> newMetrics) {
        return new ModelSpec(
                schemaVersion,
                name,
                version,
                inputShape,
                classes,
                normalization,
                datasetName,
                layers,
                newMetrics,
                provenance,
                onnx);
    }

    /** A copy with another model name. */
    public ModelSpec withName(String newName) {
        return new ModelSpec(
                schemaVersion,
                newName,
                version,
                inputShape,
                classes,
                normalization,
                datasetName,
                layers,
                metrics,
                provenance,
                onnx);
    }

    /** A copy with other class names (as many as before). */
    public ModelSpec withClasses(List<String> newClasses) {
        return new ModelSpec(
                schemaVersion,
                name,
                version,
                inputShape,
                newClasses,
                normalization,
                datasetName,
                layers,
                metrics,
                provenance,
                onnx);
    }

    /** A copy with other provenance. */
    public ModelSpec withProvenance(Map<String, Object> newProvenance) {
        return new ModelSpec(
                schemaVersion,
                name,
                version,
                inputShape,
                classes,
                normalization,
                datasetName,
                layers,
                metrics,
                newProvenance,
                onnx);
    }

    /** A copy with another architecture graph (same names, e.g. after channel surgery). */
    public ModelSpec withLayers(List<LayerSpec> newLayers) {
        return new ModelSpec(
                schemaVersion,
                name,
                version,
                inputShape,
                classes,
                normalization,
                datasetName,
                newLayers,
                metrics,
                provenance,
                onnx);
    }

    /** The layer of that name. */
    public LayerSpec layer(String layerName) {
        return layers.stream()
                .filter(l -> l.name().equals(layerName))
                .findFirst()
                .orElseThrow(() -> new BundleException("model '" + name + "' has no layer '" + layerName + "'"));
    }
}
