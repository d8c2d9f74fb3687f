package dev.pruneline.registry.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pruneline.devstack.DevStackResource;
import dev.pruneline.devstack.TopicReader;
import dev.pruneline.pipeline.event.ArtifactRef;
import dev.pruneline.pipeline.event.EventCodec;
import dev.pruneline.pipeline.event.EventIds;
import dev.pruneline.pipeline.event.ModelArtifact;
import dev.pruneline.pipeline.event.ReleaseDecision;
import dev.pruneline.pipeline.event.Topics;
import dev.pruneline.pipeline.store.ArtifactStore;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Decisions end to end: events in over real Kafka, history in real PostgreSQL, the bundle in real S3. */
@QuarkusTest
@QuarkusTestResource(value = DevStackResource.class, restrictToAnnotatedClass = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReleaseDecisionsTest {

    @Inject
    ArtifactStore artifacts;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "quarkus.uuid")
    String startUuid;

    private final EventCodec codec = new EventCodec();
    private final String model = "lenet5-" + UUID.randomUUID().toString().substring(0, 8);
    private final byte[] bundleBytes = "a pruned, fine-tuned bundle".getBytes(StandardCharsets.UTF_8);
    private ArtifactRef bundle;
    private Pipeline pipeline;
    private TopicReader promoted;
    private TopicReader rejected;

    @BeforeAll
    void storeABundleAndListen() {
        Registry.readNumbersAsDoubles();
        bundle = artifacts.put("test/" + model + "/bundle.zip", bundleBytes);
        pipeline = Registry.withTestClassLoader(() -> new Pipeline(bootstrap));
        promoted = Registry.withTestClassLoader(() -> new TopicReader(bootstrap, Topics.PROMOTED));
        rejected = Registry.withTestClassLoader(() -> new TopicReader(bootstrap, Topics.REJECTED));
    }

    @AfterAll
    void close() {
        pipeline.close();
        promoted.close();
        rejected.close();
    }

    @Test
    void shouldPromoteACandidateWithinToleranceAndPublishTheDecision() {
        Pipeline.Release release = new Pipeline.Release(model, "1", bundle);
        pipeline.publishAll(release, 0.977);

        Registry.awaitStatus(model, "1", "PROMOTED");
        Registry.awaitField(model, "1", "stages.released.status", "done")
                .body("releaseId", equalTo(release.releaseId()))
                .body("policy.tolerancePp", equalTo(1.0))
                .body("decision.outcome", equalTo("PROMOTED"))
                .body(
                        "decision.reason",
                        equalTo("accuracy fell 0.40 points (98.10% -> 97.70%) on the test split of data set"
                                + " 'mnist-sample', within the 1.00-point tolerance"))
                .body("decision.accuracyDropPp", closeTo(0.4, 1e-6))
                .body("metrics.baseline.accuracy", closeTo(0.981, 1e-9))
                .body("metrics.pruned.nonzeroParameters", equalTo(12_341))
                .body("metrics.retrained.accuracy", closeTo(0.977, 1e-9))
                .body("stages.released.status", equalTo("done"))
                .body("stages.retrained.bundle.sha256", equalTo(bundle.sha256()))
                .body("stages.decided.at", notNullValue())
                .body("failure", equalTo(null));
        // The accuracy model.json claims is shown beside the measured baseline; the gate used the baseline.
        Registry.awaitField(model, "1", "stages.pruned.status", "done")
                .body("metrics.claimed.accuracy", closeTo(Pipeline.CLAIMED, 1e-9))
                .body("metrics.baseline.accuracy", closeTo(0.981, 1e-9));

        ConsumerRecord<String, String> record =
                promoted.await(r -> release.releaseId().equals(r.key()), Registry.WAIT);
        ReleaseDecision decision = codec.decode(record.value(), ReleaseDecision.class);
        assertEquals(EventIds.of(release.releaseId(), "decision"), decision.eventId());
        assertEquals(ReleaseDecision.Outcome.PROMOTED, decision.outcome());
        assertEquals(bundle, decision.candidate());
        assertEquals(1, decision.schemaVersion());
    }

    @Test
    void shouldPublishOneDecisionWhenModelRetrainedIsDeliveredThreeTimes() {
        // a model of its own: its promotion must not stand in the way of the other tests' versions
        String duplicated = model + "-3x";
        Pipeline.Release release = new Pipeline.Release(duplicated, "1", bundle);
        pipeline.publishAll(release, 0.977);
        promoted.await(r -> release.releaseId().equals(r.key()), Registry.WAIT);

        pipeline.publish(Topics.RETRAINED, release.retrained(0.977));
        pipeline.publish(Topics.RETRAINED, release.retrained(0.977));
        Registry.awaitStatus(duplicated, "1", "PROMOTED");

        assertEquals(
                List.of(),
                promoted.drain(Duration.ofSeconds(5)).stream()
                        .filter(r -> release.releaseId().equals(r.key()))
                        .toList(),
                "a redelivered model.retrained publishes no second decision");
    }

    @Test
    void shouldRejectACandidateThatLostTooMuchAccuracySayingWhy() {
        Pipeline.Release release = new Pipeline.Release(model, "2", bundle);
        pipeline.publishAll(release, 0.857);

        Registry.awaitStatus(model, "2", "REJECTED")
                .body(
                        "decision.reason",
                        equalTo("accuracy fell 12.40 points (98.10% -> 85.70%) on the test split of data set"
                                + " 'mnist-sample', more than the 1.00-point tolerance"));
        ConsumerRecord<String, String> record =
                rejected.await(r -> release.releaseId().equals(r.key()), Registry.WAIT);
        assertEquals(
                ReleaseDecision.Outcome.REJECTED,
                codec.decode(record.value(), ReleaseDecision.class).outcome());
    }

    @Test
    void shouldServeTheProductionBundleThroughAPresignedUrl() throws Exception {
        String name = model + "-prod";
        pipeline.publishAll(new Pipeline.Release(name, "1", bundle), 0.981);
        Registry.awaitStatus(name, "1", "PROMOTED");

        String url = given().get("/api/v1/models/" + name + "/production")
                .then()
                .statusCode(200)
                .body("model", equalTo(name))
                .body("version", equalTo("1"))
                .body("bundle.sha256", equalTo(bundle.sha256()))
                .body("metrics.retrained.accuracy", closeTo(0.981, 1e-9))
                .body("promotedAt", notNullValue())
                .extract()
                .path("downloadUrl");
        try (InputStream in = URI.create(url).toURL().openStream()) {
            assertArrayEquals(bundleBytes, in.readAllBytes());
        }
        given().get("/api/v1/models")
                .then()
                .statusCode(200)
                .body("find { it.model == '" + name + "' }.productionVersion", equalTo("1"))
                .body("find { it.model == '" + name + "' }.versions", equalTo(1));
    }

    @Test
    void shouldListTheCandidatesArtifactsByFormatAndLinkTheOnnxFileOnRequest() throws Exception {
        String name = model + "-onnx";
        byte[] onnxBytes = "an ONNX export of the candidate".getBytes(StandardCharsets.UTF_8);
        ArtifactRef onnx = artifacts.put("test/" + name + "/model.onnx", onnxBytes);
        Pipeline.Release release = new Pipeline.Release(name, "1", bundle, onnx);
        pipeline.publishAll(release, 0.981);
        // The stages travel on different topics: model.pruned may be recorded after the decision.
        Registry.awaitField(name, "1", "stages.pruned.artifacts[1].format", "onnx");
        Registry.awaitStatus(name, "1", "PROMOTED")
                .body("stages.retrained.artifacts.format", equalTo(List.of("pruneline", "onnx")))
                .body("stages.retrained.artifacts[1].key", equalTo(onnx.key()))
                .body("stages.retrained.artifacts[1].sha256", equalTo(onnx.sha256()))
                .body("stages.pruned.artifacts.format", equalTo(List.of("pruneline", "onnx")));

        String url = given().queryParam("format", "onnx")
                .get("/api/v1/models/" + name + "/production")
                .then()
                .statusCode(200)
                .body("format", equalTo("onnx"))
                .body("artifact.key", equalTo(onnx.key()))
                .body("artifact.sha256", equalTo(onnx.sha256()))
                .body("bundle.sha256", equalTo(bundle.sha256()))
                .body("artifacts.format", equalTo(List.of("pruneline", "onnx")))
                .extract()
                .path("downloadUrl");
        try (InputStream in = URI.create(url).toURL().openStream()) {
            assertArrayEquals(onnxBytes, in.readAllBytes());
        }
        given().get("/api/v1/models/" + name + "/production")
                .then()
                .statusCode(200)
                .body("format", equalTo("pruneline"))
                .body("artifact.sha256", equalTo(bundle.sha256()));
        given().queryParam("format", "tflite")
                .get("/api/v1/models/" + name + "/production")
                .then()
                .statusCode(400)
                .body("error", equalTo("format 'tflite' is not one of pruneline, onnx"));

        ReleaseDecision decision = codec.decode(
                promoted.await(r -> release.releaseId().equals(r.key()), Registry.WAIT)
                        .value(),
                ReleaseDecision.class);
        assertEquals(
                ModelArtifact.of(ModelArtifact.ONNX, onnx),
                decision.candidateArtifacts().get(1));
    }

    @Test
    void shouldAnswer404ForAFormatTheProductionReleaseLacks() {
        String name = model + "-old";
        pipeline.publishAll(new Pipeline.Release(name, "1", bundle), 0.981);
        Registry.awaitStatus(name, "1", "PROMOTED");

        given().queryParam("format", "onnx")
                .get("/api/v1/models/" + name + "/production")
                .then()
                .statusCode(404)
                .body(
                        "error",
                        equalTo("the production version 1 of model " + name
                                + " has no onnx artifact (it has [pruneline])"));
    }

    @Test
    void shouldKeepProductionToTheGateWithoutAnOperatorPassword() {
        String path = "/api/v1/models/" + model + "/production";
        given().auth()
                .preemptive()
                .basic("operator", "a guess")
                .contentType("application/json")
                .body(java.util.Map.of("version", "1", "reason", "no password set"))
                .post(path)
                .then()
                .statusCode(401);
        // with no password set no password signs in as operator: not an empty one, not this start's quarkus.uuid
        for (String password : java.util.List.of("", startUuid)) {
            given().auth()
                    .preemptive()
                    .basic("operator", password)
                    .contentType("application/json")
                    .body(java.util.Map.of("version", "1", "reason", "no password set"))
                    .post(path)
                    .then()
                    .statusCode(401);
        }
        // and an anonymous change is refused as off, naming the key
        given().contentType("application/json")
                .body(java.util.Map.of("version", "1", "reason", "anonymous"))
                .post(path)
                .then()
                .statusCode(403)
                .body("error", containsString("promote and roll back are off"));
        given().contentType("application/json")
                .body(java.util.Map.of("reason", "anonymous"))
                .post(path + "/rollback")
                .then()
                .statusCode(403)
                .body("error", containsString("set pruneline.registry.operator.password"));
    }

    @Test
    void shouldCountDecisionsInTheMetrics() {
        String name = model + "-metrics";
        pipeline.publishAll(new Pipeline.Release(name, "1", bundle), 0.980);
        Registry.awaitStatus(name, "1", "PROMOTED");

        given().get("/q/metrics")
                .then()
                .statusCode(200)
                .body(containsString("pruneline_promotions_total{model=\"" + name + "\",outcome=\"promoted\""))
                .body(containsString("pruneline_model_accuracy_drop_percentage_points_count{model=\"" + name + "\""));
    }
}
