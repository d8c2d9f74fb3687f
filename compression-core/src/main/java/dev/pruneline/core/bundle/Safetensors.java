package dev.pruneline.core.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reader and writer of the safetensors format (https://github.com/huggingface/safetensors): an
 * 8-byte little-endian header length, a JSON header {@code {name: {dtype, shape, data_offsets}},
 * "__metadata__": {..}}}, then raw little-endian data. Only F32 tensors are written and read.
 */
public final class Safetensors {
    private static final long MAX_HEADER = 100L * 1024 * 1024;

    private Safetensors() {
    }

    /** Writes the tensors in the given order; {@code metadata} values must be strings. */
    public static void write(Path file, Iterable<Tensor> tensors, Map<String, String> metadata) {
        ObjectNode header = ModelJson.MAPPER.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = header.putObject("__metadata__");
            metadata.forEach(meta::put);
        }
        long offset = 0;
        for (Tensor t : tensors) {
            ObjectNode n = header.putObject(t.name());
            n.put("dtype", "F32");
            var shape = n.putArray("shape");
            for (int d : t.shape()) {
                shape.add(d);
            }
            long end = offset + 4L * t.data().length;
            n.putArray("data_offsets").add(offset).add(end);
            offset = end;
        }
        byte[] json = header.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        try (OutputStream out = Files.newOutputStream(file)) {
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded);
            out.write(len.array());
            out.write(json);
            for (int i = json.length; i < padded; i++) {
                out.write(' ');
            }
            for (Tensor t : tensors) {
                ByteBuffer buf = ByteBuffer.allocate(4 * t.data().length).order(ByteOrder.LITTLE_ENDIAN);
                buf.asFloatBuffer().put(t.data());
                out.write(buf.array());
            }
        } catch (IOException e) {
            throw new BundleException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads every tensor, in header order. */
    public static Map<String, Tensor> read(Path file) {
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
            throw new BundleException(file + ": header length " + headerLen + " does not fit the file ("
                    + bytes.length + " bytes); is it a safetensors file?");
        }
        JsonNode header;
        try {
            header = ModelJson.MAPPER.readTree(new String(bytes, 8, (int) headerLen, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new BundleException(file + ": the safetensors header is not valid JSON: " + e.getMessage(), e);
        }
        long dataStart = 8 + headerLen;
        long dataLen = bytes.length - dataStart;
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals("__metadata__")) {
                continue;
            }
            out.put(e.getKey(), readTensor(file, e.getKey(), e.getValue(), buf, dataStart, dataLen));
        }
        return out;
    }

    private static Tensor readTensor(Path file, String name, JsonNode n, ByteBuffer buf, long dataStart,
            long dataLen) {
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
        float[] data = new float[(int) count];
        buf.slice((int) (dataStart + begin), (int) (end - begin)).order(ByteOrder.LITTLE_ENDIAN)
                .asFloatBuffer().get(data);
        return new Tensor(name, shape, data);
    }
}
