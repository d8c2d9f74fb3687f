package dev.pruneline.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pruneline.devstack.DevStack;
import dev.pruneline.pipeline.event.ArtifactRef;
import dev.pruneline.pipeline.event.CompressionPolicy;
import dev.pruneline.pipeline.event.DatasetRef;
import dev.pruneline.pipeline.event.EventCodec;
import dev.pruneline.pipeline.event.EventIds;
import dev.pruneline.pipeline.event.ModelReleased;
import dev.pruneline.pipeline.event.PipelineEvent;
import dev.pruneline.pipeline.event.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A live {@code /q/metrics} scrape of the packaged prune-worker, on devstack's real Kafka and S3 with the topics
 * created explicitly (as in the deployments, no auto-creation). The worker is handed a release whose bundle is not in
 * the store, so it runs (and fails) one job and its lazily registered stage meters appear in the scrape.
 *
 * <p>Every metric the dashboard queries must then be in that scrape, or, for pruneline meters that other services
 * register, in {@link MeterRendering}'s rendering of the services' own meter classes, which this test first checks
 * against the live scrape for the meters both have.
 */
class LiveMetricsIT {

    private static DevStack stack;
    private static ServiceRun worker;
    private static Scrape live;

    @BeforeAll
    static void startWorkerAndRunOneJob() throws Exception {
        stack = DevStack.builder().autoCreateTopics(false).start();
        Map<String, String> infra = stack.toProperties();
        Properties admin = new Properties();
        admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infra.get(DevStack.KAFKA_BOOTSTRAP_SERVERS));
        try (Admin kafka = Admin.create(admin)) {
            kafka.createTopics(TopicList.partitions().entrySet().stream()
                            .map(t -> new NewTopic(t.getKey(), t.getValue(), (short) 1))
                            .toList())
                    .all()
                    .get();
        }
        Path work = Path.of("target/live-metrics").toAbsolutePath();
        Map<String, String> properties = new HashMap<>(infra);
        properties.put("pruneline.worker.work-dir", work.resolve("jobs").toString());
        properties.put(
                "pruneline.worker.dataset-cache-dir", work.resolve("datasets").toString());
        worker = ServiceRun.start("prune-worker", properties, work);
        worker.await("/q/health/ready", r -> r.statusCode() == 200, Duration.ofMinutes(3));

        Properties producer = new Properties();
        producer.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.get(DevStack.KAFKA_BOOTSTRAP_SERVERS));
        try (KafkaProducer<String, String> kafka =
                new KafkaProducer<>(producer, new StringSerializer(), new StringSerializer())) {
            String sha = "0".repeat(64);
            String releaseId = EventIds.releaseId("live-metrics", "1", sha);
            ArtifactRef missing = new ArtifactRef("releases/" + releaseId + "/missing.zip", sha, 1);
            ModelReleased released = new ModelReleased(
                    PipelineEvent.SCHEMA_VERSION,
                    EventIds.of(releaseId, "released"),
                    releaseId,
                    "live-metrics",
                    "1",
                    Instant.now(),
                    missing,
                    new DatasetRef("missing", missing),
                    CompressionPolicy.defaults());
            kafka.send(new ProducerRecord<>(Topics.RELEASED, releaseId, new EventCodec().encode(released)))
                    .get();
        }
        live = Scrape.parse(worker.await(
                        "/q/metrics",
                        r -> r.statusCode() == 200 && r.body().contains("pruneline_stage_jobs_total"),
                        Duration.ofMinutes(2))
                .body());
    }

    @AfterAll
    static void stop() {
        if (worker != null) {
            worker.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void shouldAnswerOnTheHealthPathsTheDeploymentsProbe() {
        assertEquals(200, worker.get("/q/health/live").statusCode());
        assertEquals(200, worker.get("/q/health/ready").statusCode());
    }

    @Test
    void shouldRenderStageMetersLiveExactlyAsTheTestRenderingDoes() {
        Set<String> liveStage = stageSamples(live.names());
        assertTrue(
                liveStage.contains("pruneline_stage_jobs_total"), live.names().toString());
        Set<String> rendered = stageSamples(MeterRendering.render().names()).stream()
                .filter(n -> !n.startsWith("pruneline_model_"))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(rendered, liveStage, "the rendering of the stage meters differs from the live /q/metrics");
        assertEquals(
                Set.of("0.5", "0.95"),
                live.labels("pruneline_stage_duration_seconds").get("quantile"));
        assertEquals(
                Set.of("failure"), live.labels("pruneline_stage_jobs_total").get("outcome"));
    }

    @Test
    void shouldQueryOnlyMetricsThatAreExported() {
        Scrape exported = live.plus(MeterRendering.render());
        DashboardTest.assertExported(Dashboard.load(), exported, name -> !ExternalExporters.exports(name));
        List<String> fromLive = Dashboard.load().metricNames().stream()
                .filter(n -> n.startsWith("jvm_") || n.startsWith("process_"))
                .toList();
        assertTrue(fromLive.stream().allMatch(live::has), "JVM and process metrics come from the live scrape");
    }

    private static Set<String> stageSamples(Set<String> names) {
        return names.stream()
                .filter(n -> n.startsWith("pruneline_stage_"))
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
