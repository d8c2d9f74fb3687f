package dev.pruneline.faults;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pruneline.core.bundle.BundleArchive;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Uploads that must be refused: broken archives, bundles and data sets, made from a valid bundle and data set. Each
 * names words the refusal must contain, so that a test can tell that the answer names the problem.
 */
final class MalformedUploads {

    /**
     * One bad upload: a release of the model {@code target}, or, with {@code isDataset}, an upload of the data set
     * {@code target}.
     */
    record Upload(
            String name,
            boolean isDataset,
            String target,
            Map<String, String> query,
            Path body,
            int status,
            String mention) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    static final String MODEL = "faults-bad";

    private final Path dir;
    private final Path bundle;
    private final Path data;
    private final String dataset;
    private final Path onnx;
    private final List<Upload> uploads = new ArrayList<>();

    private MalformedUploads(Path dir, Path bundle, Path data, String dataset, Path onnx) {
        this.dir = dir;
        this.bundle = bundle;
        this.data = data;
        this.dataset = dataset;
        this.onnx = onnx;
    }

    /**
     * Makes every bad upload under {@code dir}.
     *
     * @param bundle           a valid bundle folder the releases derive from
     * @param data             the valid data set folder (MNIST layout) the data set uploads derive from
     * @param dataset          the name under which {@code data} was uploaded
     * @param onnx             an ONNX image classifier for 3-channel images, which {@code data} does not fit
     * @param maxBundleBytes   ingest's limit on a release body
     * @param maxExtractedBytes ingest's limit on what an archive inflates to
     */
    static List<Upload> make(
            Path dir, Path bundle, Path data, String dataset, Path onnx, long maxBundleBytes, long maxExtractedBytes)
            throws IOException {
        Files.createDirectories(dir);
        MalformedUploads m = new MalformedUploads(dir, bundle, data, dataset, onnx);
        m.archives(maxBundleBytes, maxExtractedBytes);
        m.modelJsons();
        m.weights();
        m.requests();
        m.datasets();
        return List.copyOf(m.uploads);
    }

    private void archives(long maxBundleBytes, long maxExtractedBytes) throws IOException {
        release("zip slip", zip("slip", Map.of("model.json", "{}", "../evil", "gotcha")), 400, "../evil");
        release("absolute entry", zip("absolute", Map.of("model.json", "{}", "/tmp/evil", "gotcha")), 400, "/tmp/evil");
        Path bomb = dir.resolve("bomb.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(bomb))) {
            out.putNextEntry(new ZipEntry("weights.safetensors"));
            byte[] zeros = new byte[1 << 20];
            for (long written = 0; written <= maxExtractedBytes; written += zeros.length) {
                out.write(zeros);
            }
            out.closeEntry();
        }
        release("zip bomb", bomb, 400, "inflates to more than " + maxExtractedBytes);
        Path many = dir.resolve("many-entries.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(many))) {
            for (int i = 0; i < 100_000; i++) {
                out.putNextEntry(new ZipEntry("e" + i));
                out.closeEntry();
            }
        }
        release("100000 entries", many, 400, "entries");
        Path noise = dir.resolve("noise.bin");
        byte[] random = new byte[64 * 1024];
        new Random(3).nextBytes(random);
        Files.write(noise, random);
        release("random bytes", noise, 400, "not a zip");
        release("empty body", Files.write(dir.resolve("empty.zip"), new byte[0]), 400, "empty");
        Path good = dir.resolve("good.zip");
        BundleArchive.zip(bundle, good);
        byte[] zipped = Files.readAllBytes(good);
        release(
                "truncated zip",
                Files.write(dir.resolve("truncated.zip"), Arrays.copyOf(zipped, zipped.length / 2)),
                400,
                "truncated");
        Path oversized = dir.resolve("oversized.zip");
        try (OutputStream out = Files.newOutputStream(oversized)) {
            byte[] block = new byte[1 << 20];
            for (long written = 0; written <= maxBundleBytes; written += block.length) {
                out.write(block);
            }
        }
        release("oversized body", oversized, 413, Long.toString(maxBundleBytes));
        byte[] model = Files.readAllBytes(onnx);
        release(
                "truncated ONNX",
                Files.write(dir.resolve("truncated.onnx"), Arrays.copyOf(model, model.length * 2 / 3)),
                422,
                "onnx");
        release("ONNX for colour images, grey data set", onnx, 422, "expects input [3, 32, 32]");
    }

