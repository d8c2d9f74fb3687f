package dev.pruneline.core.bundle;

import dev.pruneline.core.onnx.OnnxBundles;
import dev.pruneline.core.onnx.OnnxExport;
import dev.pruneline.core.onnx.OnnxMetadata;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A model in memory: its {@link ModelSpec} and its parameter tensors keyed by name in graph order.
 * Bundles are validated when loaded and before saved, so a bundle object is always consistent.
 *
 * @param spec the model.json content
 * @param tensors parameter tensors, e.g. {@code conv1.weight}
 */
public record ModelBundle(ModelSpec spec, Map<String, Tensor> tensors) {
    /** Name of the architecture file inside a bundle. */
    public static final String MODEL_JSON = "model.json";
    /** Name of the weights file inside a bundle. */
    public static final String WEIGHTS = "weights.safetensors";
    /** Name of the ONNX model inside a bundle: the release itself for ONNX releases, an export otherwise. */
    public static final String MODEL_ONNX = "model.onnx";
    /** Most parameters (float32 values) a model.json graph may declare: 2 GiB of weights. */
    public static final long MAX_PARAMETERS = 1L << 29;
    /** Largest bare {@code .onnx} file read. */
    public static final long MAX_ONNX_BYTES = Integer.MAX_VALUE - 8L;
    /** Largest uncompressed size accepted when a bundle is given as a zip archive. */
    public static final long MAX_ARCHIVE_BYTES = 2L * 1024 * 1024 * 1024;

    public ModelBundle {
        tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
        BundleValidator.check(spec, tensors);
    }

    /**
     * Loads and validates a bundle: a folder or {@code .zip} archive holding model.json and
     * weights.safetensors, or holding model.onnx (with an optional pruneline.json), or a bare
     * {@code .onnx} file. A folder with both reads model.json (its model.onnx is an export).
     *
     * @throws BundleException naming the missing file, bad JSON position, layer, node or tensor at fault
     */
    public static ModelBundle load(Path path) {
        if (Files.isRegularFile(path)) {
            return path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".onnx")
                    ? OnnxBundles.readFile(path, OnnxMetadata.NONE, baseName(path))
                    : loadArchive(path);
        }
        if (!Files.isDirectory(path)) {
            throw new BundleException("bundle " + path + " does not exist (expected a folder with " + MODEL_JSON
                    + " and " + WEIGHTS + ", or with " + MODEL_ONNX + ", a zip of one, or an .onnx file)");
        }
        if (!Files.exists(path.resolve(MODEL_JSON)) && Files.exists(path.resolve(MODEL_ONNX))) {
            return OnnxBundles.readFolder(path, baseName(path));
        }
        ModelSpec spec = ModelJson.read(path.resolve(MODEL_JSON));
        Map<String, int[]> expected = ShapeInference.parameterShapes(spec);
        long parameters =
                expected.values().stream().mapToLong(Tensor::elementCount).sum();
        if (parameters > MAX_PARAMETERS) {
            throw new BundleException("model '" + spec.name() + "' declares " + parameters
                    + " parameters, more than the " + MAX_PARAMETERS + " a bundle may hold");
        }
        Map<String, Tensor> tensors = Safetensors.read(path.resolve(WEIGHTS), expected);
        return new ModelBundle(spec, tensors);
    }

    /** The file or folder name without its extension, as a model name. */
    static String baseName(Path path) {
        Path file = path.toAbsolutePath().normalize().getFileName();
        String name = file == null ? "model" : file.toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    private static ModelBundle loadArchive(Path zip) {
        Path tmp = null;
        try {
            tmp = Files.createTempDirectory("pruneline-bundle");
            try (InputStream in = Files.newInputStream(zip)) {
                BundleArchive.extract(in, tmp, MAX_ARCHIVE_BYTES, BundleArchive.MAX_BUNDLE_ENTRIES);
            }
            ModelBundle b = load(tmp);
            return b.spec().onnx() != null && b.spec().name().equals(baseName(tmp))
                    ? b.withSpec(b.spec().withName(baseName(zip)))
                    : b;
        } catch (IOException e) {
            throw new BundleException("cannot read bundle archive " + zip + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                deleteTree(tmp);
            }
        }
    }

    /**
     * Writes {@code model.json}, {@code weights.safetensors} and the same model as {@code model.onnx}
     * into {@code dir} (created if needed).
     */
    public void save(Path dir) {
        try {
            Files.createDirectories(dir);
            Files.write(dir.resolve(MODEL_JSON), ModelJson.toBytes(spec));
            Files.write(dir.resolve(MODEL_ONNX), OnnxExport.toBytes(this));
        } catch (IOException e) {
            throw new BundleException("cannot write bundle to " + dir + ": " + e.getMessage(), e);
        }
        Safetensors.write(dir.resolve(WEIGHTS), tensors.values(), Map.of("format", "pruneline", "model", spec.name()));
    }

    /** The tensor of that name. */
    public Tensor tensor(String name) {
        Tensor t = tensors.get(name);
        if (t == null) {
            throw new BundleException("model '" + spec.name() + "' has no tensor " + name);
        }
        return t;
    }

    /** A copy with other model.json content (tensors are re-validated against it). */
    public ModelBundle withSpec(ModelSpec newSpec) {
        return new ModelBundle(newSpec, tensors);
    }

    /** A copy with the given tensors replaced. */
    public ModelBundle withTensors(List<Tensor> replaced) {
        Map<String, Tensor> copy = new LinkedHashMap<>(tensors);
        replaced.forEach(t -> copy.put(t.name(), t));
        return new ModelBundle(spec, copy);
    }

    static void deleteTree(Path root) {
        try (var walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // best effort clean-up of a temporary folder
        }
    }
}
