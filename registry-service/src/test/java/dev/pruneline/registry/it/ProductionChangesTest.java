package dev.pruneline.registry.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pruneline.devstack.DevStackResource;
import dev.pruneline.devstack.TopicReader;
import dev.pruneline.pipeline.event.ArtifactRef;
import dev.pruneline.pipeline.event.EventCodec;
import dev.pruneline.pipeline.event.ReleaseDecision;
import dev.pruneline.pipeline.event.Topics;
import dev.pruneline.pipeline.store.ArtifactStore;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * An operator's promote and roll back over HTTP: Basic authentication, the production pointer in real PostgreSQL,
 * and the change announced on model.promoted over real Kafka.
 */
@QuarkusTest
@QuarkusTestResource(value = DevStackResource.class, restrictToAnnotatedClass = false)
@TestProfile(ProductionChangesTest.WithOperators.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProductionChangesTest {

    /** The other tests run as the service does by default, without an operator password. */
    public static class WithOperators implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("pruneline.registry.operator.password", "test-operator-secret");
        }
    }

    @Inject
    ArtifactStore artifacts;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "pruneline.registry.operator.password")
    String password;

    private final EventCodec codec = new EventCodec();
    private final String model = "resnet8-" + UUID.randomUUID().toString().substring(0, 8);
    private ArtifactRef bundle;
    private Pipeline pipeline;
    private TopicReader promoted;

    @BeforeAll
    void storeABundleAndListen() {
        Registry.readNumbersAsDoubles();
        bundle = artifacts.put("test/" + model + "/bundle.zip", "bundle".getBytes(StandardCharsets.UTF_8));
        pipeline = Registry.withTestClassLoader(() -> new Pipeline(bootstrap));
        promoted = Registry.withTestClassLoader(() -> new TopicReader(bootstrap, Topics.PROMOTED));
    }

    @AfterAll
    void close() {
        pipeline.close();
        promoted.close();
    }

    private RequestSpecification operator() {
        return given().auth().preemptive().basic("operator", password).contentType(ContentType.JSON);
    }

    private String production() {
        return production(model);
    }

    private static String production(String model) {
        return given().get("/api/v1/models/" + model + "/production")
                .then()
                .statusCode(200)
                .extract()
                .path("version");
    }

    @Test
    void shouldPromoteARejectedVersionRollBackAndAnnounceEachChange() {
        Pipeline.Release v1 = new Pipeline.Release(model, "1", bundle);
        Pipeline.Release v2 = new Pipeline.Release(model, "2", bundle);
        pipeline.publishAll(v1, 0.980);
        Registry.awaitStatus(model, "1", "PROMOTED");
        pipeline.publishAll(v2, 0.900);
        Registry.awaitStatus(model, "2", "REJECTED");
        assertEquals("1", production());

        String path = "/api/v1/models/" + model + "/production";
        Map<String, String> promote = Map.of("version", "2", "reason", "12 points lost on MNIST, fine on our data");
        given().contentType(ContentType.JSON)
                .body(promote)
                .post(path)
                .then()
                .statusCode(401)
                .header("WWW-Authenticate", containsString("Basic"))
                .body("error", containsString("operator's credentials"));
        given().auth()
                .preemptive()
                .basic("operator", "wrong")
                .contentType(ContentType.JSON)
                .body(promote)
                .post(path)
                .then()
                .statusCode(401);
        assertEquals("1", production(), "refused requests change nothing");

        operator()
                .body(promote)
                .post(path)
                .then()
                .statusCode(200)
                .body("version", equalTo("2"))
                .body("change.action", equalTo("PROMOTE"))
                .body("change.actor", equalTo("operator"))
                .body("decision.outcome", equalTo("REJECTED"));
        assertEquals("2", production());
        ConsumerRecord<String, String> announced =
                promoted.await(r -> v2.releaseId().equals(r.key()), Registry.WAIT);
        ReleaseDecision event = codec.decode(announced.value(), ReleaseDecision.class);
        assertEquals(ReleaseDecision.Outcome.PROMOTED, event.outcome());
        assertEquals("promoted by operator: 12 points lost on MNIST, fine on our data", event.reason());
        assertEquals(bundle, event.candidate());

        operator()
                .body(Map.of("reason", "a stale retry", "expectedVersion", "1"))
                .post(path + "/rollback")
                .then()
                .statusCode(409)
                .body("error", containsString("is version 2, not version 1"));
        operator()
                .body(Map.of("reason", "customers report errors", "expectedVersion", "2"))
                .post(path + "/rollback")
                .then()
                .statusCode(200)
                .body("version", equalTo("1"))
                .body("change.action", equalTo("ROLLBACK"));
        assertEquals("1", production());
        ReleaseDecision back = codec.decode(
                promoted.await(r -> v1.releaseId().equals(r.key()) && r.value().contains("rolled back"), Registry.WAIT)
                        .value(),
                ReleaseDecision.class);
        assertTrue(back.reason().startsWith("production rolled back to it by operator"), back.reason());

        given().get(path + "/history")
                .then()
                .statusCode(200)
                .body("version", equalTo(java.util.List.of("1", "2", "1")))
                .body("action", equalTo(java.util.List.of("ROLLBACK", "PROMOTE", "GATE")))
                .body("[1].reason", equalTo("12 points lost on MNIST, fine on our data"));
        given().get("/api/v1/models")
                .then()
                .statusCode(200)
                .body("find { it.model == '" + model + "' }.productionVersion", equalTo("1"));
        given().get("/q/metrics")
                .then()
                .statusCode(200)
                .body(containsString("pruneline_production_changes_total{action=\"promote\",model=\"" + model + "\""))
                .body(containsString("pruneline_production_changes_total{action=\"rollback\",model=\"" + model + "\""));
    }

    @Test
    void shouldRefuseBadRequestsWithTheReason() {
        String name = model + "-bad";
        String path = "/api/v1/models/" + name + "/production";
        operator()
                .body(Map.of("reason", "first"))
                .post(path + "/rollback")
                .then()
                .statusCode(404)
                .body("error", equalTo("model " + name + " has never been in production"));
        pipeline.publishAll(new Pipeline.Release(name, "1", bundle), 0.981);
        Registry.awaitStatus(name, "1", "PROMOTED");

        operator()
                .body(Map.of("version", "1"))
                .post(path)
                .then()
                .statusCode(400)
                .body("error", containsString("give a reason"));
        operator()
                .body(Map.of("reason", "no version"))
                .post(path)
                .then()
                .statusCode(400)
                .body("error", containsString("give the version"));
        operator()
                .body(Map.of("version", "1", "reason", "x".repeat(1001)))
                .post(path)
                .then()
                .statusCode(400)
                .body("error", containsString("at most 1000"));
        operator()
                .body(Map.of("version", "7", "reason", "typo"))
                .post(path)
                .then()
                .statusCode(404)
                .body("error", equalTo("model " + name + " has no version 7"));
        operator()
                .body(Map.of("version", "1", "reason", "again"))
                .post(path)
                .then()
                .statusCode(409)
                .body("error", containsString("is production already"));
        operator()
                .body(Map.of("reason", "nothing before"))
                .post(path + "/rollback")
                .then()
                .statusCode(409)
                .body("error", containsString("nothing to roll back to"));
    }

    /**
     * Production order: a candidate that was in flight when an operator rolled back passes the gate but does not undo
     * the roll back, and a candidate older than production never replaces it; both are decided on model.rejected
     * with the reason, while a release that arrives after the roll back is promoted as usual.
     */
    @Test
    void shouldKeepAnOperatorsRollBackAndNeverMoveProductionBack() {
        String name = model + "-order";
        String path = "/api/v1/models/" + name + "/production";
        Pipeline.Release v1 = new Pipeline.Release(name, "1", bundle);
        Pipeline.Release v2 = new Pipeline.Release(name, "2", bundle);
        Pipeline.Release v3 = new Pipeline.Release(name, "3", bundle);
        pipeline.publishAll(v1, 0.980);
        Registry.awaitStatus(name, "1", "PROMOTED");
        pipeline.publish(Topics.RELEASED, v2.released());
        pipeline.publish(Topics.PRUNED, v2.pruned());
        Registry.awaitStatus(name, "2", "PRUNED");
        pipeline.publishAll(v3, 0.980);
        Registry.awaitStatus(name, "3", "PROMOTED");
        operator()
                .body(Map.of("reason", "3 breaks our clients", "expectedVersion", "3"))
                .post(path + "/rollback")
                .then()
                .statusCode(200)
                .body("version", equalTo("1"));

        try (TopicReader rejected = Registry.withTestClassLoader(() -> new TopicReader(bootstrap, Topics.REJECTED))) {
            pipeline.publish(Topics.RETRAINED, v2.retrained(0.980));
            Registry.awaitStatus(name, "2", "REJECTED")
                    .body("decision.outcome", equalTo("REJECTED"))
                    .body("decision.reason", containsString("passed the gate (accuracy fell 0.10 points"))
                    .body("decision.reason", containsString("not promoted: operator operator rolled production back"));
            ReleaseDecision event = codec.decode(
                    rejected.await(r -> v2.releaseId().equals(r.key()), Registry.WAIT)
                            .value(),
                    ReleaseDecision.class);
            assertTrue(event.reason().contains("already in flight"), event.reason());
            assertEquals("1", production(name), "the roll back holds");

            Pipeline.Release v4 = new Pipeline.Release(name, "4", bundle);
            pipeline.publishAll(v4, 0.980);
            Registry.awaitStatus(name, "4", "PROMOTED");
            assertEquals("4", production(name), "a release after the roll back is promoted as usual");

            Pipeline.Release older = new Pipeline.Release(name, "3.1", bundle);
            pipeline.publishAll(older, 0.980);
            Registry.awaitStatus(name, "3.1", "REJECTED")
                    .body(
                            "decision.reason",
                            containsString("production of " + name + " is at version 4, newer than 3.1"));
            assertEquals("4", production(name));
        }
        given().get(path + "/history")
                .then()
                .statusCode(200)
                .body("version", equalTo(java.util.List.of("4", "1", "3", "1")))
                .body("action", equalTo(java.util.List.of("GATE", "ROLLBACK", "GATE", "GATE")));
    }
}
