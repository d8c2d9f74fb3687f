package dev.pruneline.core.onnx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pruneline.core.bundle.BundleException;
import dev.pruneline.core.bundle.Normalization;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What an ONNX file cannot say about an image classifier, read from the optional
 * {@code pruneline.json} beside {@code model.onnx}:
 *
 * <pre>{"classes": ["cat", "dog"], "normalization": {"mean": [0.485, 0.456, 0.406], "std": [0.229, 0.224, 0.225]},
 *  "dataset": "pets"}</pre>
 *
 * @param classes class names in output order; null: numbered from the output size
 * @param normalization per-channel mean and std applied to pixels scaled to [0, 1]; null: none
 * @param dataset name of the data set the model is for; null when not given
 */
public record OnnxMetadata(List<String> classes, Normalization normalization, String dataset) {
    /** No pruneline.json. */
    public static final OnnxMetadata NONE = new OnnxMetadata(null, null, null);

    /** Name of the file inside a bundle folder or zip. */
    public static final String FILE = "pruneline.json";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    public OnnxMetadata {
        classes = classes == null ? null : List.copyOf(classes);
    }

    /**
     * Parses pruneline.json.
     *
     * @throws BundleException naming the field at fault
     */
    public static OnnxMetadata parse(byte[] json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (IOException e) {
            throw new BundleException(FILE + " is not valid JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new BundleException(FILE + " must hold a JSON object");
        }
        List<String> classes = null;
        JsonNode c = root.get("classes");
        if (c != null && !c.isNull()) {
            if (!c.isArray() || c.size() < 2) {
                throw new BundleException(FILE + ": 'classes' must be a list of at least two names");
            }
            classes = new ArrayList<>();
            for (JsonNode n : c) {
                classes.add(n.asText());
            }
        }
        Normalization norm = null;
        JsonNode n = root.get("normalization");
        if (n != null && !n.isNull()) {
            norm = new Normalization(numbers(n, "mean"), numbers(n, "std"));
        }
        JsonNode d = root.get("dataset");
        String dataset =
                d == null || d.isNull() ? null : d.isObject() ? d.path("name").asText(null) : d.asText();
        return new OnnxMetadata(classes, norm, dataset);
    }

    private static List<Double> numbers(JsonNode node, String key) {
        JsonNode a = node.get(key);
        if (a == null || !a.isArray() || a.isEmpty()) {
            throw new BundleException(FILE + ": normalization." + key + " must be a non-empty list of numbers");
        }
        List<Double> out = new ArrayList<>();
        for (JsonNode v : a) {
            if (!v.isNumber()) {
                throw new BundleException(FILE + ": normalization." + key + " holds " + v + ", not a number");
            }
            out.add(v.doubleValue());
        }
        return out;
    }
}
