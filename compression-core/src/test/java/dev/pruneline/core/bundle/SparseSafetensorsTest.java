package dev.pruneline.core.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pruneline.core.TestModels;
import dev.pruneline.core.ThreadAllocation;
import dev.pruneline.core.criteria.CriterionContext;
import dev.pruneline.core.criteria.MagnitudeCriterion;
import dev.pruneline.core.prune.GlobalPruner;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SparseSafetensorsTest {
    @TempDir
    Path tmp;

    @Test
    void sparseBundleIsSmallerOnDiskAndLoadsBackBitForBit() throws Exception {
        ModelBundle dense = TestModels.lenet5();
        ModelBundle sparse = GlobalPruner.prune(CriterionContext.of(dense, Map.of()), new MagnitudeCriterion(), 0.9)
                .bundle();
        dense.save(tmp.resolve("dense"));
        sparse.save(tmp.resolve("sparse"));
        long denseBytes = Files.size(tmp.resolve("dense").resolve(ModelBundle.WEIGHTS));
        long sparseBytes = Files.size(tmp.resolve("sparse").resolve(ModelBundle.WEIGHTS));
        System.out.printf("LeNet-5 weights: dense %d bytes, 90%% sparse %d bytes%n", denseBytes, sparseBytes);
        assertTrue(sparseBytes < 0.3 * denseBytes, sparseBytes + " vs " + denseBytes);

        ModelBundle back = ModelBundle.load(tmp.resolve("sparse"));
        sparse.tensors().forEach((name, t) -> assertTrue(t.sameAs(back.tensor(name)), name));
    }

    @Test
    void writesTheDocumentedNamesAndMetadata() throws Exception {
        ModelBundle sparse = GlobalPruner.prune(
                        CriterionContext.of(TestModels.lenet5(), Map.of()), new MagnitudeCriterion(), 0.9)
                .bundle();
        Path file = tmp.resolve("w.safetensors");
        Safetensors.write(file, sparse.tensors().values(), Map.of("format", "pruneline"));
        JsonNode header = header(file);
        assertEquals("sparse", header.at("/__metadata__/format").asText());
        assertEquals("120,400", header.at("/__metadata__/sparse.fc1.weight").asText());
        assertEquals("U16", header.at("/fc1.weight.sparse_indices/dtype").asText());
        assertEquals("F32", header.at("/fc1.weight.sparse_values/dtype").asText());
        assertEquals("F32", header.at("/fc1.bias/dtype").asText()); // dense: biases are not pruned
    }

    @Test
    void denseModelsAreWrittenDense() throws Exception {
        Path file = tmp.resolve("d.safetensors");
        Safetensors.write(file, TestModels.lenet5().tensors().values(), Map.of("format", "pruneline"));
        assertEquals("pruneline", header(file).at("/__metadata__/format").asText());
    }

    private static JsonNode header(Path file) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        long len = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
        return ModelJson.MAPPER.readTree(new String(bytes, 8, (int) len, StandardCharsets.UTF_8));
    }

    /** A safetensors file holding one value and one index of a sparse tensor "w" whose metadata claims {@code shape}. */
    private Path claimingSparse(String shape) throws Exception {
        String header = "{\"__metadata__\":{\"sparse.w\":\"" + shape + "\"},"
                + "\"w.sparse_values\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"w.sparse_indices\":{\"dtype\":\"I32\",\"shape\":[1],\"data_offsets\":[4,8]}}";
        byte[] h = header.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(8 + h.length + 8).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h).putFloat(1f).putInt(0);
        Path file = tmp.resolve("claim-" + shape.replace(',', 'x') + ".safetensors");
        Files.write(file, b.array());
        return file;
    }

    @Test
    void shouldRefuseASparseTensorClaimingGigabytesBeforeAllocatingThem() throws Exception {
        Path file = claimingSparse("65536,65536");
        long before = ThreadAllocation.bytes();
        BundleException e = assertThrows(BundleException.class, () -> Safetensors.read(file));
        long used = ThreadAllocation.bytes() - before;
        assertTrue(e.getMessage().contains("declares shape [65536, 65536]"), e.getMessage());
        assertTrue(used < 64L << 20, "allocated " + used + " bytes to refuse it");
    }

    @Test
    void shouldRefuseASparseTensorOfAnotherShapeThanModelJsonRequires() throws Exception {
        Path file = claimingSparse("300,300");
        BundleException e =
                assertThrows(BundleException.class, () -> Safetensors.read(file, Map.of("w", new int[] {6, 1, 5, 5})));
        assertEquals("tensor w has shape (300,300) but model.json requires (6,1,5,5)", e.getMessage());
    }
}
