package dev.pruneline.registry.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Reading the workers' report.json: the current schema, and older reports without layer widths. */
class ArtifactSourcesTest {

    @Test
    void shouldReadAPruneReport() {
        StageReport r = Fixtures.report("weight", "pruned");
        assertEquals("prune", r.step());
        assertEquals(0.9455, r.before().accuracy(), 1e-12);
        assertEquals(5, r.sensitivity().size(), "one curve per weight tensor of LeNet-5");
        assertEquals(12, r.layersBefore().size());
        assertEquals(6, r.layers().get(0).width());
        assertTrue(
                r.plan().ratios().containsKey("conv1.weight"), r.plan().ratios().toString());
        assertTrue(
                r.engine().get("mode").toString().startsWith("onednn"),
                r.engine().toString());
    }

    @Test
    void shouldReadAnOlderReportWithoutWidthsAndNumbersThatAreNotNumbers() throws IOException {
        String json = "{\"schemaVersion\":1,\"step\":\"finetune\",\"before\":{\"accuracy\":0.9},"
                + "\"after\":{\"accuracy\":\"NaN\"},\"layers\":[{\"layer\":\"conv1\",\"type\":\"conv2d\","
                + "\"parameters\":156}],\"epochs\":[{\"epoch\":1,\"trainLoss\":0.5,\"validationAccuracy\":NaN}],"
                + "\"somethingNew\":{\"x\":1}}";
        StageReport r = ArtifactSources.parse(json.getBytes(StandardCharsets.UTF_8));
        assertEquals(0, r.layers().get(0).width());
        assertTrue(r.layersBefore().isEmpty());
        assertTrue(Double.isNaN(r.after().accuracy()));
        assertTrue(Double.isNaN(r.epochs().get(0).validationAccuracy()));
        assertTrue(r.sensitivity().isEmpty()
                && r.latency().isEmpty()
                && r.history().isEmpty());
        assertNull(r.plan());
    }
}
