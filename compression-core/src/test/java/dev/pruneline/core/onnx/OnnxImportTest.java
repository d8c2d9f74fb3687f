package dev.pruneline.core.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import com.google.protobuf.ByteString;
import dev.pruneline.core.ThreadAllocation;
import dev.pruneline.core.bundle.BundleException;
import dev.pruneline.core.bundle.ModelBundle;
import dev.pruneline.core.bundle.OnnxInterface;
import dev.pruneline.core.bundle.ShapeInference;
import dev.pruneline.core.model.Architectures;
import dev.pruneline.core.model.LoadedModel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the importer refuses and how it reads what it accepts. */
class OnnxImportTest {
    @TempDir
    Path dir;

    private static byte[] fixture() throws Exception {
        return Files.readAllBytes(OnnxFixturesTest.fixture("resnet_small.onnx"));
    }

    private static ModelProto fixtureModel() throws Exception {
        return ModelProto.parseFrom(fixture());
    }

    private static String refusal(byte[] bytes) {
        return assertThrows(BundleException.class, () -> OnnxImport.read(bytes, OnnxMetadata.NONE, "m"))
                .getMessage();
    }

    @Test
    void shouldRefuseATruncatedFile() throws Exception {
        byte[] whole = fixture();
        String message = refusal(Arrays.copyOf(whole, whole.length / 2));
        assertTrue(message.contains("truncated or corrupt"), message);
    }

    @Test
    void shouldNameTheNodeAndOperatorThatIsNotSupported() throws Exception {
        ModelProto m = fixtureModel();
        GraphProto.Builder g = m.getGraph().toBuilder();
        int relu = indexOf(g, "Relu");
        String nodeName = g.getNode(relu).getName();
        g.setNode(relu, g.getNode(relu).toBuilder().setOpType("Erf"));
        String message = refusal(m.toBuilder().setGraph(g).build().toByteArray());
        assertTrue(
                message.contains(nodeName) && message.contains("Erf") && message.contains("supported: Conv"), message);
    }

    @Test
    void shouldNameAMissingInitializer() throws Exception {
        ModelProto m = fixtureModel();
        GraphProto.Builder g = m.getGraph().toBuilder();
        String weight = g.getNode(indexOf(g, "Conv")).getInput(1);
        int init = 0;
        while (!g.getInitializer(init).getName().equals(weight)) {
            init++;
        }
        g.removeInitializer(init);
        String message = refusal(m.toBuilder().setGraph(g).build().toByteArray());
        assertTrue(message.contains("missing initializer '" + weight + "'"), message);
    }

    @Test
    void shouldRefuseDynamicSpatialDimensions() throws Exception {
        ModelProto m = fixtureModel();
        GraphProto.Builder g = m.getGraph().toBuilder();
        var input = g.getInput(0).toBuilder();
        input.getTypeBuilder()
                .getTensorTypeBuilder()
                .getShapeBuilder()
                .setDim(2, TensorShapeProto.Dimension.newBuilder().setDimParam("height"));
        g.setInput(0, input);
        String message = refusal(m.toBuilder().setGraph(g).build().toByteArray());
        assertTrue(message.contains("dynamic height dimension ('height')"), message);
    }

    @Test
    void shouldRefuseATensorClaimingMoreThanItHoldsBeforeAllocatingIt() throws Exception {
        ModelProto m = fixtureModel();
        GraphProto.Builder g = m.getGraph().toBuilder();
        String weight = g.getNode(indexOf(g, "Conv")).getInput(1);
        for (int i = 0; i < g.getInitializerCount(); i++) {
            if (g.getInitializer(i).getName().equals(weight)) {
                // 2^29 floats = 2 GiB claimed, 16 bytes held.
                g.setInitializer(
                        i,
                        TensorProto.newBuilder()
                                .setName(weight)
                                .setDataType(TensorProto.DataType.FLOAT_VALUE)
                                .addAllDims(List.of(1L << 13, 1L << 14, 2L, 2L))
                                .setRawData(ByteString.copyFrom(new byte[16])));
            }
        }
        long before = ThreadAllocation.bytes();
        String message = refusal(m.toBuilder().setGraph(g).build().toByteArray());
        long allocated = ThreadAllocation.bytes() - before;
        assertTrue(message.contains(weight) && message.contains("elements"), message);
        assertTrue(allocated < 64L << 20, "allocated " + allocated + " bytes to refuse it");
    }

