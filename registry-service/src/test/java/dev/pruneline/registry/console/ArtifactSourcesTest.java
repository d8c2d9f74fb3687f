package dev.pruneline.registry.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pruneline.devstack.S3Server;
import dev.pruneline.pipeline.event.ArtifactRef;
import dev.pruneline.pipeline.store.ArtifactKeys;
import dev.pruneline.pipeline.store.MinioArtifactStore;
import dev.pruneline.pipeline.store.StoreSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Reading the workers' report.json: the current schema, older reports without layer widths, and the run's times
 * that the stage keeps beside its reproducible report in run.json (read from a real S3 server).
 */
class ArtifactSourcesTest {

    private static final String REPORT = "{\"schemaVersion\":3,\"step\":\"finetune\",\"timingsMillis\":{},"
            + "\"epochs\":[{\"epoch\":1,\"trainLoss\":0.5,\"validationAccuracy\":0.9,\"millis\":0},"
            + "{\"epoch\":2,\"trainLoss\":0.4,\"validationAccuracy\":0.91,\"millis\":0}]}";
    private static final String RUN = "{\"createdAt\":\"2026-12-07T10:00:00Z\",\"timingsMillis\":{\"finetune\":"
            + "4200,\"evaluate\":300},\"epochMillis\":[2000,2100]}";

    @Test
    void shouldPutTheRunsTimesBackIntoAReproducibleReport() {
        try (S3Server s3 = S3Server.builder().bucket("reports").start();
                MinioArtifactStore store = new MinioArtifactStore(
                        new StoreSettings(s3.endpoint(), s3.accessKey(), s3.secretKey(), "reports", null))) {
            ArtifactRef timed =
                    store.put(ArtifactKeys.stageReport("r1", "retrained"), REPORT.getBytes(StandardCharsets.UTF_8));
            store.put(ArtifactKeys.stageRun("r1", "retrained"), RUN.getBytes(StandardCharsets.UTF_8));
            ArtifactRef untimed =
                    store.put(ArtifactKeys.stageReport("r2", "retrained"), REPORT.getBytes(StandardCharsets.UTF_8));

            StageReport withRun = new ArtifactSources(store).report(timed).orElseThrow();
            StageReport withoutRun = new ArtifactSources(store).report(untimed).orElseThrow();

            assertEquals("2026-12-07T10:00:00Z", withRun.createdAt());
            assertEquals(Map.of("finetune", 4200L, "evaluate", 300L), withRun.timingsMillis());
            assertEquals(
                    List.of(2000L, 2100L),
                    withRun.epochs().stream().map(StageReport.Epoch::millis).toList());
            assertEquals(0.91, withRun.epochs().get(1).validationAccuracy(), 1e-12);
            assertTrue(withoutRun.timingsMillis().isEmpty(), "a stage without run.json shows no times");
            assertNull(withoutRun.createdAt());
        }
    }

    @Test
    void shouldKeepTheTimesAnOlderReportHoldsItself() {
        StageReport older = new StageReport(
                "finetune",
                "2026-01-01T00:00:00Z",
                null,
                null,
                null,
                null,
                null,
                List.of(new StageReport.Epoch(1, 0.5, 0.9, 1500)),
                Map.of("finetune", 1500L),
                null,
                null,
                null,
                null);

        StageReport merged =
                older.withRun(new StageReport.Run("2026-12-07T10:00:00Z", Map.of("finetune", 9L), List.of(9L)));

        assertEquals(older, merged);
    }

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
