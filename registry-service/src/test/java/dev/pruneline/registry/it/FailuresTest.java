package dev.pruneline.registry.it;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pruneline.devstack.DevStackResource;
import dev.pruneline.pipeline.event.ArtifactRef;
import dev.pruneline.pipeline.event.EventCodec;
import dev.pruneline.pipeline.event.Topics;
import dev.pruneline.registry.store.RegistryStore;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Redeliveries, duplicates, dead letters, unknown names and health, on the same stack as the decision tests. */
@QuarkusTest
@QuarkusTestResource(value = DevStackResource.class, restrictToAnnotatedClass = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FailuresTest {

    @Inject
    RegistryStore store;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private final EventCodec codec = new EventCodec();
    private final String model = "vgg-" + UUID.randomUUID().toString().substring(0, 8);
    private final ArtifactRef bundle = new ArtifactRef("releases/x/released/bundle.zip", "a".repeat(64), 10);
    private Pipeline pipeline;

    @BeforeAll
    void connect() {
        Registry.readNumbersAsDoubles();
        pipeline = Registry.withTestClassLoader(() -> new Pipeline(bootstrap));
    }

    @AfterAll
    void close() {
        pipeline.close();
    }

    @Test
    void shouldRecordAReleaseDeliveredTwiceOnce() {
        String model = this.model + "-twice";
        Pipeline.Release release = new Pipeline.Release(model, "1", bundle);
        pipeline.publish(Topics.RELEASED, release.released());
        pipeline.publish(Topics.RELEASED, release.released());
        pipeline.publishAll(release, 0.978);
        Registry.awaitStatus(model, "1", "PROMOTED");

        given().get("/api/v1/models/" + model + "/versions")
                .then()
                .statusCode(200)
                .body("", hasSize(1))
                .body("[0].decision", equalTo("PROMOTED"));
        // The three topics are consumed independently: the decision may be stored before the pruned event.
        await().atMost(Registry.WAIT).until(() -> store.auditCount(release.releaseId()) >= 3);
        assertEquals(3, store.auditCount(release.releaseId()), "one audit row per distinct event");
    }

    @Test
    void shouldFailASecondReleaseOfTheSameVersion() {
        String name = model + "-dup";
        pipeline.publish(Topics.RELEASED, new Pipeline.Release(name, "1", bundle).released());
        Registry.awaitStatus(name, "1", "RELEASED");
        Pipeline.Release second = new Pipeline.Release(name, "1", bundle);
        pipeline.publish(Topics.RELEASED, second.released());

        await().atMost(Registry.WAIT)
                .untilAsserted(() -> given().get("/api/v1/models/" + name + "/versions")
                        .then()
                        .body("", hasSize(2)));
        given().get("/api/v1/models/" + name + "/versions")
                .then()
                .body("find { it.releaseId == '" + second.releaseId() + "' }.status", equalTo("FAILED"));
    }

    @Test
    void shouldMarkAReleaseFailedWithTheDeadLetterReason() {
        Pipeline.Release release = new Pipeline.Release(model, "2", bundle);
        pipeline.publish(Topics.RELEASED, release.released());
        pipeline.publish(Topics.PRUNED, release.pruned());
        pipeline.deadLetter(
                Topics.dlq(Topics.PRUNED),
                release.releaseId(),
                codec.encode(release.pruned()),
                Map.of(
                        "dead-letter-reason",
                        "fine-tuning diverged: loss became NaN at batch 12",
                        "dead-letter-topic",
                        Topics.PRUNED));

        Registry.awaitStatus(model, "2", "FAILED")
                .body("failure.stage", equalTo("retrained"))
                .body("failure.reason", equalTo("fine-tuning diverged: loss became NaN at batch 12"))
                .body("stages.retrained.status", equalTo("failed"));
        given().get("/q/metrics").then().body(containsString("pruneline_dlq_events_total{topic=\"model.pruned.dlq\""));
    }

    @Test
    void shouldSurviveADeadLetterThatNamesNoRelease() {
        pipeline.deadLetter(Topics.dlq(Topics.RELEASED), null, "not json at all", Map.of());
        Pipeline.Release after = new Pipeline.Release(model, "3", bundle);
        pipeline.deadLetter(
                Topics.dlq(Topics.RELEASED),
                after.releaseId(),
                codec.encode(after.released()),
                Map.of("dead-letter-reason", "bundle refused"));

        Registry.awaitStatus(model, "3", "FAILED").body("failure.reason", equalTo("bundle refused"));
    }

    @Test
    void shouldAuditAnUnreadableEventAndGoOnWithTheNextOne() {
        pipeline.publishRaw(Topics.RELEASED, "{\"schemaVersion\":1");
        Pipeline.Release after = new Pipeline.Release(model, "4", bundle);

        pipeline.publish(Topics.RELEASED, after.released());

        Registry.awaitStatus(model, "4", "RELEASED");
        given().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void shouldAnswer404WithAMessageForUnknownNames() {
        given().get("/api/v1/models/nope/versions/9")
                .then()
                .statusCode(404)
                .body("error", equalTo("model nope has no version 9"));
        given().get("/api/v1/models/nope/production")
                .then()
                .statusCode(404)
                .body("error", equalTo("model nope has no promoted version"));
        given().get("/api/v1/models/nope/versions")
                .then()
                .statusCode(404)
                .body("error", equalTo("model nope has no versions"));
    }

    @Test
    void shouldReportHealthyAndServeOpenApi() {
        given().get("/q/health")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body(containsString("\"pg\""));
        given().get("/q/openapi").then().statusCode(200).body(containsString("/api/v1/models/{name}/production"));
    }
}
