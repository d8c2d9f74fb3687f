package dev.pruneline.retrain;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pruneline.core.bundle.BundleArchive;
import dev.pruneline.core.data.SampleData;
import dev.pruneline.core.job.CompressionJobs;
import dev.pruneline.core.job.PruneRequest;
import dev.pruneline.core.job.PruneResult;
import dev.pruneline.devstack.DevStackResource;
import dev.pruneline.devstack.TopicReader;
import dev.pruneline.pipeline.event.ArtifactRef;
import dev.pruneline.pipeline.event.CompressionPolicy;
import dev.pruneline.pipeline.event.DatasetRef;
import dev.pruneline.pipeline.event.EventCodec;
import dev.pruneline.pipeline.event.EventIds;
import dev.pruneline.pipeline.event.ModelArtifact;
import dev.pruneline.pipeline.event.ModelMetrics;
import dev.pruneline.pipeline.event.ModelPruned;
import dev.pruneline.pipeline.event.ModelRetrained;
import dev.pruneline.pipeline.event.Topics;
import dev.pruneline.pipeline.store.ArtifactKeys;
import dev.pruneline.pipeline.store.ArtifactStore;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The retrain worker against a real Kafka broker and a real S3 server (devstack). */
@QuarkusTest
@QuarkusTestResource(value = DevStackResource.class, restrictToAnnotatedClass = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RetrainWorkerTest {

    private static final Duration WAIT = Duration.ofMinutes(3);
    private static final double SPARSITY = 0.95;

    @Inject
    ArtifactStore store;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private final EventCodec codec = new EventCodec();
    private ArtifactRef prunedBundle;
    private DatasetRef dataset;
    private PruneResult pruneResult;

    @BeforeAll
    void storeAPrunedModelAndItsData() throws Exception {
        Path work = Files.createTempDirectory("retrain-worker-test");
        Path data = SampleData.extractTo(work.resolve("mnist"));
        Path trained = CompressionJobs.train("lenet5", data, 1, 3, work.resolve("lenet5"));
        pruneResult = CompressionJobs.prune(
                new PruneRequest(trained, data, work.resolve("pruned"), "magnitude", "weight", SPARSITY, Map.of(), 3));
        Path bundleZip = work.resolve("pruned.zip");
        BundleArchive.zip(pruneResult.bundleDir(), bundleZip);
        Path dataZip = work.resolve("mnist.zip");
        BundleArchive.zip(data, dataZip);
        prunedBundle = store.put("test/" + UUID.randomUUID() + "/pruned.zip", bundleZip);
        dataset = new DatasetRef("mnist-sample", store.put("test/" + UUID.randomUUID() + "/mnist.zip", dataZip));
    }

    private ModelPruned pruned(ArtifactRef bundle, int fineTuneEpochs) {
        String releaseId = UUID.randomUUID().toString();
        ModelMetrics before = metrics(pruneResult.baseline());
        ModelMetrics after = metrics(pruneResult.pruned());
        return new ModelPruned(
                1,
                EventIds.of(releaseId, "pruned"),
                releaseId,
                "lenet5",
                "1",
                Instant.now(),
                bundle,
                bundle,
                dataset,
                new CompressionPolicy("magnitude", "weight", SPARSITY, fineTuneEpochs, 0.001, 1.0, Map.of()),
                before,
                after,
                "test",
                null,
                null);
    }

    private static ModelMetrics metrics(dev.pruneline.core.job.StepMetrics m) {
        return new ModelMetrics(m.accuracy(), m.parameters(), m.nonzeroParameters(), m.macs(), m.sparsity());
    }

    @Test
    void shouldFineTuneWithPrunedWeightsHeldAtZeroAndWinAccuracyBack() {
        ModelPruned pruned = pruned(prunedBundle, 1);
        try (TopicReader retrained = new TopicReader(bootstrap, Topics.RETRAINED)) {
            TopicReader.send(bootstrap, Topics.PRUNED, pruned.releaseId(), codec.encode(pruned));

            ModelRetrained event = codec.decode(
                    retrained
                            .await(r -> pruned.releaseId().equals(r.key()), WAIT)
                            .value(),
                    ModelRetrained.class);

            assertEquals(1, event.epochsRun());
            assertTrue(
                    event.retrained().sparsity() >= pruned.pruned().sparsity() - 1e-9,
                    "fine-tuning must keep pruned weights at zero: "
                            + event.retrained().sparsity());
            assertTrue(
                    event.retrained().accuracy() > pruned.pruned().accuracy(),
                    "accuracy " + pruned.pruned().accuracy() + " -> "
                            + event.retrained().accuracy());
            assertEquals(pruned.baseline(), event.baseline());
            assertEquals(event.bundle(), store.stat(event.bundle().key()).orElseThrow());
            assertEquals(event.report(), store.stat(event.report().key()).orElseThrow());
            ModelArtifact onnx = event.artifacts().get(1);
            assertEquals(ModelArtifact.ONNX, onnx.format());
            assertEquals(ArtifactKeys.stageOnnx(pruned.releaseId(), "retrained"), onnx.key());
            assertEquals(onnx.ref(), store.stat(onnx.key()).orElseThrow());
        }
        given().get("/q/metrics")
                .then()
                .statusCode(200)
                .body(containsString(
                        "pruneline_stage_jobs_total{model=\"lenet5\",outcome=\"success\",stage=\"retrain\"}"));
    }

    @Test
    void shouldPassAModelThroughUntouchedWhenThePolicyAsksForNoFineTuning() {
        ModelPruned pruned = pruned(prunedBundle, 0);
        try (TopicReader retrained = new TopicReader(bootstrap, Topics.RETRAINED)) {
            TopicReader.send(bootstrap, Topics.PRUNED, pruned.releaseId(), codec.encode(pruned));

            ModelRetrained event = codec.decode(
                    retrained
                            .await(r -> pruned.releaseId().equals(r.key()), WAIT)
                            .value(),
                    ModelRetrained.class);

            assertEquals(0, event.epochsRun());
            assertEquals(pruned.pruned().accuracy(), event.retrained().accuracy(), 1e-9);
        }
    }

    @Test
    void shouldParkAnEventWhoseBundleIsCorruptOnTheDeadLetterTopic() {
        ArtifactRef wrongHash = new ArtifactRef(prunedBundle.key(), "d".repeat(64), prunedBundle.sizeBytes());
        ModelPruned pruned = pruned(wrongHash, 1);
        try (TopicReader dlq = new TopicReader(bootstrap, Topics.dlq(Topics.PRUNED))) {
            TopicReader.send(bootstrap, Topics.PRUNED, pruned.releaseId(), codec.encode(pruned));

            ConsumerRecord<String, String> parked = dlq.await(r -> r.value().contains(pruned.releaseId()), WAIT);

            Header reason = parked.headers().lastHeader("dead-letter-reason");
            String text = new String(reason.value(), StandardCharsets.UTF_8);
            assertTrue(text.contains("is corrupt"), text);
        }
    }
}