    private void modelJsons() throws IOException {
        release(
                "model.json not JSON",
                variant("not-json", b -> write(b.resolve("model.json"), "{\"layers\": [")),
                422,
                "not valid JSON");
        release("model.json without layers", json("no-layers", m -> m.remove("layers")), 422, "layers");
        release(
                "model.json from a newer pruneline",
                json("schema-2", m -> m.put("schemaVersion", 2)),
                422,
                "schemaVersion 2");
        release(
                "unknown layer type",
                json("unknown-type", m -> layer(m, "relu1").put("type", "swish")),
                422,
                "swish");
        release(
                "huge declared input",
                json("huge-input", m -> m.set("inputShape", JSON.valueToTree(List.of(1, 1_000_000, 1_000_000)))),
                422,
                "inputShape");
        release(
                "huge declared channels",
                json("huge-channels", m -> layer(m, "conv2").put("outChannels", 2_000_000_000)),
                422,
                "flattening");
        release(
                "weights shape differs from model.json",
                json("shape-mismatch", m -> layer(m, "conv2").put("outChannels", 8)),
                422,
                "conv2");
        release(
                "classes do not match the last layer",
                json("classes", m -> m.set("classes", JSON.valueToTree(List.of("a", "b", "c")))),
                422,
                "classes");
    }

