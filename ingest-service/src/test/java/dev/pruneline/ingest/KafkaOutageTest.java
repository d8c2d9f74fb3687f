package dev.pruneline.ingest;

import static dev.pruneline.ingest.UploaderAuth.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pruneline.devstack.DevStackResource;
import dev.pruneline.devstack.TopicReader;
import dev.pruneline.pipeline.event.EventIds;
import dev.pruneline.pipeline.event.Topics;
import dev.pruneline.pipeline.store.ArtifactKeys;
import dev.pruneline.pipeline.store.ArtifactStore;
import dev.pruneline.pipeline.store.Sha256;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * An upload while Kafka is down: the client gets 503 saying the release is kept, the event waits in the outbox, and
 * once the broker is back on its port and data the relay publishes it, exactly once, and empties the outbox.
 */
@QuarkusTest
@QuarkusTestResource(value = DevStackResource.class, restrictToAnnotatedClass = false)
@TestProfile(KafkaOutageTest.BrokerOfItsOwn.class)
class KafkaOutageTest {

    private static final Duration WAIT = Duration.ofSeconds(90);
    /** How long the test listens to be sure that an event was not published twice. */
    private static final Duration QUIET = Duration.ofSeconds(3);

    /**
     * A broker this test may stop, and a publish timeout short enough for a test: still at least the producer's
     * {@code max.block.ms} plus {@code delivery.timeout.ms}, as in production.
     */
    public static class BrokerOfItsOwn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "pruneline.ingest.publish-timeout", "8s",
                    "mp.messaging.outgoing.released.delivery.timeout.ms", "5000",
                    "mp.messaging.outgoing.released.request.timeout.ms", "2000",
                    "mp.messaging.outgoing.released.max.block.ms", "2000");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(StoppableBroker.class));
        }
    }

    @Inject
    ArtifactStore store;

    @Test
    void shouldKeepAReleaseUploadedWhileKafkaIsDownAndPublishItOnceKafkaIsBack() throws Exception {
        Path work = Files.createTempDirectory(Path.of("target"), "kafka-outage"); // removed by mvn clean
        Uploads uploads = new Uploads(work);
        String dataset = "digits-" + UUID.randomUUID().toString().substring(0, 8);
        String model = "outage-" + UUID.randomUUID().toString().substring(0, 8);
        given().contentType("application/zip")
                .body(uploads.mnist.toFile())
                .post("/api/v1/datasets/{name}", dataset)
                .then()
                .statusCode(201);
        String releaseId = EventIds.releaseId(model, "1", Sha256.of(uploads.lenet5));

        try (TopicReader released = new TopicReader(StoppableBroker.bootstrapServers(), Topics.RELEASED)) {
            StoppableBroker.shutDown();

            upload(model, uploads.lenet5, dataset)
                    .statusCode(503)
                    .body("error", containsString("release " + releaseId + " is kept"))
                    .body("error", containsString("will be published when Kafka is back"));
            assertTrue(store.stat(ArtifactKeys.outbox(releaseId)).isPresent(), "the event waits in the outbox");
            assertTrue(store.stat(ArtifactKeys.versionClaim(model, "1")).isPresent(), "the version is claimed");

            StoppableBroker.restart();

            released.await(r -> releaseId.equals(r.key()), WAIT);
            awaitOutboxEmptyOf(releaseId);
            assertEquals(
                    List.of(),
                    released.drain(QUIET).stream()
                            .filter(r -> releaseId.equals(r.key()))
                            .toList(),
                    "one model.released for the release");
        }

        upload(model, uploads.lenet5, dataset).statusCode(202).body("releaseId", equalTo(releaseId));
        assertTrue(store.stat(ArtifactKeys.outbox(releaseId)).isEmpty());
    }

    private static io.restassured.response.ValidatableResponse upload(String model, Path bundle, String dataset) {
        return given().contentType("application/zip")
                .body(bundle.toFile())
                .queryParam("version", "1")
                .queryParam("dataset", dataset)
                .post("/api/v1/models/{name}/versions", model)
                .then();
    }

    private void awaitOutboxEmptyOf(String releaseId) {
        Instant deadline = Instant.now().plus(WAIT);
        while (store.stat(ArtifactKeys.outbox(releaseId)).isPresent()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(
                        "release " + releaseId + " still in the outbox after " + WAIT.toSeconds() + " s");
            }
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos()); // poll interval, not a wait for the result
        }
    }
}
