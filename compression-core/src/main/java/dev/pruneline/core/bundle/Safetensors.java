package dev.pruneline.core.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Reader and writer of the safetensors format (https://github.com/huggingface/safetensors): an
 * 8-byte little-endian header length, a JSON header {@code {name: {dtype, shape, data_offsets}},
 * "__metadata__": {..}}}, then raw little-endian data. Weights are F32.
 *
 * <p>Sparse encoding (for unstructured-pruned bundles, so that they are smaller on disk): a tensor
 * {@code T} that is mostly zeros may be stored as two plain tensors, {@code T.sparse_indices}
 * (flat row-major positions of the non-zeros, ascending; U16 when the dense tensor has at most
 * 65,536 elements, else I32) and {@code T.sparse_values} (F32, same length), with the dense shape
 * in the metadata entry {@code "sparse.T": "16,6,5,5"} and {@code "format": "sparse"}. Any
 * safetensors reader can load it; the dense tensor is {@code zeros(shape).flat[indices] = values}
 * (numpy). {@link #read} rebuilds dense tensors transparently. {@link #write} chooses the sparse
 * encoding per tensor only when it is at most {@value #SPARSE_SIZE_LIMIT} of the dense bytes, so a
 * dense (or channel-pruned) model is written exactly as before.
 */
public final class Safetensors {
    /** Suffix of the index tensor of a sparse-encoded tensor. */
    public static final String SPARSE_INDICES = ".sparse_indices";
    /** Suffix of the value tensor of a sparse-encoded tensor. */
    public static final String SPARSE_VALUES = ".sparse_values";
    /** Metadata key prefix holding the dense shape of a sparse-encoded tensor. */
    public static final String SPARSE_SHAPE_KEY = "sparse.";

    private static final double SPARSE_SIZE_LIMIT = 0.75;
    private static final long MAX_HEADER = 100L * 1024 * 1024;

    private Safetensors() {}

    /** One stored tensor: name, dtype, shape and little-endian bytes. */
    private record Blob(String name, String dtype, int[] shape, byte[] bytes) {}

    /**
     * Writes the tensors in the given order, each dense or sparse-encoded, whichever is smaller
     * (see the class comment); {@code metadata} values must be strings.
     */
    public static void write(Path file, Iterable<Tensor> tensors, Map<String, String> metadata) {
        List<Blob> blobs = new ArrayList<>();
        Map<String, String> meta = new TreeMap<>(metadata); // sorted: the same header in every JVM
        for (Tensor t : tensors) {
            long nnz = t.data().length - t.zeroCount();
            int indexBytes = t.data().length <= 65_536 ? 2 : 4;
            if (nnz * (4 + indexBytes) <= SPARSE_SIZE_LIMIT * 4 * t.data().length) {
                sparse(t, (int) nnz, indexBytes, blobs);
                meta.put(
                        SPARSE_SHAPE_KEY + t.name(),
                        Arrays.stream(t.shape()).mapToObj(Integer::toString).collect(Collectors.joining(",")));
                meta.put("format", "sparse");
            } else {
                ByteBuffer buf = ByteBuffer.allocate(4 * t.data().length).order(ByteOrder.LITTLE_ENDIAN);
                buf.asFloatBuffer().put(t.data());
                blobs.add(new Blob(t.name(), "F32", t.shape(), buf.array()));
            }
        }
        ObjectNode header = ModelJson.MAPPER.createObjectNode();
        if (!meta.isEmpty()) {
            ObjectNode m = header.putObject("__metadata__");
            meta.forEach(m::put);
        }
        long offset = 0;
        for (Blob b : blobs) {
            ObjectNode n = header.putObject(b.name());
            n.put("dtype", b.dtype());
            var shape = n.putArray("shape");
            for (int d : b.shape()) {
                shape.add(d);
            }
            long end = offset + b.bytes().length;
            n.putArray("data_offsets").add(offset).add(end);
            offset = end;
        }
        byte[] json = header.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
            ByteBuffer len =
                    ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded);
            out.write(len.array());
            out.write(json);
            for (int i = json.length; i < padded; i++) {
                out.write(' ');
            }
            for (Blob b : blobs) {
                out.write(b.bytes());
            }
        } catch (IOException e) {
            throw new BundleException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static void sparse(Tensor t, int nnz, int indexBytes, List<Blob> blobs) {
        ByteBuffer idx = ByteBuffer.allocate(nnz * indexBytes).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer val = ByteBuffer.allocate(nnz * 4).order(ByteOrder.LITTLE_ENDIAN);
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) {
            if (d[i] != 0f) {
                if (indexBytes == 2) {
                    idx.putShort((short) i);
                } else {
                    idx.putInt(i);
                }
                val.putFloat(d[i]);
            }
        }
        blobs.add(new Blob(t.name() + SPARSE_INDICES, indexBytes == 2 ? "U16" : "I32", new int[] {nnz}, idx.array()));
        blobs.add(new Blob(t.name() + SPARSE_VALUES, "F32", new int[] {nnz}, val.array()));
    }

    /** Largest tensor read, in elements (1 GiB of float32), dense or sparse. */
    public static final long MAX_TENSOR_ELEMENTS = 1L << 28;

    /** Reads every tensor, in header order. */
    public static Map<String, Tensor> read(Path file) {
        return read(file, null);
    }

    /**
     * Reads every tensor, in header order, refusing before allocating it a tensor whose declared
     * shape is not the one {@code expected} names (null: any shape up to {@link #MAX_TENSOR_ELEMENTS}).
     * A sparse tensor's dense shape comes from the file's metadata, so a few bytes could otherwise ask
     * for gigabytes.
     */
    public static Map<String, Tensor> read(Path file, Map<String, int[]> expected) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new BundleException("bundle " + file.getParent() + " lacks weights.safetensors");
        } catch (IOException e) {
            throw new BundleException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (bytes.length < 8) {
            throw new BundleException(file + " is too short to be a safetensors file");
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long headerLen = buf.getLong();
        if (headerLen <= 0 || headerLen > MAX_HEADER || 8 + headerLen > bytes.length) {
            throw new BundleException(file + ": header length " + headerLen + " does not fit the file (" + bytes.length
                    + " bytes); is it a safetensors file?");
        }
        JsonNode header;
        try {
            header = ModelJson.MAPPER.readTree(new String(bytes, 8, (int) headerLen, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new BundleException(file + ": the safetensors header is not valid JSON: " + e.getMessage(), e);
        }
        long dataStart = 8 + headerLen;
        long dataLen = bytes.length - dataStart;
        JsonNode meta = header.path("__metadata__");
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            if (name.equals("__metadata__") || name.endsWith(SPARSE_INDICES)) {
                continue;
            }
            if (name.endsWith(SPARSE_VALUES)) {
                String dense = name.substring(0, name.length() - SPARSE_VALUES.length());
                out.put(dense, readSparse(file, dense, header, meta, buf, dataStart, dataLen, expected));
            } else {
                out.put(name, readTensor(file, name, e.getValue(), buf, dataStart, dataLen));
            }
        }
        return out;
    }

    private static Tensor readSparse(
            Path file,
            String name,
            JsonNode header,
            JsonNode meta,
            ByteBuffer buf,
            long dataStart,
            long dataLen,
            Map<String, int[]> expected) {
        String shapeText = meta.path(SPARSE_SHAPE_KEY + name).asText("");
        JsonNode idxNode = header.get(name + SPARSE_INDICES);
        if (shapeText.isEmpty() || idxNode == null) {
            throw new BundleException(file + ": sparse tensor " + name + " lacks its " + SPARSE_INDICES
                    + " tensor or its '" + SPARSE_SHAPE_KEY + name + "' shape metadata");
        }
        int[] shape;
        try {
            shape = Arrays.stream(shapeText.split(","))
                    .mapToInt(Integer::parseInt)
                    .toArray();
        } catch (NumberFormatException e) {
            throw new BundleException(file + ": sparse tensor " + name + " has a bad shape '" + shapeText + "'");
        }
        checkDenseSize(file, name, shape, expected);
        float[] values = readTensor(
                        file, name + SPARSE_VALUES, header.get(name + SPARSE_VALUES), buf, dataStart, dataLen)
                .data();
        String dtype = idxNode.path("dtype").asText();
        int width = dtype.equals("U16") ? 2 : dtype.equals("I32") ? 4 : -1;
        long begin = idxNode.path("data_offsets").path(0).asLong(-1);
        long end = idxNode.path("data_offsets").path(1).asLong(-1);
        if (width < 0 || begin < 0 || end > dataLen || end - begin != (long) width * values.length) {
            throw new BundleException(file + ": sparse tensor " + name + " has indices of dtype " + dtype
                    + " that do not match its " + values.length + " values (expected U16 or I32)");
        }
        float[] data = new float[(int) Tensor.elementCount(shape)];
        ByteBuffer idx =
                buf.slice((int) (dataStart + begin), (int) (end - begin)).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < values.length; i++) {
            int pos = width == 2 ? Short.toUnsignedInt(idx.getShort()) : idx.getInt();
            if (pos < 0 || pos >= data.length) {
                throw new BundleException(file + ": sparse tensor " + name + " has index " + pos + " outside shape "
                        + Tensor.shapeText(shape));
            }
            data[pos] = values[i];
        }
        return new Tensor(name, shape, data);
    }

    private static Tensor readTensor(Path file, String name, JsonNode n, ByteBuffer buf, long dataStart, long dataLen) {
        String dtype = n.path("dtype").asText();
        if (!dtype.equals("F32")) {
            throw new BundleException(file + ": tensor " + name + " has dtype " + dtype + "; only F32 is supported");
        }
        JsonNode shapeNode = n.path("shape");
        int[] shape = new int[shapeNode.size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = shapeNode.get(i).intValue();
        }
        long begin = n.path("data_offsets").path(0).asLong(-1);
        long end = n.path("data_offsets").path(1).asLong(-1);
        long count = Tensor.elementCount(shape);
        if (begin < 0 || end > dataLen || end - begin != 4 * count) {
            throw new BundleException(file + ": tensor " + name + " has data_offsets [" + begin + "," + end
                    + "] that do not match shape " + Tensor.shapeText(shape) + " or the file size");
        }
        checkDenseSize(file, name, shape, null);
        float[] data = new float[(int) count];
        buf.slice((int) (dataStart + begin), (int) (end - begin))
                .order(ByteOrder.LITTLE_ENDIAN)
                .asFloatBuffer()
                .get(data);
        return new Tensor(name, shape, data);
    }

    /** Refuses a declared shape that is negative, too large, or not the one model.json implies. */
    private static void checkDenseSize(Path file, String name, int[] shape, Map<String, int[]> expected) {
        long n = 1;
        for (int d : shape) {
            if (d < 0 || (d > 0 && n > MAX_TENSOR_ELEMENTS / d)) {
                throw new BundleException(file + ": tensor " + name + " declares shape " + Arrays.toString(shape)
                        + ", more than the " + MAX_TENSOR_ELEMENTS + " elements read");
            }
            n *= d;
        }
        if (expected != null && expected.containsKey(name) && !Arrays.equals(expected.get(name), shape)) {
            throw new BundleException("tensor " + name + " has shape " + Tensor.shapeText(shape) + " but model.json"
                    + " requires " + Tensor.shapeText(expected.get(name)));
        }
    }
}
