package dev.pruneline.registry.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.pruneline.devstack.DevStackResource;
import dev.pruneline.devstack.TopicReader;
import dev.pruneline.pipeline.event.ArtifactRef;
import dev.pruneline.pipeline.event.EventCodec;
import dev.pruneline.pipeline.event.ModelPruned;
import dev.pruneline.pipeline.event.ModelReleased;
import dev.pruneline.pipeline.event.Topics;
import dev.pruneline.registry.watchdog.StageWatchdog;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * An operator re-drives a release that failed in a worker (a transient fault outlasted the retries): over HTTP, the
 * release goes back to the stage that failed, the stage's input event is published again under a new id, and the
 * release then goes on to its decision, or fails again with the new reason. The same holds for a release the stage
 * watchdog failed, which a late stage event also moves on.
 */
@QuarkusTest
@QuarkusTestResource(value = DevStackResource.class, restrictToAnnotatedClass = false)
@TestProfile(ProductionChangesTest.WithOperators.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RetryTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "pruneline.registry.operator.password")
    String password;

    @ConfigProperty(name = "pruneline.registry.stage-timeout")
    Duration stageTimeout;

    @Inject
    StageWatchdog watchdog;

    private final EventCodec codec = new EventCodec();
    private final String model = "mnv2-" + UUID.randomUUID().toString().substring(0, 8);
    private final ArtifactRef bundle = new ArtifactRef("releases/x/released/bundle.zip", "b".repeat(64), 10);
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

    private RequestSpecification operator() {
        return given().auth().preemptive().basic("operator", password).contentType(ContentType.JSON);
    }

    private static String retryPath(String model, String version) {
        return "/api/v1/models/" + model + "/versions/" + version + "/retry";
    }

    private void failPrune(Pipeline.Release release, String eventJson, String reason) {
        pipeline.deadLetter(
                Topics.dlq(Topics.RELEASED),
                release.releaseId(),
                eventJson,
                Map.of("dead-letter-reason", reason, "dead-letter-topic", Topics.RELEASED));
    }

    @Test
    void shouldRunAFailedPruneAgainAndGoOnToTheDecision() {
        Pipeline.Release release = new Pipeline.Release(model, "1", bundle);
        pipeline.publish(Topics.RELEASED, release.released());
        failPrune(release, codec.encode(release.released()), "artifact store unavailable: Connection refused");
        Registry.awaitStatus(model, "1", "FAILED").body("failure.stage", equalTo("pruned"));

        try (TopicReader released = Registry.withTestClassLoader(() -> new TopicReader(bootstrap, Topics.RELEASED))) {
            operator()
                    .body(Map.of("reason", "S3 is back"))
                    .post(retryPath(model, "1"))
                    .then()
                    .statusCode(202)
                    .body("status", equalTo("RELEASED"))
                    .body("failure", nullValue());

            ModelReleased again = codec.decode(
                    released.await(r -> release.releaseId().equals(r.key()), Registry.WAIT)
                            .value(),
                    ModelReleased.class);
            assertNotEquals(release.released().eventId(), again.eventId(), "a new event id for the new attempt");
            assertEquals(release.released().bundle(), again.bundle());
            assertEquals(release.released().policy(), again.policy());
        }
        // The prune worker now succeeds, and so on to the decision.
        pipeline.publish(Topics.PRUNED, release.pruned());
        pipeline.publish(Topics.RETRAINED, release.retrained(0.980));
        Registry.awaitStatus(model, "1", "PROMOTED");
    }

    @Test
    void shouldFailAgainWithTheNewReasonWhenTheRetryFailsToo() {
        String name = model + "-again";
        Pipeline.Release release = new Pipeline.Release(name, "1", bundle);
        pipeline.publish(Topics.RELEASED, release.released());
        pipeline.publish(Topics.PRUNED, release.pruned());
        pipeline.deadLetter(
                Topics.dlq(Topics.PRUNED),
                release.releaseId(),
                codec.encode(release.pruned()),
                Map.of("dead-letter-reason", "broker timed out", "dead-letter-topic", Topics.PRUNED));
        Registry.awaitStatus(name, "1", "FAILED").body("failure.stage", equalTo("retrained"));

        String again;
        try (TopicReader pruned = Registry.withTestClassLoader(() -> new TopicReader(bootstrap, Topics.PRUNED))) {
            operator()
                    .body(Map.of("reason", "the broker is back"))
                    .post(retryPath(name, "1"))
                    .then()
                    .statusCode(202)
                    .body("status", equalTo("PRUNED"));
            again = pruned.await(r -> release.releaseId().equals(r.key()), Registry.WAIT)
                    .value();
        }
        assertEquals(
                release.pruned().bundle(),
                codec.decode(again, ModelPruned.class).bundle());
        // The retrain worker fails on the re-driven event too: a new dead letter, not a duplicate of the first.
        pipeline.deadLetter(
                Topics.dlq(Topics.PRUNED),
                release.releaseId(),
                again,
                Map.of("dead-letter-reason", "fine-tuning diverged", "dead-letter-topic", Topics.PRUNED));
        Registry.awaitField(name, "1", "failure.reason", "fine-tuning diverged").body("status", equalTo("FAILED"));
    }

    @Test
    void shouldRefuseWhatCannotBeRetried() {
        String name = model + "-refused";
        Pipeline.Release promoted = new Pipeline.Release(name, "1", bundle);
        pipeline.publishAll(promoted, 0.980);
        Registry.awaitStatus(name, "1", "PROMOTED");

        given().contentType(ContentType.JSON)
                .body(Map.of("reason", "why not"))
                .post(retryPath(name, "1"))
                .then()
                .statusCode(401)
                .body("error", containsString("operator's credentials"));
        operator()
                .body(Map.of("reason", "why not"))
                .post(retryPath(name, "1"))
                .then()
                .statusCode(409)
                .body("error", equalTo(name + " 1 is PROMOTED: only a failed release can be re-driven"));
        operator()
                .body(Map.of("reason", "typo"))
                .post(retryPath(name, "9"))
                .then()
                .statusCode(404)
                .body("error", equalTo("model " + name + " has no version 9"));
        operator()
                .body(Map.of())
                .post(retryPath(name, "1"))
                .then()
                .statusCode(400)
                .body("error", containsString("give a reason"));

        // A dead letter whose event cannot be read leaves nothing to run again.
        Pipeline.Release unreadable = new Pipeline.Release(name, "2", bundle);
        pipeline.deadLetter(
                Topics.dlq(Topics.RELEASED),
                unreadable.releaseId(),
                "{\"releaseId\":\"" + unreadable.releaseId() + "\",\"model\":\"" + name + "\",\"version\":\"2\"}",
                Map.of("dead-letter-reason", "not a ModelReleased", "dead-letter-topic", Topics.RELEASED));
        Registry.awaitStatus(name, "2", "FAILED");
        operator()
                .body(Map.of("reason", "try"))
                .post(retryPath(name, "2"))
                .then()
                .statusCode(409)
                .body(
                        "error",
                        containsString(name + " 2 cannot be re-driven: its model.released event cannot be read"));
    }

    /** The watchdog's pass as if it ran just over the stage timeout after the release's last change. */
    private void watchdogJustAfterTheTimeoutOf(String model, String version) {
        Instant lastChange = Instant.parse(given().get("/api/v1/models/" + model + "/versions/" + version)
                .then()
                .extract()
                .path("updatedAt"));
        watchdog.failStalled(lastChange.plus(stageTimeout).plusMillis(1));
    }

    @Test
    void shouldRetryAReleaseTheStageWatchdogFailedAndLeaveOthersAlone() {
        String name = model + "-stalled";
        Pipeline.Release finished = new Pipeline.Release(name, "1", bundle);
        pipeline.publishAll(finished, 0.980);
        Registry.awaitStatus(name, "1", "PROMOTED");
        Pipeline.Release stuck = new Pipeline.Release(name, "2", bundle);
        pipeline.publish(Topics.RELEASED, stuck.released());
        Registry.awaitStatus(name, "2", "RELEASED");
        Pipeline.Release recent = new Pipeline.Release(name, "3", bundle);
        pipeline.publish(Topics.RELEASED, recent.released());
        Registry.awaitStatus(name, "3", "RELEASED");

        watchdogJustAfterTheTimeoutOf(name, "2");

        given().get("/api/v1/models/" + name + "/versions/2")
                .then()
                .body("status", equalTo("FAILED"))
                .body("failure.stage", equalTo("pruned"))
                .body(
                        "failure.reason",
                        equalTo("no model.pruned within 6h of model.released (stage timeout"
                                + " pruneline.registry.stage-timeout)"));
        given().get("/api/v1/models/" + name + "/versions/1").then().body("status", equalTo("PROMOTED"));
        given().get("/api/v1/models/" + name + "/versions/3").then().body("status", equalTo("RELEASED"));
        given().get("/q/metrics").then().body(containsString("pruneline_releases_stalled_total{stage=\"pruned\""));

        try (TopicReader released = Registry.withTestClassLoader(() -> new TopicReader(bootstrap, Topics.RELEASED))) {
            operator()
                    .body(Map.of("reason", "the prune workers are back"))
                    .post(retryPath(name, "2"))
                    .then()
                    .statusCode(202)
                    .body("status", equalTo("RELEASED"))
                    .body("failure", nullValue());
            released.await(r -> stuck.releaseId().equals(r.key()), Registry.WAIT);
        }
        pipeline.publish(Topics.PRUNED, stuck.pruned());
        pipeline.publish(Topics.RETRAINED, stuck.retrained(0.980));
        Registry.awaitStatus(name, "2", "PROMOTED");
    }

    @Test
    void shouldMoveAReleaseTheStageWatchdogFailedOnWhenItsLateEventComes() {
        String name = model + "-late";
        Pipeline.Release late = new Pipeline.Release(name, "1", bundle);
        pipeline.publish(Topics.RELEASED, late.released());
        Registry.awaitStatus(name, "1", "RELEASED");
        watchdogJustAfterTheTimeoutOf(name, "1");
        Registry.awaitStatus(name, "1", "FAILED");

        pipeline.publish(Topics.PRUNED, late.pruned());

        Registry.awaitStatus(name, "1", "PRUNED").body("failure", nullValue());
    }
}
