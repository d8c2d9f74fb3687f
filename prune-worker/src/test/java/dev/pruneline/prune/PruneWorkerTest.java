package dev.pruneline.prune;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pruneline.core.bundle.BundleArchive;
import dev.pruneline.core.bundle.ModelBundle;
import dev.pruneline.devstack.DevStackResource;
import dev.pruneline.devstack.TopicReader;
import dev.pruneline.pipeline.event.ArtifactRef;
import dev.pruneline.pipeline.event.CompressionPolicy;
import dev.pruneline.pipeline.event.DatasetRef;
import dev.pruneline.pipeline.event.EventCodec;
import dev.pruneline.pipeline.event.EventIds;
import dev.pruneline.pipeline.event.ModelArtifact;
import dev.pruneline.pipeline.event.ModelPruned;
import dev.pruneline.pipeline.event.ModelReleased;
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
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipFile;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The prune worker against a real Kafka broker and a real S3 server (devstack). */
@QuarkusTest
@QuarkusTestResource(value = DevStackResource.class, restrictToAnnotatedClass = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PruneWorkerTest {

    private static final Duration WAIT = Duration.ofMinutes(2);

    @Inject
    ArtifactStore store;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private final EventCodec codec = new EventCodec();
    private ArtifactRef bundle;
    private DatasetRef dataset;

    @BeforeAll
    void storeATrainedModelAndItsData() throws Exception {
        StoredModel model = StoredModel.trainAndStore(store, 3);
        bundle = model.bundle();
        dataset = model.dataset();
    }

    private ModelReleased release(ArtifactRef bundleRef, CompressionPolicy policy) {
        return release("lenet5", bundleRef, policy);
    }

    private ModelReleased release(String model, ArtifactRef bundleRef, CompressionPolicy policy) {
        String releaseId = UUID.randomUUID().toString();
        return new ModelReleased(
                1,
                EventIds.of(releaseId, "released"),
                releaseId,
                model,
                "1",
                Instant.now(),
                bundleRef,
                dataset,
                policy);
    }

    @Test
    void shouldPruneAReleaseToItsTargetSparsityAndStoreTheResult() {
        ModelReleased released = release(bundle, CompressionPolicy.defaults());
        try (TopicReader pruned = new TopicReader(bootstrap, Topics.PRUNED)) {
            TopicReader.send(bootstrap, Topics.RELEASED, released.releaseId(), codec.encode(released));

            ModelPruned event = codec.decode(
                    pruned.await(r -> released.releaseId().equals(r.key()), WAIT)
                            .value(),
                    ModelPruned.class);

            assertEquals(EventIds.of(released.releaseId(), "pruned"), event.eventId());
            assertTrue(
                    event.pruned().sparsity() >= 0.79,
                    "sparsity " + event.pruned().sparsity());
            assertTrue(
                    event.pruned().nonzeroParameters() < 0.25 * event.pruned().parameters());
            assertEquals(event.baseline().parameters(), event.pruned().parameters());
            assertEquals(
                    ArtifactKeys.stageBundle(released.releaseId(), "pruned"),
                    event.bundle().key());
            assertEquals(event.bundle(), store.stat(event.bundle().key()).orElseThrow());
            assertEquals(event.report(), store.stat(event.report().key()).orElseThrow());
            assertEquals(
                    List.of(ModelArtifact.PRUNELINE, ModelArtifact.ONNX),
                    event.artifacts().stream().map(ModelArtifact::format).toList());
            assertEquals(event.bundle(), event.artifacts().get(0).ref());
            ModelArtifact onnx = event.artifacts().get(1);
            assertEquals(ArtifactKeys.stageOnnx(released.releaseId(), "pruned"), onnx.key());
            assertEquals(onnx.ref(), store.stat(onnx.key()).orElseThrow());
            assertTrue(
                    store.stat(ArtifactKeys.stageReportPage(released.releaseId(), "pruned"))
                            .isPresent(),
                    "the HTML report is stored beside the JSON one");
            assertTrue(event.engineMode().matches("(onednn-aligned|reference) \\(.+\\)"), event.engineMode());
        }
    }

    @Test
    void shouldPruneAnOnnxReleaseIntoAModelNamedAfterTheRelease() throws Exception {
        Path work = Files.createTempDirectory("onnx-release");
        Path trained = work.resolve("trained.zip");
        store.get(bundle, trained);
        Path onnxOnly = Files.createDirectories(work.resolve("onnx"));
        try (ZipFile zip = new ZipFile(trained.toFile())) {
            Files.copy(
                    zip.getInputStream(zip.getEntry(ModelBundle.MODEL_ONNX)), onnxOnly.resolve(ModelBundle.MODEL_ONNX));
        }
        Path onnxZip = work.resolve("onnx.zip");
        BundleArchive.zip(onnxOnly, onnxZip);
        ModelReleased released = release(
                "digits-onnx",
                store.put("test/" + UUID.randomUUID() + "/onnx.zip", onnxZip),
                CompressionPolicy.defaults());
        try (TopicReader pruned = new TopicReader(bootstrap, Topics.PRUNED)) {
            TopicReader.send(bootstrap, Topics.RELEASED, released.releaseId(), codec.encode(released));

            ModelPruned event = codec.decode(
                    pruned.await(r -> released.releaseId().equals(r.key()), WAIT)
                            .value(),
                    ModelPruned.class);
            Path prunedZip = work.resolve("pruned.zip");
            store.get(event.bundle(), prunedZip);
            assertEquals("digits-onnx", ModelBundle.load(prunedZip).spec().name());
            assertEquals(ModelArtifact.ONNX, event.artifacts().get(1).format());
        }
    }

    @Test
    void shouldRepublishTheSameEventWhenAReleaseIsDeliveredTwice() {
        ModelReleased released = release(bundle, CompressionPolicy.defaults());
        try (TopicReader pruned = new TopicReader(bootstrap, Topics.PRUNED)) {
            TopicReader.send(bootstrap, Topics.RELEASED, released.releaseId(), codec.encode(released));
            ConsumerRecord<String, String> first =
                    pruned.await(r -> released.releaseId().equals(r.key()), WAIT);

            TopicReader.send(bootstrap, Topics.RELEASED, released.releaseId(), codec.encode(released));
            ConsumerRecord<String, String> second =
                    pruned.await(r -> released.releaseId().equals(r.key()), WAIT);

            assertEquals(first.value(), second.value(), "a redelivered release must not be pruned a second time");
        }
    }

    @Test
    void shouldParkAReleaseWhoseBundleIsMissingOnTheDeadLetterTopicWithTheReason() {
        ArtifactRef missing = new ArtifactRef("test/missing/bundle.zip", "c".repeat(64), 10);
        ModelReleased released = release(missing, CompressionPolicy.defaults());
        try (TopicReader dlq = new TopicReader(bootstrap, Topics.dlq(Topics.RELEASED))) {
            TopicReader.send(bootstrap, Topics.RELEASED, released.releaseId(), codec.encode(released));

            ConsumerRecord<String, String> parked = dlq.await(r -> r.value().contains(released.releaseId()), WAIT);

            assertEquals(codec.encode(released), parked.value(), "the event is parked unchanged");
            assertTrue(reason(parked).contains("test/missing/bundle.zip"), reason(parked));
        }
    }

    @Test
    void shouldParkAMalformedEventAtOnceWithTheReason() {
        String marker = UUID.randomUUID().toString();
        String malformed = "{\"schemaVersion\":1,\"eventId\":\"" + marker + "\"";
        try (TopicReader dlq = new TopicReader(bootstrap, Topics.dlq(Topics.RELEASED))) {
            TopicReader.send(bootstrap, Topics.RELEASED, marker, malformed);

            ConsumerRecord<String, String> parked = dlq.await(r -> r.value().contains(marker), WAIT);

            assertTrue(reason(parked).contains("not valid JSON"), reason(parked));
        }
    }

    @Test
    void shouldRefuseAnUnknownCriterionWithoutRetrying() {
        ModelReleased released =
                release(bundle, new CompressionPolicy("no-such-criterion", "weight", 0.5, 0, 0.001, 1.0, Map.of()));
        try (TopicReader dlq = new TopicReader(bootstrap, Topics.dlq(Topics.RELEASED))) {
            TopicReader.send(bootstrap, Topics.RELEASED, released.releaseId(), codec.encode(released));

            ConsumerRecord<String, String> parked = dlq.await(r -> r.value().contains(released.releaseId()), WAIT);

            assertTrue(reason(parked).contains("no-such-criterion"), reason(parked));
        }
    }

    @Test
    void shouldExportStageMetrics() {
        shouldPruneAReleaseToItsTargetSparsityAndStoreTheResult();

        given().get("/q/metrics")
                .then()
                .statusCode(200)
                .body(containsString(
                        "pruneline_stage_jobs_total{model=\"lenet5\",outcome=\"success\",stage=\"prune\"}"))
                .body(containsString("pruneline_stage_duration_seconds_count{model=\"lenet5\",stage=\"prune\"}"))
                .body(containsString("pruneline_model_sparsity_count{model=\"lenet5\",stage=\"prune\"}"));
        given().get("/q/health/ready").then().statusCode(200);
    }

    private static String reason(ConsumerRecord<String, String> record) {
        Header header = record.headers().lastHeader("dead-letter-reason");
        return header == null ? "(no dead-letter-reason header)" : new String(header.value(), StandardCharsets.UTF_8);
    }
}
