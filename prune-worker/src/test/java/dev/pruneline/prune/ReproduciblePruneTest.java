package dev.pruneline.prune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pruneline.core.bundle.ModelBundle;
import dev.pruneline.core.bundle.ModelJson;
import dev.pruneline.core.deadline.JobDeadline;
import dev.pruneline.devstack.DevStackResource;
import dev.pruneline.pipeline.event.ArtifactRef;
import dev.pruneline.pipeline.event.CompressionPolicy;
import dev.pruneline.pipeline.event.DatasetRef;
import dev.pruneline.pipeline.event.EventIds;
import dev.pruneline.pipeline.event.ModelArtifact;
import dev.pruneline.pipeline.event.ModelPruned;
import dev.pruneline.pipeline.event.ModelReleased;
import dev.pruneline.pipeline.store.ArtifactStore;
import dev.pruneline.worker.JobWorkspace;
import dev.pruneline.worker.StageOutputs;
import dev.pruneline.worker.WorkerConfig;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The prune stage is reproducible: run twice on one input, in two job folders, it stores the same bytes, so two
 * runs at once (a rebalance, a retry) publish references that match the stored objects whichever run wrote last.
 */
@QuarkusTest
@QuarkusTestResource(value = DevStackResource.class, restrictToAnnotatedClass = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReproduciblePruneTest {

    @Inject
    ArtifactStore store;

    @Inject
    PruneStage stage;

    @Inject
    WorkerConfig workerConfig;

    private ArtifactRef bundle;
    private DatasetRef dataset;

    @BeforeAll
    void storeATrainedModelAndItsData() throws Exception {
        StoredModel model = StoredModel.trainAndStore(store, 5);
        bundle = model.bundle();
        dataset = model.dataset();
    }

    private ModelReleased release() {
        String releaseId = UUID.randomUUID().toString();
        return new ModelReleased(
                1,
                EventIds.of(releaseId, "released"),
                releaseId,
                "lenet5",
                "1",
                Instant.now(),
                bundle,
                dataset,
                CompressionPolicy.defaults());
    }

    /** Every object the stage stored for a release but its event, by key, with its SHA-256. */
    private Map<String, String> stored(String releaseId) {
        Map<String, String> objects = new TreeMap<>();
        for (String key : store.list("releases/" + releaseId + "/pruned/")) {
            // The event (its occurredAt) and the run's facts (times) are named by no hash: they may differ.
            if (!key.equals(StageOutputs.eventKey(releaseId, "pruned"))
                    && !key.equals(dev.pruneline.pipeline.store.ArtifactKeys.stageRun(releaseId, "pruned"))) {
                objects.put(key, store.stat(key).orElseThrow().sha256());
            }
        }
        return objects;
    }

    private ModelPruned runInItsOwnFolder(ModelReleased released, String name) {
        try (JobWorkspace workspace = new JobWorkspace(store, workerConfig, name)) {
            return stage.execute(released, workspace, JobDeadline.NONE);
        }
    }

    @Test
    void shouldStoreTheSameBytesWhenRunTwiceOnOneInput() throws Exception {
        ModelReleased released = release();

        ModelPruned first = runInItsOwnFolder(released, "first");
        Map<String, String> afterFirst = stored(released.releaseId());
        ModelPruned second = runInItsOwnFolder(released, "second");
        Map<String, String> afterSecond = stored(released.releaseId());

        System.out.println("reproducible prune: " + afterFirst.size() + " artifacts, SHA-256 " + afterFirst);
        assertEquals(4, afterFirst.size(), "bundle, model.onnx, report.json, report.html: " + afterFirst.keySet());
        assertEquals(afterFirst, afterSecond, "every artifact has the same SHA-256 after the second run");
        Path run = Files.createTempFile("run", ".json");
        store.get(
                store.stat(dev.pruneline.pipeline.store.ArtifactKeys.stageRun(released.releaseId(), "pruned"))
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
        assertEquals(first.pruned(), second.pruned());

        Path zip = Files.createTempDirectory("reproducible").resolve("pruned.zip");
        store.get(first.bundle(), zip);
        try (ZipFile archive = new ZipFile(zip.toFile())) {
            String modelJson = new String(
                    archive.getInputStream(archive.getEntry(ModelBundle.MODEL_JSON))
                            .readAllBytes(),
                    java.nio.charset.StandardCharsets.UTF_8);
            assertFalse(modelJson.contains("parent_path"), "no job folder in model.json:\n" + modelJson);
            assertFalse(modelJson.contains(workerConfig.workDir().toString()), modelJson);
            String report = new String(
                    archive.getInputStream(archive.getEntry("report.json")).readAllBytes(),
                    java.nio.charset.StandardCharsets.UTF_8);
            com.fasterxml.jackson.databind.JsonNode tree =
                    new com.fasterxml.jackson.databind.ObjectMapper().readTree(report);
            assertTrue(tree.path("createdAt").isNull(), "no time in the report:\n" + report);
            assertTrue(tree.path("timingsMillis").isEmpty(), "no durations in the report:\n" + report);
            assertEquals(
                    released.bundle().sha256().length(),
                    ModelJson.parse(modelJson.getBytes(java.nio.charset.StandardCharsets.UTF_8), "model.json")
                            .provenance()
                            .get("parent_sha256")
                            .toString()
                            .length(),
                    "the input is still named, by its digest");
        }
    }

    @Test
    void shouldPublishReferencesThatMatchTheStoredObjectsWhenTwoRunsRace() throws Exception {
        ModelReleased released = release();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            List<Future<ModelPruned>> runs = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                runs.add(threads.submit(() -> {
                    start.await();
                    return stage.run(released);
                }));
            }
            start.countDown();
            List<ModelPruned> events = new ArrayList<>();
            for (Future<ModelPruned> run : runs) {
                events.add(run.get(5, TimeUnit.MINUTES));
            }

            Path scratch = Files.createTempDirectory("race");
            for (ModelPruned event : events) {
                List<ArtifactRef> refs = new ArrayList<>(List.of(event.bundle(), event.report()));
                event.artifacts().stream().map(ModelArtifact::ref).forEach(refs::add);
                for (ArtifactRef ref : refs) {
                    assertEquals(ref, store.stat(ref.key()).orElseThrow(), "published " + ref.key());
                    store.get(ref, scratch.resolve(UUID.randomUUID().toString())); // checks size and SHA-256
                }
            }
            assertEquals(events.get(0).bundle(), events.get(1).bundle());
            assertEquals(events.get(0).artifacts(), events.get(1).artifacts());
            assertEquals(events.get(0).eventId(), events.get(1).eventId(), "consumers see one event, twice at most");
            assertTrue(store.stat(StageOutputs.eventKey(released.releaseId(), "pruned"))
                    .isPresent());
            System.out.println("two prune runs raced on release " + released.releaseId() + ": both published bundle "
                    + events.get(0).bundle().sha256() + ", the stored one");
        } finally {
            threads.shutdownNow();
        }
    }
}
