package dev.pruneline.prune;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pruneline.devstack.DevStackResource;
import dev.pruneline.devstack.TopicReader;
import dev.pruneline.pipeline.event.CompressionPolicy;
import dev.pruneline.pipeline.event.EventCodec;
import dev.pruneline.pipeline.event.EventIds;
import dev.pruneline.pipeline.event.ModelReleased;
import dev.pruneline.pipeline.event.Topics;
import dev.pruneline.pipeline.store.ArtifactStore;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A prune job past {@code pruneline.worker.max-job-duration} is parked on the dead-letter topic at once, with a reason
 * naming the limit, and the worker moves on to the next release. The limit here is a millisecond: every job passes it
 * while its inputs are fetched and stops before the engine begins.
 */
@QuarkusTest
@TestProfile(BoundedJobTest.OneMillisecondJobs.class)
@QuarkusTestResource(value = DevStackResource.class, restrictToAnnotatedClass = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BoundedJobTest {

    private static final Duration WAIT = Duration.ofMinutes(2);

    /** Jobs may run for one millisecond. */
    public static class OneMillisecondJobs implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("pruneline.worker.max-job-duration", "PT0.001S");
        }
    }

    @Inject
    ArtifactStore store;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "mp.messaging.incoming.released.group.id")
    String group;

    private final EventCodec codec = new EventCodec();
    private StoredModel model;

    @BeforeAll
    void storeAModelAndItsData() throws Exception {
        model = StoredModel.trainAndStore(store, 0, 7); // the jobs stop before training: any weights do
    }

    private ModelReleased release(String modelName) {
        String releaseId = UUID.randomUUID().toString();
        return new ModelReleased(
                1,
                EventIds.of(releaseId, "released"),
                releaseId,
                modelName,
                "1",
                Instant.now(),
                model.bundle(),
                model.dataset(),
                CompressionPolicy.defaults());
    }

    @Test
    void shouldParkAJobPastItsTimeLimitOnTheDeadLetterTopicWithoutRetrying() {
        ModelReleased released = release("bounded-once");
        try (TopicReader dlq = new TopicReader(bootstrap, Topics.dlq(Topics.RELEASED))) {
            TopicReader.send(bootstrap, Topics.RELEASED, released.releaseId(), codec.encode(released));

            ConsumerRecord<String, String> parked = dlq.await(r -> r.value().contains(released.releaseId()), WAIT);

            assertEquals(codec.encode(released), parked.value(), "the event is parked unchanged");
            String reason = reason(parked);
            String expected = "prune job for release " + released.releaseId()
                    + " exceeded pruneline.worker.max-job-duration (PT0.001S) after ";
            assertTrue(reason.startsWith(expected), reason);
            assertTrue(reason.endsWith("; nothing was stored"), reason);
            assertEquals(1.0, failedJobs("bounded-once"), "one attempt: a job past its limit is not retried");
        }
    }

    @Test
    void shouldMoveOnAndCommitAfterParkingATimedOutJob() throws Exception {
        ModelReleased first = release("bounded-next");
        ModelReleased second = release("bounded-next");
        try (TopicReader dlq = new TopicReader(bootstrap, Topics.dlq(Topics.RELEASED))) {
            TopicReader.send(bootstrap, Topics.RELEASED, first.releaseId(), codec.encode(first));
            TopicReader.send(bootstrap, Topics.RELEASED, second.releaseId(), codec.encode(second));

            dlq.await(r -> r.value().contains(first.releaseId()), WAIT);
            dlq.await(r -> r.value().contains(second.releaseId()), WAIT);

            assertEquals(2.0, failedJobs("bounded-next"));
            awaitCommittedToTheEnd(Topics.RELEASED, WAIT);
        }
    }

    @Test
    void shouldReportTheStageJobInTheLivenessCheckAndItsAgeAsAGauge() {
        given().get("/q/health/live")
                .then()
                .statusCode(200)
                .body("checks.find { it.name == 'stage-job' }.status", is("UP"))
                .body("checks.find { it.name == 'stage-job' }.data.'max-job-duration'", is("PT0.001S"));
        given().get("/q/metrics")
                .then()
                .statusCode(200)
                .body(containsString("pruneline_stage_job_age_seconds{stage=\"prune\"}"));
    }

    /** Failed prune jobs of {@code model} so far, as the worker's metrics count them. */
    private static double failedJobs(String model) {
        String series = "pruneline_stage_jobs_total{model=\"" + model + "\",outcome=\"failure\",stage=\"prune\"} ";
        return given().get("/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString()
                .lines()
                .filter(line -> line.startsWith(series))
                .mapToDouble(line ->
                        Double.parseDouble(line.substring(series.length()).trim()))
                .findFirst()
                .orElse(0);
    }

    /** Waits until the worker's consumer group has committed every record of {@code topic}. */
    private void awaitCommittedToTheEnd(String topic, Duration timeout) throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(props)) {
            Instant deadline = Instant.now().plus(timeout);
            Map<TopicPartition, Long> behind = behind(admin, topic);
            while (!behind.isEmpty()) {
                if (Instant.now().isAfter(deadline)) {
                    throw new AssertionError("group " + group + " has not committed " + behind + " of " + topic
                            + " within " + timeout.toSeconds() + " s");
                }
                Thread.sleep(200); // between polls of the broker
                behind = behind(admin, topic);
            }
        }
    }

    /** The partitions of {@code topic} whose end the group has not committed, with how many records it lags. */
    private Map<TopicPartition, Long> behind(Admin admin, String topic)
            throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata()
                .get();
        Map<TopicPartition, OffsetSpec> latest =
                admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().stream()
                        .map(p -> new TopicPartition(topic, p.partition()))
                        .collect(Collectors.toMap(Function.identity(), p -> OffsetSpec.latest()));
        return admin.listOffsets(latest).all().get().entrySet().stream()
                .filter(e -> {
                    OffsetAndMetadata c = committed.get(e.getKey());
                    return (c == null ? 0 : c.offset()) < e.getValue().offset();
                })
                .collect(Collectors.toMap(Map.Entry::getKey, e -> {
                    OffsetAndMetadata c = committed.get(e.getKey());
                    return e.getValue().offset() - (c == null ? 0 : c.offset());
                }));
    }

    private static String reason(ConsumerRecord<String, String> record) {
        Header header = record.headers().lastHeader("dead-letter-reason");
        return header == null ? "(no dead-letter-reason header)" : new String(header.value(), StandardCharsets.UTF_8);
    }
}
