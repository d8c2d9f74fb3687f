package dev.pruneline.registry.it;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pruneline.devstack.DevStackResource;
import dev.pruneline.devstack.TopicReader;
import dev.pruneline.pipeline.event.ArtifactRef;
import dev.pruneline.pipeline.event.EventCodec;
import dev.pruneline.pipeline.event.PipelineEvent;
import dev.pruneline.pipeline.event.Topics;
import dev.pruneline.registry.store.RegistryStore;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Records the registry cannot record (unreadable, too large, a field longer than its column, naming no release) go to
 * registry.dlq with the SmallRye dead-letter headers, fail the release they name with a reason naming topic, offset
 * and problem, and do not stop the channel: the next event on the same topic is recorded.
 */
@QuarkusTest
@QuarkusTestResource(value = DevStackResource.class, restrictToAnnotatedClass = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RefusalsTest {

    @Inject
    RegistryStore store;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "pruneline.registry.max-event-bytes")
    int maxEventBytes;

    private final EventCodec codec = new EventCodec();
    private final String model = "alexnet-" + UUID.randomUUID().toString().substring(0, 8);
    private final ArtifactRef bundle = new ArtifactRef("releases/x/released/bundle.zip", "c".repeat(64), 10);
    private Pipeline pipeline;
    private TopicReader deadLetters;

    @BeforeAll
    void connect() {
        Registry.readNumbersAsDoubles();
        pipeline = Registry.withTestClassLoader(() -> new Pipeline(bootstrap));
        deadLetters = Registry.withTestClassLoader(() -> new TopicReader(bootstrap, Topics.REGISTRY_DLQ));
    }

    @AfterAll
    void close() {
        pipeline.close();
        deadLetters.close();
    }

    /** A release of {@code version} that the registry has recorded as released. */
    private Pipeline.Release released(String version) {
        Pipeline.Release release = new Pipeline.Release(model, version, bundle);
        pipeline.publish(Topics.RELEASED, release.released());
        Registry.awaitStatus(model, version, "RELEASED");
        return release;
    }

    /** The event as JSON with {@code field} set to {@code value}. */
    private String with(PipelineEvent event, String field, Object value) {
        ObjectNode tree = codec.mapper().valueToTree(event);
        tree.set(field, codec.mapper().valueToTree(value));
        return tree.toString();
    }

    private static String where(RecordMetadata at) {
        return " at partition " + at.partition() + ", offset " + at.offset() + " ";
    }

    private ConsumerRecord<String, String> deadLetterOf(String key) {
        return deadLetters.await(r -> key.equals(r.key()), Registry.WAIT);
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    /** The next valid event on the topic is recorded: the refusal did not stop the channel. */
    private void assertTheChannelGoesOn(String version) {
        Pipeline.Release next = new Pipeline.Release(model, version, bundle);
        pipeline.publish(Topics.RELEASED, next.released());
        pipeline.publish(Topics.PRUNED, next.pruned());
        Registry.awaitStatus(model, version, "PRUNED");
    }

    @Test
    void shouldFailAReleaseWhosePrunedEventIsUnreadableAndGoOn() {
        Pipeline.Release release = released("1");
        String unreadable = with(release.pruned(), "schemaVersion", 2);

        RecordMetadata at = pipeline.publishRaw(Topics.PRUNED, release.releaseId(), unreadable);

        String reason = "model.pruned event" + where(at) + "is unreadable: ModelPruned: schemaVersion 2 is not"
                + " supported (this service reads 1..1)";
        Registry.awaitStatus(model, "1", "FAILED")
                .body("failure.stage", equalTo("pruned"))
                .body("failure.reason", equalTo(reason));
        ConsumerRecord<String, String> parked = deadLetterOf(release.releaseId());
        assertEquals(unreadable, parked.value());
        assertEquals(reason, header(parked, "dead-letter-reason"));
        assertEquals(Topics.PRUNED, header(parked, "dead-letter-topic"));
        assertEquals(Integer.toString(at.partition()), header(parked, "dead-letter-partition"));
        assertEquals(Long.toString(at.offset()), header(parked, "dead-letter-offset"));
        assertTheChannelGoesOn("2");
        given().get("/q/metrics").then().body(containsString("pruneline_events_refused_total{topic=\"model.pruned\""));
    }

    @Test
    void shouldFailAReleaseWhoseEventIsLargerThanTheRegistryReads() {
        Pipeline.Release release = released("3");
        String large = with(release.pruned(), "padding", "x".repeat(maxEventBytes));

        RecordMetadata at = pipeline.publishRaw(Topics.PRUNED, release.releaseId(), large);

        int size = large.getBytes(StandardCharsets.UTF_8).length;
        Registry.awaitStatus(model, "3", "FAILED")
                .body(
                        "failure.reason",
                        equalTo("model.pruned event" + where(at) + "is " + size + " bytes, more than the "
                                + maxEventBytes + " the registry reads (pruneline.registry.max-event-bytes); its"
                                + " value is not kept"));
        assertNull(deadLetterOf(release.releaseId()).value(), "parked without its value");
        assertTheChannelGoesOn("4");
    }

    @Test
    void shouldFailAReleaseWhoseEventHasAFieldLongerThanItsColumn() {
        Pipeline.Release longVersion = released("5");
        RecordMetadata at = pipeline.publishRaw(
                Topics.PRUNED, longVersion.releaseId(), with(longVersion.pruned(), "version", "5".repeat(10_000)));
        Registry.awaitStatus(model, "5", "FAILED")
                .body(
                        "failure.reason",
                        equalTo("model.pruned event" + where(at) + "is unreadable: ModelPruned: field 'version' is"
                                + " 10000 characters long, more than the 100 allowed"));

        Pipeline.Release longEngine = released("6");
        RecordMetadata engineAt = pipeline.publishRaw(
                Topics.PRUNED, longEngine.releaseId(), with(longEngine.pruned(), "engineMode", "e".repeat(201)));
        Registry.awaitStatus(model, "6", "FAILED")
                .body(
                        "failure.reason",
                        equalTo("model.pruned event" + where(engineAt) + "cannot be stored: field 'engineMode' is 201"
                                + " characters long, more than the 200 the registry stores (candidates.engine_mode)"));
        assertEquals(
                "UnrecordableEventException",
                header(deadLetterOf(longEngine.releaseId()), "dead-letter-exception-class-name")
                        .replaceAll(".*\\.", ""));
        assertTheChannelGoesOn("7");
    }

    @Test
    void shouldParkAndAuditARecordThatNamesNoKnownRelease() {
        String unknown = UUID.randomUUID().toString();

        pipeline.publishRaw(Topics.RELEASED, unknown, "not json at all");

        assertEquals("not json at all", deadLetterOf(unknown).value());
        // parked inside the audit's transaction, so the audit entry may commit just after the dead letter is seen
        await().atMost(Registry.WAIT).until(() -> store.auditCount(unknown) == 1);
        given().get("/api/v1/models/" + model + "/versions/" + unknown).then().statusCode(404);
        assertTheChannelGoesOn("8");
    }
}
