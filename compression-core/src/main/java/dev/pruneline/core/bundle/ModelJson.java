package dev.pruneline.core.bundle;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Versioned reader and writer of {@code model.json}. Version 1 is the only one so far; a file of
 * a newer version is rejected with a message telling the user to upgrade, never half-read.
 */
public final class ModelJson {
    /** The schema version this code writes and the newest it reads. */
    public static final int SCHEMA_VERSION = 1;
    /** Most values one input image may hold (channels x height x width): 64 Mi, room for a 4,096 x 4,096 colour image. */
    public static final long MAX_INPUT_VALUES = 1L << 26;

    static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Set<String> LAYER_KEYS = Set.of("name", "type", "inputs");

    private ModelJson() {}

    /** Reads and checks a model.json file. */
    public static ModelSpec read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new BundleException("bundle " + file.getParent() + " lacks model.json");
        } catch (IOException e) {
            throw new BundleException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return parse(bytes, file.toString());
    }

    /** Parses model.json content; {@code source} names the file in error messages. */
    public static ModelSpec parse(byte[] json, String source) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            String where = loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
            throw new BundleException(source + " is not valid JSON" + where + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new BundleException("cannot read " + source + ": " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new BundleException(source + " must hold a JSON object");
        }
        JsonNode version = root.get("schemaVersion");
        if (version == null || !version.canConvertToInt()) {
            throw new BundleException(source + " lacks an integer 'schemaVersion' (expected " + SCHEMA_VERSION + ")");
        }
        int v = version.intValue();
        if (v > SCHEMA_VERSION) {
            throw new BundleException(source + " has schemaVersion " + v + ", newer than this pruneline reads (up to "
                    + SCHEMA_VERSION + "); upgrade pruneline to load it");
        }
        if (v < 1) {
            throw new BundleException(source + " has invalid schemaVersion " + v);
        }
        return readV1(root, source);
    }

    private static ModelSpec readV1(JsonNode root, String source) {
        String name = text(root, "name", source, true);
        String version = text(root, "version", source, false);
        List<Integer> inputShape = new ArrayList<>();
        for (JsonNode n : array(root, "inputShape", source)) {
            if (!n.canConvertToInt() || n.intValue() <= 0) {
                throw new BundleException(source + ": inputShape must hold positive integers, found " + n);
            }
            inputShape.add(n.intValue());
        }
        if (inputShape.size() != 3) {
            throw new BundleException(source + ": inputShape must be [channels, height, width], found " + inputShape);
        }
        long inputValues = (long) inputShape.get(0) * inputShape.get(1) * inputShape.get(2);
        if (inputValues > MAX_INPUT_VALUES) {
            throw new BundleException(source + ": inputShape " + inputShape + " holds " + inputValues
                    + " values per image, more than the " + MAX_INPUT_VALUES + " pruneline takes");
        }
        List<String> classes = new ArrayList<>();
        array(root, "classes", source).forEach(n -> classes.add(n.asText()));
        if (classes.size() < 2) {
            throw new BundleException(source + ": 'classes' must list at least two labels");
        }
        Normalization norm = Normalization.mnist();
        JsonNode normNode = root.get("normalization");
        if (normNode != null && !normNode.isNull()) {
            norm = new Normalization(doubles(normNode, "mean", source), doubles(normNode, "std", source));
        }
        JsonNode ds = root.get("dataset");
        String datasetName =
                ds != null && ds.hasNonNull("name") ? ds.get("name").asText() : null;
        List<LayerSpec> layers = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (JsonNode ln : array(root, "layers", source)) {
            LayerSpec layer = readLayer(ln, source, layers.size());
            for (String in : layer.inputs()) {
                if (!seen.contains(in)) {
                    throw new BundleException(
                            "layer '" + layer.name() + "': input '" + in + "' is not an earlier layer in " + source);
                }
            }
            if (!seen.add(layer.name())) {
                throw new BundleException(source + ": layer name '" + layer.name() + "' is used twice");
            }
            layers.add(layer);
        }
        if (layers.isEmpty()) {
            throw new BundleException(source + ": 'layers' is empty");
        }
        return new ModelSpec(
                v1(),
                name,
                version,
                inputShape,
                classes,
                norm,
                datasetName,
                layers,
                map(root.get("metrics")),
                map(root.get("provenance")),
                onnx(root.get("onnx"), source));
    }

    private static OnnxInterface onnx(JsonNode node, String source) {
        if (node == null || node.isNull()) {
            return null;
        }
        String input = text(node, "input", source + " onnx", true);
        String output = text(node, "output", source + " onnx", true);
        JsonNode opset = node.get("opset");
        if (opset == null || !opset.canConvertToInt()) {
            throw new BundleException(source + ": onnx.opset must be an integer");
        }
        String layout = node.path("inputLayout").asText("NCHW");
        if (!layout.equals("NCHW") && !layout.equals("NHWC")) {
            throw new BundleException(source + ": onnx.inputLayout must be NCHW or NHWC, found " + layout);
        }
        return new OnnxInterface(
                input, output, opset.intValue(), node.path("softmaxOutput").asBoolean(false), layout.equals("NHWC"));
    }

    private static int v1() {
        return SCHEMA_VERSION;
    }

    private static LayerSpec readLayer(JsonNode ln, String source, int index) {
        if (!ln.isObject()) {
            throw new BundleException(source + ": layer #" + index + " must be an object");
        }
        String name = text(ln, "name", source + " layer #" + index, true);
        String typeName = text(ln, "type", "layer '" + name + "'", true);
        LayerType type = LayerType.parse(name, typeName);
        List<String> inputs = new ArrayList<>();
        JsonNode in = ln.get("inputs");
        if (in != null && in.isArray()) {
            in.forEach(n -> inputs.add(n.asText()));
        }
        if (type.isMerge() && inputs.size() < 2) {
            throw new BundleException("layer '" + name + "': a " + typeName + " layer needs at least two 'inputs'");
        }
        if (type == LayerType.MUL && inputs.size() != 2) {
            throw new BundleException("layer '" + name + "': a mul layer multiplies exactly two 'inputs'");
        }
        Map<String, Object> attrs = new LinkedHashMap<>();
        ln.fields().forEachRemaining(e -> {
            if (!LAYER_KEYS.contains(e.getKey())) {
                attrs.put(e.getKey(), MAPPER.convertValue(e.getValue(), Object.class));
            }
        });
        return new LayerSpec(name, type, attrs, inputs);
    }

    private static String text(JsonNode node, String key, String where, boolean required) {
        JsonNode n = node.get(key);
        if (n == null || n.isNull()) {
            if (required) {
                throw new BundleException(where + " lacks '" + key + "'");
            }
            return null;
        }
        return n.asText();
    }

    private static JsonNode array(JsonNode node, String key, String source) {
        JsonNode n = node.get(key);
        if (n == null || !n.isArray()) {
            throw new BundleException(source + " lacks the array '" + key + "'");
        }
        return n;
    }

    private static List<Double> doubles(JsonNode node, String key, String source) {
        List<Double> out = new ArrayList<>();
        for (JsonNode n : array(node, key, source + " normalization")) {
            out.add(n.asDouble());
        }
        return out;
    }

    private static Map<String, Object> map(JsonNode node) {
        if (node == null || !node.isObject()) {
            return Map.of();
        }
        return MAPPER.convertValue(node, new TypeReference<LinkedHashMap<String, Object>>() {});
    }

    /** Serializes a spec as model.json bytes (UTF-8, indented, stable key order). */
    public static byte[] toBytes(ModelSpec spec) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("schemaVersion", SCHEMA_VERSION);
        root.put("name", spec.name());
        if (spec.version() != null) {
            root.put("version", spec.version());
        }
        ArrayNode shape = root.putArray("inputShape");
        spec.inputShape().forEach(shape::add);
        ArrayNode classes = root.putArray("classes");
        spec.classes().forEach(classes::add);
        ObjectNode norm = root.putObject("normalization");
        spec.normalization().mean().forEach(norm.putArray("mean")::add);
        spec.normalization().std().forEach(norm.putArray("std")::add);
        if (spec.datasetName() != null) {
            root.putObject("dataset").put("name", spec.datasetName());
        }
        ArrayNode layers = root.putArray("layers");
        for (LayerSpec l : spec.layers()) {
            ObjectNode ln = layers.addObject();
            ln.put("name", l.name());
            ln.put("type", l.type().jsonName());
            if (!l.inputs().isEmpty()) {
                l.inputs().forEach(ln.putArray("inputs")::add);
            }
            // sorted: the attributes are held in an unordered map, whose order changes from one JVM run to the next
            new TreeMap<>(l.attributes()).forEach((k, val) -> ln.set(k, MAPPER.valueToTree(val)));
        }
        root.set("metrics", MAPPER.valueToTree(spec.metrics()));
        root.set("provenance", MAPPER.valueToTree(spec.provenance()));
        if (spec.onnx() != null) {
            ObjectNode onnx = root.putObject("onnx");
            onnx.put("input", spec.onnx().inputName());
            onnx.put("output", spec.onnx().outputName());
            onnx.put("opset", spec.onnx().opset());
            onnx.put("softmaxOutput", spec.onnx().softmaxOutput());
            onnx.put("inputLayout", spec.onnx().channelsLast() ? "NHWC" : "NCHW");
        }
        try {
            return MAPPER.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new BundleException("cannot serialize model.json for '" + spec.name() + "': " + e.getMessage(), e);
        }
    }
}