    @Test
    void shouldRefuseAComputedWeight() throws Exception {
        ModelProto m = fixtureModel();
        GraphProto.Builder g = m.getGraph().toBuilder();
        int conv = indexOf(g, "Conv");
        String firstOutput = g.getNode(conv).getOutput(0);
        int next = conv + 1;
        while (!g.getNode(next).getOpType().equals("Conv")) {
            next++;
        }
        g.setNode(next, g.getNode(next).toBuilder().setInput(1, firstOutput));
        String message = refusal(m.toBuilder().setGraph(g).build().toByteArray());
        assertTrue(message.contains("weight '" + firstOutput + "' is computed by the graph"), message);
    }

    @Test
    void shouldRefuseAnOpsetOutsideTheSupportedRange() throws Exception {
        ModelProto m = fixtureModel();
        ModelProto old = m.toBuilder()
                .setOpsetImport(0, m.getOpsetImport(0).toBuilder().setVersion(7))
                .build();
        String message = refusal(old.toByteArray());
        assertTrue(message.contains("opset 7"), message);
    }

    @Test
    void shouldReadClassesNormalizationAndDatasetFromTheMetadataBesideTheModel() throws Exception {
        Files.write(dir.resolve(ModelBundle.MODEL_ONNX), fixture());
        Files.writeString(
                dir.resolve(OnnxMetadata.FILE),
                "{\"classes\": [\"a\",\"b\",\"c\",\"d\",\"e\",\"f\",\"g\",\"h\",\"i\",\"j\"],"
                        + " \"normalization\": {\"mean\": [0.4, 0.5, 0.6], \"std\": [0.2, 0.25, 0.3]},"
                        + " \"dataset\": \"shapes\"}",
                StandardCharsets.UTF_8);
        ModelBundle b = ModelBundle.load(dir);
        assertEquals("j", b.spec().classes().get(9));
        assertEquals(List.of(0.4, 0.5, 0.6), b.spec().normalization().mean());
        assertEquals("shapes", b.spec().datasetName());
        assertEquals("input", b.spec().onnx().inputName());
        assertEquals(11, b.spec().onnx().opset());
    }

    @Test
    void shouldRefuseMetadataListingAnotherNumberOfClasses() throws Exception {
        Files.write(dir.resolve(ModelBundle.MODEL_ONNX), fixture());
        Files.writeString(dir.resolve(OnnxMetadata.FILE), "{\"classes\": [\"cat\", \"dog\"]}");
        BundleException e = assertThrows(BundleException.class, () -> ModelBundle.load(dir));
        assertTrue(e.getMessage().contains("lists 2 classes but model.onnx outputs 10"), e.getMessage());
    }

    @Test
    void shouldRoundTripAModelJsonReleaseThroughOnnx() {
        ModelBundle resnet;
        try (LoadedModel m = LoadedModel.initialise(Architectures.resnet8(), 3)) {
            resnet = m.toBundle(Architectures.resnet8());
        }
        ModelBundle back = OnnxImport.read(OnnxExport.toBytes(resnet), OnnxMetadata.NONE, "resnet8");
        assertEquals(names(resnet), names(back));
        assertEquals(
                ShapeInference.infer(resnet.spec()).stream()
                        .map(x -> Arrays.toString(x.output()))
                        .toList(),
                ShapeInference.infer(back.spec()).stream()
                        .map(x -> Arrays.toString(x.output()))
                        .toList());
        assertEquals(resnet.tensors().keySet(), back.tensors().keySet());
        resnet.tensors().forEach((name, t) -> assertTrue(t.sameAs(back.tensor(name)), name));
        assertEquals(OnnxInterface.DEFAULT, back.spec().onnx());
    }

    private static List<String> names(ModelBundle b) {
        return b.spec().layers().stream().map(l -> l.name() + ":" + l.type()).toList();
    }

    private static int indexOf(GraphProto.Builder g, String op) {
        for (int i = 0; i < g.getNodeCount(); i++) {
            NodeProto n = g.getNode(i);
            if (n.getOpType().equals(op)) {
                return i;
            }
        }
        throw new AssertionError("no " + op);
    }
}
