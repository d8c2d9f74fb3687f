package dev.pruneline.retrain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.pruneline.core.bundle.BundleArchive;
import dev.pruneline.core.data.SampleData;
import dev.pruneline.core.deadline.JobDeadline;
import dev.pruneline.core.job.CompressionJobs;
import dev.pruneline.core.job.PruneRequest;
import dev.pruneline.core.job.PruneResult;
import dev.pruneline.devstack.DevStackResource;
import dev.pruneline.pipeline.event.ArtifactRef;
import dev.pruneline.pipeline.event.CompressionPolicy;
import dev.pruneline.pipeline.event.DatasetRef;
import dev.pruneline.pipeline.event.EventIds;
import dev.pruneline.pipeline.event.ModelMetrics;
import dev.pruneline.pipeline.event.ModelPruned;
import dev.pruneline.pipeline.event.ModelRetrained;
import dev.pruneline.pipeline.store.ArtifactStore;
import dev.pruneline.worker.JobWorkspace;
import dev.pruneline.worker.StageOutputs;
import dev.pruneline.worker.WorkerConfig;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The retrain stage is reproducible: fine-tuned twice from one input, in two job folders, it stores the same bytes
 * (seeded training on one engine gives the same weights; no path, time or duration is written into what is stored).
 */
@QuarkusTest
@QuarkusTestResource(value = DevStackResource.class, restrictToAnnotatedClass = false)
class ReproducibleRetrainTest {

    @Inject
    ArtifactStore store;

    @Inject
    RetrainStage stage;

    @Inject
    WorkerConfig workerConfig;

    private ModelRetrained runInItsOwnFolder(ModelPruned pruned, String name) {
        try (JobWorkspace workspace = new JobWorkspace(store, workerConfig, name)) {
            return stage.execute(pruned, workspace, JobDeadline.NONE);
        }
    }

    private Map<String, String> stored(String releaseId) {
        Map<String, String> objects = new TreeMap<>();
        for (String key : store.list("releases/" + releaseId + "/retrained/")) {
            // The event (its occurredAt) and the run's facts (times) are named by no hash: they may differ.
            if (!key.equals(StageOutputs.eventKey(releaseId, "retrained"))
                    && !key.equals(dev.pruneline.pipeline.store.ArtifactKeys.stageRun(releaseId, "retrained"))) {
                objects.put(key, store.stat(key).orElseThrow().sha256());
            }
        }
        return objects;
    }

    @Test
    void shouldStoreTheSameBytesWhenFineTunedTwiceFromOneInput() throws Exception {
        Path work = Files.createTempDirectory("reproducible-retrain");
        Path data = SampleData.extractTo(work.resolve("mnist"));
        Path trained = CompressionJobs.train("lenet5", data, 1, 11, work.resolve("lenet5"));
        PruneResult pruned = CompressionJobs.prune(
                new PruneRequest(trained, data, work.resolve("pruned"), "magnitude", "weight", 0.8, Map.of(), 11));
        Path bundleZip = work.resolve("pruned.zip");
        BundleArchive.zip(pruned.bundleDir(), bundleZip);
        Path dataZip = work.resolve("mnist.zip");
        BundleArchive.zip(data, dataZip);
        ArtifactRef bundle = store.put("test/" + UUID.randomUUID() + "/pruned.zip", bundleZip);
        DatasetRef dataset =
                new DatasetRef("mnist-sample", store.put("test/" + UUID.randomUUID() + "/mnist.zip", dataZip));
        String releaseId = UUID.randomUUID().toString();
        ModelMetrics metrics = new ModelMetrics(0.9, 61_706, 12_341, 416_520, 0.8);
        ModelPruned input = new ModelPruned(
                1,
                EventIds.of(releaseId, "pruned"),
                releaseId,
                "lenet5",
                "1",
                Instant.now(),
                bundle,
                bundle,
                dataset,
                new CompressionPolicy("magnitude", "weight", 0.8, 1, 0.001, 1.0, Map.of()),
                metrics,
                metrics,
                "test",
                null,
                null);

        ModelRetrained first = runInItsOwnFolder(input, "first");
        Map<String, String> afterFirst = stored(releaseId);
        ModelRetrained second = runInItsOwnFolder(input, "second");
        Map<String, String> afterSecond = stored(releaseId);

        System.out.println("reproducible retrain: " + afterFirst.size() + " artifacts, SHA-256 " + afterFirst);
        assertEquals(4, afterFirst.size(), "bundle, model.onnx, report.json, report.html: " + afterFirst.keySet());
        assertEquals(afterFirst, afterSecond, "every artifact has the same SHA-256 after the second run");
        Path run = Files.createTempFile("run", ".json");
        store.get(
                store.stat(dev.pruneline.pipeline.store.ArtifactKeys.stageRun(releaseId, "retrained"))
                        .orElseThrow(),
                run);
        com.fasterxml.jackson.databind.JsonNode facts =
                new com.fasterxml.jackson.databind.ObjectMapper().readTree(run.toFile());
        org.junit.jupiter.api.Assertions.assertTrue(
                facts.path("timingsMillis").size() > 0 && facts.hasNonNull("createdAt"),
                "the run's times are kept beside the report: " + facts);
        assertEquals(first.bundle(), second.bundle());
        assertEquals(first.report(), second.report());
        assertEquals(first.artifacts(), second.artifacts());
        assertEquals(first.retrained(), second.retrained());

        Path zip = work.resolve("retrained.zip");
        store.get(first.bundle(), zip);
        try (ZipFile archive = new ZipFile(zip.toFile())) {
            String modelJson = new String(
                    archive.getInputStream(archive.getEntry("model.json")).readAllBytes(), StandardCharsets.UTF_8);
            assertFalse(modelJson.contains(workerConfig.workDir().toString()), modelJson);
            assertFalse(
                    dev.pruneline.core.bundle.ModelJson.parse(modelJson.getBytes(StandardCharsets.UTF_8), "model.json")
                            .provenance()
                            .containsKey("parent_path"),
                    modelJson);
        }
    }
}
