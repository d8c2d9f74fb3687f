package dev.pruneline.core.bundle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pruneline.core.TestModels;
import dev.pruneline.core.model.Architectures;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelBundleTest {
    @TempDir
    Path dir;

    private final ModelBundle lenet = TestModels.lenet5();

    @Test
    void shouldRoundTripEveryTensorBitForBit() {
        lenet.save(dir);
        ModelBundle loaded = ModelBundle.load(dir);
        assertEquals(lenet.tensors().keySet(), loaded.tensors().keySet());
        lenet.tensors().forEach((name, t) -> assertTrue(t.sameAs(loaded.tensor(name)), name));
        assertEquals(lenet.spec().layers(), loaded.spec().layers());
        assertEquals(lenet.spec().classes(), loaded.spec().classes());
    }

    @Test
    void shouldWriteAParseableSafetensorsHeader() throws Exception {
        lenet.save(dir);
        byte[] bytes = Files.readAllBytes(dir.resolve(ModelBundle.WEIGHTS));
        long headerLen =
                ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        JsonNode header = new ObjectMapper().readTree(new String(bytes, 8, (int) headerLen, StandardCharsets.UTF_8));
        JsonNode conv2 = header.get("conv2.weight");
        assertEquals("F32", conv2.get("dtype").asText());
        assertEquals("[16,6,5,5]", conv2.get("shape").toString());
        long begin = conv2.get("data_offsets").get(0).asLong();
        assertEquals(
                begin + 4L * 16 * 6 * 5 * 5, conv2.get("data_offsets").get(1).asLong());
        assertEquals(bytes.length, 8 + headerLen + 4L * 61_706, "header + 61,706 float32 values");
    }

    @Test
    void shouldNameLayerAndShapesWhenAWeightShapeDiffers() {
        ModelBundle eight = TestModels.randomBundle(Architectures.lenet5(8, 16), 1);
        Map<String, Tensor> tensors = new LinkedHashMap<>(eight.tensors());
        tensors.put("conv2.weight", lenet.tensor("conv2.weight"));
        Safetensors.write(dir.resolve(ModelBundle.WEIGHTS), tensors.values(), Map.of());
        writeSpec(eight.spec());
        BundleException e = assertThrows(BundleException.class, () -> ModelBundle.load(dir));
        assertEquals("layer conv2: weight shape (16,6,5,5) does not match model.json (16,8,5,5)", e.getMessage());
    }

    @Test
    void shouldCountNonFiniteValues() {
        Tensor w = lenet.tensor("conv1.weight").copy();
        w.data()[0] = Float.NaN;
        w.data()[5] = Float.POSITIVE_INFINITY;
        w.data()[9] = Float.NaN;
        Map<String, Tensor> tensors = new LinkedHashMap<>(lenet.tensors());
        tensors.put(w.name(), w);
        BundleException e = assertThrows(BundleException.class, () -> new ModelBundle(lenet.spec(), tensors));
        assertEquals("tensor conv1.weight holds 3 non-finite values", e.getMessage());
    }

    @Test
    void shouldListKnownTypesForAnUnknownLayerType() throws Exception {
        lenet.save(dir);
        Path json = dir.resolve(ModelBundle.MODEL_JSON);
        Files.writeString(json, Files.readString(json).replace("\"type\" : \"relu\"", "\"type\" : \"foo\""));
        BundleException e = assertThrows(BundleException.class, () -> ModelBundle.load(dir));
        assertTrue(
                e.getMessage().startsWith("layer 'relu1': unknown type 'foo' (known: conv2d, batchnorm, relu"),
                e.getMessage());
    }

    @Test
    void shouldNameTheMissingFile() throws Exception {
        lenet.save(dir);
        Files.delete(dir.resolve(ModelBundle.WEIGHTS));
        BundleException e = assertThrows(BundleException.class, () -> ModelBundle.load(dir));
        assertEquals("bundle " + dir + " lacks weights.safetensors", e.getMessage());
        Files.delete(dir.resolve(ModelBundle.MODEL_JSON));
        Files.delete(dir.resolve(ModelBundle.MODEL_ONNX));
        e = assertThrows(BundleException.class, () -> ModelBundle.load(dir));
        assertEquals("bundle " + dir + " lacks model.json", e.getMessage());
    }

    @Test
    void shouldReadTheOnnxExportWhenModelJsonIsAbsent() throws Exception {
        lenet.save(dir);
        Files.delete(dir.resolve(ModelBundle.MODEL_JSON));
        Files.delete(dir.resolve(ModelBundle.WEIGHTS));
        ModelBundle fromOnnx = ModelBundle.load(dir);
        assertEquals(lenet.tensors().keySet(), fromOnnx.tensors().keySet());
        lenet.tensors().forEach((name, t) -> assertTrue(t.sameAs(fromOnnx.tensor(name)), name));
        assertEquals(lenet.spec().classes().size(), fromOnnx.spec().classes().size());
    }

    @Test
    void shouldGiveFileAndPositionOfBadJson() throws Exception {
        lenet.save(dir);
        Files.writeString(dir.resolve(ModelBundle.MODEL_JSON), "{\n  \"schemaVersion\": 1,\n  \"name\": }\n");
        BundleException e = assertThrows(BundleException.class, () -> ModelBundle.load(dir));
        assertTrue(
                e.getMessage().startsWith(dir.resolve("model.json") + " is not valid JSON at line 3, column"),
                e.getMessage());
    }

    @Test
    void shouldRejectANewerSchemaVersion() {
        byte[] json = new String(ModelJson.toBytes(lenet.spec()), StandardCharsets.UTF_8)
                .replace("\"schemaVersion\" : 1", "\"schemaVersion\" : 2")
                .getBytes(StandardCharsets.UTF_8);
        BundleException e = assertThrows(BundleException.class, () -> ModelJson.parse(json, "model.json"));
        assertTrue(
                e.getMessage().contains("schemaVersion 2, newer than this pruneline reads (up to 1)"), e.getMessage());
    }

    @Test
    void shouldRefuseAnInputShapeTooLargeBeforeInferringShapes() {
        byte[] json = new String(ModelJson.toBytes(lenet.spec()), StandardCharsets.UTF_8)
                .replaceFirst("\"inputShape\" : \\[[^\\]]*\\]", "\"inputShape\" : [ 1, 1000000, 1000000 ]")
                .getBytes(StandardCharsets.UTF_8);
        BundleException e = assertThrows(BundleException.class, () -> ModelJson.parse(json, "model.json"));
        assertTrue(
                e.getMessage().contains("inputShape [1, 1000000, 1000000] holds 1000000000000 values per image"),
                e.getMessage());
    }

    @Test
    void shouldRejectTensorsTheGraphDoesNotUse() {
        Map<String, Tensor> tensors = new LinkedHashMap<>(lenet.tensors());
        tensors.put("conv9.weight", new Tensor("conv9.weight", new int[] {1}, new float[] {1}));
        BundleException e = assertThrows(BundleException.class, () -> new ModelBundle(lenet.spec(), tensors));
        assertEquals("weights hold tensors that model.json does not use: [conv9.weight]", e.getMessage());
    }

    @Test
    void shouldInspectNameDatasetAndParameterCount() {
        lenet.save(dir);
        BundleInspection i = BundleInspection.validate(dir);
        assertEquals("lenet5", i.name());
        assertEquals("mnist", i.datasetName());
        assertEquals(61_706, i.parameters());
    }

    @Test
    void shouldLoadAResidualGraphWithAnAddNode() {
        ModelSpec spec = new ModelSpec(
                1,
                "res",
                null,
                List.of(1, 8, 8),
                List.of("a", "b"),
                Normalization.mnist(),
                null,
                List.of(
                        LayerSpec.of("conv1", LayerType.CONV2D, Map.of("outChannels", 4, "kernel", 3, "padding", 1)),
                        LayerSpec.of("bn1", LayerType.BATCHNORM, Map.of()),
                        LayerSpec.of("relu1", LayerType.RELU, Map.of()),
                        LayerSpec.of("conv2", LayerType.CONV2D, Map.of("outChannels", 4, "kernel", 3, "padding", 1)),
                        new LayerSpec("add", LayerType.ADD, Map.of(), List.of("conv2", "relu1")),
                        LayerSpec.of("pool", LayerType.AVGPOOL, Map.of("kernel", 8)),
                        LayerSpec.of("flat", LayerType.FLATTEN, Map.of()),
                        LayerSpec.of("fc", LayerType.LINEAR, Map.of("outFeatures", 2))),
                Map.of(),
                Map.of());
        TestModels.randomBundle(spec, 3).save(dir);
        ModelBundle loaded = ModelBundle.load(dir);
        assertArrayEquals(new int[] {4}, loaded.tensor("bn1.running_mean").shape());
        assertEquals(List.of("conv2", "relu1"), loaded.spec().layer("add").inputs());
    }

    private void writeSpec(ModelSpec spec) {
        try {
            Files.write(dir.resolve(ModelBundle.MODEL_JSON), ModelJson.toBytes(spec));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
