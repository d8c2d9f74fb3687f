package dev.pruneline.ingest;

import static dev.pruneline.ingest.UploaderAuth.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pruneline.devstack.DevStackResource;
import dev.pruneline.devstack.TopicReader;
import dev.pruneline.pipeline.event.ArtifactRef;
import dev.pruneline.pipeline.event.CompressionPolicy;
import dev.pruneline.pipeline.event.DatasetRef;
import dev.pruneline.pipeline.event.EventCodec;
import dev.pruneline.pipeline.event.EventIds;
import dev.pruneline.pipeline.event.ModelReleased;
import dev.pruneline.pipeline.event.PipelineEvent;
import dev.pruneline.pipeline.event.Topics;
import dev.pruneline.pipeline.store.ArtifactKeys;
import dev.pruneline.pipeline.store.ArtifactStore;
import dev.pruneline.pipeline.store.Sha256;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The outbox relay against a real broker and S3 server: events that an upload left behind (it stopped after
 * writing them) reach {@code model.released} and leave the outbox.
 */
@QuarkusTest
@QuarkusTestResource(value = DevStackResource.class, restrictToAnnotatedClass = false)
class OutboxRelayTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    /** How long a test listens to be sure that nothing was published. */
    private static final Duration QUIET = Duration.ofSeconds(3);

    @Inject
    ArtifactStore store;

    @Inject
    OutboxRelay relay;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private final EventCodec codec = new EventCodec();

    @Test
    void shouldPublishAndRemoveTheEventOfAnUploadThatStoppedAfterClaimingItsVersion() {
        ModelReleased event = leftBehind(Instant.now().minus(Duration.ofHours(1)));
        write(ArtifactKeys.versionClaim(event.model(), event.version()), event);

        try (TopicReader released = new TopicReader(bootstrap, Topics.RELEASED)) {
            write(ArtifactKeys.outbox(event.releaseId()), event);

            String value =
                    released.await(r -> event.releaseId().equals(r.key()), WAIT).value();
            assertEquals(event, codec.decode(value, ModelReleased.class));
            awaitRemoved(ArtifactKeys.outbox(event.releaseId()));
        }
    }

    @Test
    void shouldClaimTheVersionOfAnEventLeftBeforeItsClaim() throws Exception {
        ModelReleased event = leftBehind(Instant.now().minus(Duration.ofHours(1)));

        try (TopicReader released = new TopicReader(bootstrap, Topics.RELEASED)) {
            write(ArtifactKeys.outbox(event.releaseId()), event);

            released.await(r -> event.releaseId().equals(r.key()), WAIT);
            awaitRemoved(ArtifactKeys.outbox(event.releaseId()));
        }
        assertTrue(store.stat(ArtifactKeys.versionClaim(event.model(), event.version()))
                .isPresent());
    }

    @Test
    void shouldDropAnEventWhoseVersionAnotherReleaseHolds() {
        ModelReleased holder = leftBehind(Instant.now().minus(Duration.ofHours(2)));
        ModelReleased orphan = new ModelReleased(
                holder.schemaVersion(),
                EventIds.of("other-" + holder.releaseId(), "released"),
                "other-" + holder.releaseId(),
                holder.model(),
                holder.version(),
                Instant.now().minus(Duration.ofHours(1)),
                holder.bundle(),
                holder.dataset(),
                holder.policy());
        write(ArtifactKeys.versionClaim(holder.model(), holder.version()), holder);

        try (TopicReader released = new TopicReader(bootstrap, Topics.RELEASED)) {
            write(ArtifactKeys.outbox(orphan.releaseId()), orphan);

            awaitRemoved(ArtifactKeys.outbox(orphan.releaseId()));
            assertTrue(released.drain(QUIET).stream()
                    .noneMatch(r -> orphan.releaseId().equals(r.key())));
        }
    }

    @Test
    void shouldLeaveAnEventYoungerThanThePublishTimeoutToItsUploadAndCountIt() {
        ModelReleased young = leftBehind(Instant.now());
        String key = ArtifactKeys.outbox(young.releaseId());
        write(key, young);
        try {
            relay.relay(Instant.now().minus(Duration.ofMinutes(1)));

            assertTrue(store.stat(key).isPresent(), "an upload still waiting for Kafka owns its event");
            String metrics =
                    given().get("/q/metrics").then().statusCode(200).extract().asString();
            Matcher pending = Pattern.compile("(?m)^pruneline_outbox_pending(?:\\{[^}]*})? ([0-9.]+)$")
                    .matcher(metrics);
            assertTrue(pending.find(), "no pruneline_outbox_pending gauge");
            assertTrue(Double.parseDouble(pending.group(1)) >= 1, pending.group());
        } finally {
            store.delete(key);
        }
    }

    /** An event as an upload writes it to the outbox, for a bundle it stored; nothing published yet. */
    private ModelReleased leftBehind(Instant occurredAt) {
        String model = "crashed-" + UUID.randomUUID().toString().substring(0, 8);
        byte[] bundle = model.getBytes(StandardCharsets.UTF_8);
        String releaseId = EventIds.releaseId(model, "1", Sha256.of(bundle));
        ArtifactRef stored = store.put(ArtifactKeys.releasedBundle(releaseId), bundle);
        return new ModelReleased(
                PipelineEvent.SCHEMA_VERSION,
                EventIds.of(releaseId, "released"),
                releaseId,
                model,
                "1",
                occurredAt,
                stored,
                new DatasetRef(
                        "mnist",
                        new ArtifactRef(
                                ArtifactKeys.dataset("mnist", Sha256.of(new byte[0])), Sha256.of(new byte[0]), 0)),
                new CompressionPolicy("magnitude", "weight", 0.5, 2, 0.001, 1.0, Map.of()));
    }

    private void write(String key, ModelReleased event) {
        store.put(key, codec.encode(event).getBytes(StandardCharsets.UTF_8));
    }

    private void awaitRemoved(String key) {
        Instant deadline = Instant.now().plus(WAIT);
        while (store.stat(key).isPresent()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(key + " still in the outbox after " + WAIT.toSeconds() + " s");
            }
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos()); // poll interval, not a wait for the result
        }
    }
}