    private void weights() throws IOException {
        release("NaN weights", variant("nan", b -> poison(b, Float.NaN)), 422, "non-finite");
        release("infinite weights", variant("inf", b -> poison(b, Float.POSITIVE_INFINITY)), 422, "non-finite");
        release(
                "truncated safetensors",
                variant("cut-weights", b -> {
                    byte[] w = read(b.resolve("weights.safetensors"));
                    write(b.resolve("weights.safetensors"), Arrays.copyOf(w, w.length / 2));
                }),
                422,
                "weights.safetensors");
        release(
                "safetensors header of 2 GB",
                variant("huge-header", b -> {
                    byte[] w = read(b.resolve("weights.safetensors"));
                    ByteBuffer.wrap(w).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 2L * 1024 * 1024 * 1024);
                    write(b.resolve("weights.safetensors"), w);
                }),
                422,
                "header");
        release(
                "missing weights",
                variant("no-weights", b -> delete(b.resolve("weights.safetensors"))),
                422,
                "weights.safetensors");
    }

    private void requests() {
        Path good = dir.resolve("good.zip");
        release(
                "unknown data set",
                MODEL,
                Map.of("version", "1", "dataset", "never-uploaded"),
                good,
                422,
                "never-uploaded");
        release(
                "sparsity above 1",
                MODEL,
                Map.of("version", "1", "dataset", dataset, "sparsity", "1.5"),
                good,
                400,
                "sparsity");
        release(
                "unknown criterion",
                MODEL,
                Map.of("version", "1", "dataset", dataset, "criterion", "astrology"),
                good,
                400,
                "astrology");
        release(
                "model name with a space",
                "bad%20name",
                Map.of("version", "1", "dataset", dataset),
                good,
                400,
                "model name");
        release(
                "version that would escape its folder",
                MODEL,
                Map.of("version", "..", "dataset", dataset),
                good,
                400,
                "version");
    }

    private void datasets() throws IOException {
        datasetUpload("data set zip slip", zip("data-slip", Map.of("../escape", "x")), 400, "../escape");
        datasetUpload(
                "IDX header claiming 10^9 images",
                idx("huge-count", 1_000_000_000, 28, 28, 10),
                422,
                "train-images-idx3-ubyte");
        datasetUpload(
                "IDX header claiming 100000x100000 images",
                idx("huge-images", 10, 100_000, 100_000, 10),
                422,
                "train-images-idx3-ubyte");
        datasetUpload("labels do not match images", idx("label-count", 600, 28, 28, 599), 422, "labels");
        datasetUpload(
                "truncated IDX",
                dataVariant("truncated-idx", d -> {
                    byte[] images = read(d.resolve("train-images-idx3-ubyte"));
                    write(d.resolve("train-images-idx3-ubyte"), Arrays.copyOf(images, images.length / 3));
                }),
                422,
                "train-images-idx3-ubyte");
        datasetUpload(
                "missing test labels",
                dataVariant("no-test-labels", d -> delete(d.resolve("t10k-labels-idx1-ubyte"))),
                422,
                "t10k-labels-idx1-ubyte");
        datasetUpload("not a data set archive", dir.resolve("noise.bin"), 400, "zip");
    }

    private void release(String name, Path body, int status, String mention) {
        release(name, MODEL, Map.of("version", "1", "dataset", dataset), body, status, mention);
    }

    private void release(String name, String model, Map<String, String> query, Path body, int status, String mention) {
        uploads.add(new Upload(name, false, model, query, body, status, mention));
    }

    private void datasetUpload(String name, Path body, int status, String mention) {
        uploads.add(new Upload(name, true, "faults-bad-data", Map.of(), body, status, mention));
    }

    private interface Edit {
        void apply(Path folder) throws IOException;
    }

    /** A zip of a copy of the valid bundle, changed by {@code edit}. */
    private Path variant(String name, Edit edit) throws IOException {
        return edited(bundle, name, edit);
    }

    private Path dataVariant(String name, Edit edit) throws IOException {
        return edited(data, "data-" + name, edit);
    }

    private Path edited(Path source, String name, Edit edit) throws IOException {
        Path copy = dir.resolve(name);
        Files.createDirectories(copy);
        try (var files = Files.list(source)) {
            for (Path f : files.toList()) {
                Files.copy(f, copy.resolve(f.getFileName()));
            }
        }
        edit.apply(copy);
        Path zip = dir.resolve(name + ".zip");
        BundleArchive.zip(copy, zip);
        return zip;
    }

    private Path json(String name, Consumer<ObjectNode> edit) throws IOException {
        return variant(name, b -> {
            ObjectNode model =
                    (ObjectNode) JSON.readTree(b.resolve("model.json").toFile());
            edit.accept(model);
            JSON.writeValue(b.resolve("model.json").toFile(), model);
        });
    }

    private static ObjectNode layer(ObjectNode model, String name) {
        for (Iterator<com.fasterxml.jackson.databind.JsonNode> it = ((ArrayNode) model.get("layers")).elements();
                it.hasNext(); ) {
            ObjectNode layer = (ObjectNode) it.next();
            if (name.equals(layer.path("name").asText())) {
                return layer;
            }
        }
        throw new IllegalArgumentException("no layer " + name);
    }

    /** Writes {@code value} over the first float of every tensor of the bundle's dense weights. */
    private static void poison(Path bundle, float value) throws IOException {
        Path file = bundle.resolve("weights.safetensors");
        byte[] bytes = read(file);
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int headerLength = (int) buffer.getLong(0);
        ObjectNode header = (ObjectNode) JSON.readTree(new String(bytes, 8, headerLength, StandardCharsets.UTF_8));
        header.fields().forEachRemaining(e -> {
            if (!e.getKey().equals("__metadata__")
                    && "F32".equals(e.getValue().path("dtype").asText())) {
                long start = e.getValue().path("data_offsets").get(0).asLong();
                buffer.putFloat((int) (8 + headerLength + start), value);
            }
        });
        write(file, bytes);
    }

    private Path zip(String name, Map<String, String> entries) throws IOException {
        Path zip = dir.resolve(name + ".zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            for (Map.Entry<String, String> e : entries.entrySet()) {
                out.putNextEntry(new ZipEntry(e.getKey()));
                out.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return zip;
    }

    /** A data set whose training images file declares {@code count} images of rows x cols but holds a few. */
    private Path idx(String name, int count, int rows, int cols, int labels) throws IOException {
        return dataVariant(name, d -> {
            try (DataOutputStream out =
                    new DataOutputStream(Files.newOutputStream(d.resolve("train-images-idx3-ubyte")))) {
                out.writeInt(0x00000803);
                out.writeInt(count);
                out.writeInt(rows);
                out.writeInt(cols);
                out.write(new byte[Math.min(count, 600) * Math.min(rows * cols, 784)]);
            }
            try (DataOutputStream out =
                    new DataOutputStream(Files.newOutputStream(d.resolve("train-labels-idx1-ubyte")))) {
                out.writeInt(0x00000801);
                out.writeInt(labels);
                out.write(new byte[labels]);
            }
        });
    }

    private static byte[] read(Path file) throws IOException {
        return Files.readAllBytes(file);
    }

    private static void write(Path file, String text) throws IOException {
        Files.writeString(file, text);
    }

    private static void write(Path file, byte[] bytes) throws IOException {
        Files.write(file, bytes);
    }

    private static void delete(Path file) throws IOException {
        Files.delete(file);
    }
}
