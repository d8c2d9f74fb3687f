package dev.pruneline.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pruneline.core.bundle.BundleArchive;
import dev.pruneline.core.data.SampleData;
import dev.pruneline.core.job.CompressionJobs;
import dev.pruneline.devstack.TopicReader;
import dev.pruneline.launcher.client.PipelineClient;
import dev.pruneline.launcher.stack.ServiceProcess;
import dev.pruneline.pipeline.event.Topics;
import dev.pruneline.pipeline.store.ArtifactKeys;
import dev.pruneline.pipeline.store.MinioArtifactStore;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults injected into the whole pipeline (see {@link FaultStack}): each case injects one, waits for the outcome
 * the pipeline promises, and records its figures ({@link Figures}). Releases run on a 600-image cut of the MNIST
 * sample so that they take seconds; the cases that must strike in the middle of a job release on the whole sample,
 * whose prune job lasts long enough to be hit.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultInjectionIT {

    private static final String MODEL = "faults";
    private static final String TINY = "tiny";
    private static final String SAMPLE = "sample";
    private static final Duration DECISION_TIMEOUT = Duration.ofMinutes(10);
    /** How long the pipeline must stay quiet before a count of its answers is final. */
    private static final Duration QUIET = Duration.ofSeconds(8);

    private static final Duration S3_OUTAGE = Duration.ofSeconds(60);
    private static final Duration KAFKA_OUTAGE = Duration.ofSeconds(30);
    private static final int BURST = 30;
    /** How often a service's log is read again while waiting for a line. */
    private static final Duration LOG_POLL = Duration.ofMillis(50);

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path work;

    static FaultStack stack;
    static PipelineClient client;
    static TopicLog log;
    static Path home;
    static Path tinyData;
    static Path bundle;
    static Path bundleZip;

    @BeforeAll
    static void startPipeline() throws IOException {
        home = Path.of(System.getProperty("pruneline.home", ".."))
                .toAbsolutePath()
                .normalize();
        tinyData = TinyData.write(work.resolve("tiny"));
        bundle = CompressionJobs.train("lenet5", tinyData, 3, 11, work.resolve("lenet5"));
        bundleZip = zip(bundle, "lenet5.zip");
        stack = FaultStack.start(home, work.resolve("stack"));
        client = stack.client();
        assertEquals(201, client.uploadDataset(TINY, zip(tinyData, "tiny.zip")).status());
        Path sample = SampleData.extractTo(work.resolve("sample"));
        assertEquals(
                201, client.uploadDataset(SAMPLE, zip(sample, "sample.zip")).status());
        log = new TopicLog(stack.bootstrapServers(), Topics.all());
    }

    @AfterAll
    static void stopPipeline() {
        if (log != null) {
            log.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void malformedUploadsAreRefusedNamingTheProblemAndStoreNothing() throws Exception {
        Path onnx = home.resolve("compression-core/src/test/resources/onnx/resnet_small.onnx");
        List<MalformedUploads.Upload> uploads = MalformedUploads.make(
                work.resolve("malformed"),
                bundle,
                tinyData,
                TINY,
                onnx,
                FaultStack.MAX_BUNDLE_BYTES,
                FaultStack.MAX_EXTRACTED_BYTES);
        MinioArtifactStore store = stack.store();
        Set<String> before = new HashSet<>(store.list(""));
        int releasedBefore = log.all(Topics.RELEASED).size();
        Map<Integer, Integer> statuses = new LinkedHashMap<>();
        List<String> wrong = new ArrayList<>();
        for (MalformedUploads.Upload upload : uploads) {
            HttpResponse<String> answer = post(upload);
            statuses.merge(answer.statusCode(), 1, Integer::sum);
            String error = answer.body();
            boolean named =
                    error.toLowerCase(Locale.ROOT).contains(upload.mention().toLowerCase(Locale.ROOT));
            System.out.printf("malformed upload '%s': %d %s%n", upload.name(), answer.statusCode(), error);
            if (answer.statusCode() != upload.status() || !named) {
                wrong.add(upload.name() + ": expected " + upload.status() + " naming '" + upload.mention() + "', got "
                        + answer.statusCode() + " " + error);
            }
        }
        boolean alive = ready(stack.ingest());
        Set<String> after = new HashSet<>(store.list(""));
        after.removeAll(before);
        log.quiet(QUIET);
        int published = log.all(Topics.RELEASED).size() - releasedBefore;

        Figures.record(
                uploads.size() + " malformed uploads (zip slip, zip bomb, 10^5 entries, huge declared shapes, NaN"
                        + " weights, truncated files, wrong labels, ...)",
                wrong.isEmpty() && alive && after.isEmpty() && published == 0
                        ? "each refused with a 4xx naming the problem; ingest ready; nothing stored"
                        : "FAILED",
                "statuses " + statuses + "; objects stored " + after.size() + "; events published " + published
                        + "; ingest ready after: " + alive);
        assertTrue(uploads.size() >= 25, "at least 25 kinds of bad upload");
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
        assertTrue(alive, "ingest-service is still ready");
        assertEquals(Set.of(), after, "nothing was stored");
        assertEquals(0, published, "no release event was published");
    }

    @Test
    @Order(2)
    void theGateDecidesOnMeasuredAccuracyNotOnTheClaimedOne() throws Exception {
        double measured = CompressionJobs.evaluate(bundle, tinyData).accuracy();
        double claimed = measured < 0.5 ? 0.99 : 0.05;
        Path claiming = work.resolve("claiming");
        copy(bundle, claiming);
        ObjectNode model =
                (ObjectNode) JSON.readTree(claiming.resolve("model.json").toFile());
        ((ObjectNode) model.with("metrics")).put("accuracy", claimed);
        JSON.writeValue(claiming.resolve("model.json").toFile(), model);

        String releaseId = release("claims", zip(claiming, "claiming.zip"), TINY);
        JsonNode state = client.awaitFinalState(MODEL, "claims", DECISION_TIMEOUT);

        JsonNode metrics = state.path("metrics");
        double baseline = metrics.path("baseline").path("accuracy").asDouble();
        double candidate = metrics.path("retrained").path("accuracy").asDouble();
        double dropPp = state.path("decision").path("accuracyDropPp").asDouble();
        Figures.record(
                "model.json claims accuracy " + claimed + ", the model measures " + fmt(measured),
                state.path("status").asText() + " on measured numbers",
                "claimed " + claimed + "; baseline measured by the pipeline " + fmt(baseline) + "; candidate "
                        + fmt(candidate) + "; drop " + fmt(dropPp) + " pp (against the claim it would be "
                        + fmt(100 * (claimed - candidate)) + " pp); decisions " + decisions(releaseId));
        assertEquals(claimed, metrics.path("claimed").path("accuracy").asDouble(), 1e-9, "the claim is shown");
        assertEquals(measured, baseline, 0.005, "the baseline is measured, on the release's test split");
        assertEquals(100 * (baseline - candidate), dropPp, 0.01, "the drop is measured against measured numbers");
        assertNotEquals(claimed, baseline, 0.01);
        assertNotEquals("FAILED", state.path("status").asText(), state.toString());
    }

    @Test
    @Order(3)
    void everyEventDeliveredThreeTimesGivesOneDecision() {
        String releaseId = release("duplicates", bundleZip, TINY);
        int sent = 0;
        for (String topic : Topics.CONSUMED) {
            ConsumerRecord<String, String> first = log.await(topic, releaseId, r -> !r.isEmpty(), DECISION_TIMEOUT)
                    .get(0);
            for (int i = 0; i < 3; i++) {
                TopicReader.send(stack.bootstrapServers(), topic, releaseId, first.value());
                sent++;
            }
        }
        JsonNode state = client.awaitFinalState(MODEL, "duplicates", DECISION_TIMEOUT);
        int decisions = settledDecisions(releaseId);

        Figures.record(
                "each of model.released, model.pruned, model.retrained delivered 3 more times",
                decisions == 1 ? "one decision (" + state.path("status").asText() + ")" : "FAILED",
                "duplicates sent " + sent + "; model.pruned seen "
                        + log.of(Topics.PRUNED, releaseId).size()
                        + "; model.retrained seen "
                        + log.of(Topics.RETRAINED, releaseId).size() + "; decisions "
                        + decisions);
        assertEquals(1, decisions, "one decision");
        assertNotEquals("FAILED", state.path("status").asText(), state.toString());
    }

    @Test
    @Order(4)
    void aPruneWorkerKilledMidJobLeavesExactlyOneResultAfterRestart() throws Exception {
        ServiceProcess worker = stack.replicasOf(FaultStack.PRUNE).get(0);
        String releaseId = release("killed", bundleZip, SAMPLE);
        awaitLogLine(worker, "pruning " + MODEL + " killed");
        stack.kill(worker);
        Instant killed = Instant.now();
        boolean midJob = log.of(Topics.PRUNED, releaseId).isEmpty();
        stack.startReplica(FaultStack.PRUNE, Map.of());
        JsonNode state = client.awaitFinalState(MODEL, "killed", DECISION_TIMEOUT);
        Duration recovery = Duration.between(killed, Instant.now());
        int decisions = settledDecisions(releaseId);
        Set<String> bundles = bundleDigests(releaseId);

        Figures.record(
                "prune-worker killed (SIGKILL) in the middle of a job, then started again",
                decisions == 1 && bundles.size() == 1
                        ? "one result, one decision (" + state.path("status").asText() + ")"
                        : "FAILED",
                "decision " + recovery.toSeconds() + " s after the kill; model.pruned published "
                        + log.of(Topics.PRUNED, releaseId).size() + " with " + bundles.size()
                        + " distinct bundle digest(s); decisions " + decisions);
        assertTrue(midJob, "the worker was killed before it published its result");
        assertEquals(1, decisions);
        assertEquals(1, bundles.size(), "every published model.pruned names the same bundle");
        assertNotEquals("FAILED", state.path("status").asText(), state.toString());
    }

    @Test
    @Order(5)
    void twoPruneWorkersOnOneReleaseAtOncePublishOneConsistentResult() throws Exception {
        // A second consumer group: both workers get every release, as two replicas do when a rebalance hands a
        // partition over while the first still works on it.
        ServiceProcess twin = stack.startReplica(
                FaultStack.PRUNE, Map.of("mp.messaging.incoming.released.group.id", "pruneline-prune-worker-twin"));
        try {
            String releaseId = release("twins", bundleZip, TINY);
            JsonNode state = client.awaitFinalState(MODEL, "twins", DECISION_TIMEOUT);
            List<ConsumerRecord<String, String>> pruned =
                    log.await(Topics.PRUNED, releaseId, r -> r.size() >= 2, DECISION_TIMEOUT);
            Set<String> bundles = bundleDigests(releaseId);
            String stored = stack.store()
                    .stat(ArtifactKeys.stageBundle(releaseId, "pruned"))
                    .orElseThrow()
                    .sha256();
            int decisions = settledDecisions(releaseId);

            Figures.record(
                    "two prune workers (two consumer groups) on one release at once",
                    bundles.equals(Set.of(stored)) && decisions == 1
                            ? "one consistent result: every reference matches the stored bundle"
                            : "FAILED",
                    "model.pruned published " + pruned.size() + "; distinct bundle digests " + bundles.size()
                            + "; stored bundle matches: " + bundles.equals(Set.of(stored)) + "; decisions "
                            + decisions);
            assertEquals(Set.of(stored), bundles, "every published reference matches the stored bundle");
            assertEquals(1, decisions);
            assertNotEquals("FAILED", state.path("status").asText(), state.toString());
        } finally {
            stack.stop(twin);
        }
    }

    @Test
    @Order(6)
    void anS3OutageOfSixtySecondsMidJobIsRiddenOut() throws Exception {
        Outage outage = outageDuringAPruneJob("s3-outage", stack::stopS3, S3_OUTAGE, stack::startS3);

        Figures.record(
                "S3 down " + S3_OUTAGE.toSeconds() + " s in the middle of a prune job",
                "release completed: " + outage.status(),
                "decision " + outage.toDecision().toSeconds() + " s after the outage began; decisions "
                        + outage.decisions());
        assertTrue(outage.midJob(), "the outage began before the worker published its result");
        assertNotEquals("FAILED", outage.status(), outage.state().toString());
        assertEquals(1, outage.decisions());
    }

    @Test
    @Order(7)
    void aKafkaBrokerRestartMidPipelineIsRiddenOut() throws Exception {
        Outage outage = outageDuringAPruneJob("kafka-restart", stack::stopKafka, KAFKA_OUTAGE, stack::startKafka);

        Figures.record(
                "Kafka broker stopped for " + KAFKA_OUTAGE.toSeconds() + " s mid-pipeline, then restarted",
                "release completed: " + outage.status(),
                "decision " + outage.toDecision().toSeconds() + " s after the broker stopped; decisions "
                        + outage.decisions());
        assertNotEquals("FAILED", outage.status(), outage.state().toString());
        assertEquals(1, outage.decisions());
    }

    /** What became of a release whose prune job was struck by an outage. */
    private record Outage(JsonNode state, boolean midJob, Duration toDecision, int decisions) {
        String status() {
            return state.path("status").asText();
        }
    }

    /**
     * Releases {@code version} on the whole sample, stops a server as soon as the prune worker starts the job,
     * starts it again after {@code length}, and waits for the decision.
     */
    private static Outage outageDuringAPruneJob(String version, Runnable stop, Duration length, Runnable start)
            throws IOException, InterruptedException {
        ServiceProcess worker = stack.replicasOf(FaultStack.PRUNE).get(0);
        String releaseId = release(version, bundleZip, SAMPLE);
        awaitLogLine(worker, "pruning " + MODEL + " " + version);
        stop.run();
        Instant down = Instant.now();
        boolean midJob = log.of(Topics.PRUNED, releaseId).isEmpty();
        holdFault(length);
        start.run();
        JsonNode state = client.awaitFinalState(MODEL, version, DECISION_TIMEOUT);
        Duration toDecision = Duration.between(down, Instant.now());
        return new Outage(state, midJob, toDecision, settledDecisions(releaseId));
    }

    @Test
    @Order(8)
    void aBurstOfReleasesIsDecidedWithNoneLostByOneAndByTwoReplicas() {
        double one = burst("burst-1-");
        stack.startReplica(FaultStack.PRUNE, Map.of());
        stack.startReplica(FaultStack.RETRAIN, Map.of());
        double two = burst("burst-2-");
        Figures.record(
                "a burst of " + BURST + " releases, two replicas of each worker",
                "30 decisions, 0 lost",
                String.format(Locale.ROOT, "%.1f decisions per minute (one replica of each worker: %.1f)", two, one));
    }

    /** Releases {@link #BURST} versions at once, waits for every decision; returns decisions per minute. */
    private static double burst(String prefix) {
        int replicas = stack.replicasOf(FaultStack.PRUNE).size();
        Instant start = Instant.now();
        Map<String, String> releaseIds = new LinkedHashMap<>();
        for (int i = 1; i <= BURST; i++) {
            releaseIds.put(prefix + i, release(prefix + i, bundleZip, TINY));
        }
        List<String> lost = new ArrayList<>();
        for (String version : releaseIds.keySet()) {
            String status = client.awaitFinalState(MODEL, version, DECISION_TIMEOUT)
                    .path("status")
                    .asText();
            if (status.equals("FAILED")) {
                lost.add(version);
            }
        }
        double minutes = Duration.between(start, Instant.now()).toMillis() / 60_000.0;
        List<String> notOne =
                releaseIds.values().stream().filter(id -> decisions(id) != 1).toList();
        double perMinute = BURST / minutes;
        if (replicas == 1) {
            Figures.record(
                    "a burst of " + BURST + " releases, one replica of each worker",
                    lost.isEmpty() && notOne.isEmpty() ? BURST + " decisions, 0 lost" : "FAILED",
                    String.format(Locale.ROOT, "%.1f decisions per minute", perMinute));
        }
        assertEquals(List.of(), lost, "releases that failed");
        assertEquals(List.of(), notOne, "releases without exactly one decision");
        return perMinute;
    }

    private static String release(String version, Path body, String dataset) {
        PipelineClient.Response answer =
                client.release(MODEL, version, body, Map.of("dataset", dataset, "fine-tune-epochs", "1"));
        assertEquals(202, answer.status(), answer.body().toString());
        return answer.body().path("releaseId").asText();
    }

    /** Decisions published for a release so far. */
    private static int decisions(String releaseId) {
        return log.of(Topics.PROMOTED, releaseId).size()
                + log.of(Topics.REJECTED, releaseId).size();
    }

    /** Decisions published for a release once the pipeline has been quiet for {@link #QUIET}. */
    private static int settledDecisions(String releaseId) {
        return log.settled(Topics.PROMOTED, releaseId, QUIET).size()
                + log.of(Topics.REJECTED, releaseId).size();
    }

    /** The SHA-256 of the bundle every published {@code model.pruned} of a release names. */
    private static Set<String> bundleDigests(String releaseId) throws IOException {
        Set<String> digests = new HashSet<>();
        for (ConsumerRecord<String, String> r : log.of(Topics.PRUNED, releaseId)) {
            digests.add(JSON.readTree(r.value()).path("bundle").path("sha256").asText());
        }
        return digests;
    }

    /** Waits until a service has logged a line containing {@code text}. */
    private static void awaitLogLine(ServiceProcess service, String text) throws IOException {
        Instant deadline = Instant.now().plus(DECISION_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (Files.exists(service.logFile())
                    && Files.readString(service.logFile()).contains(text)) {
                return;
            }
            LockSupport.parkNanos(LOG_POLL.toNanos());
        }
        throw new AssertionError(service.name() + " never logged '" + text + "':\n" + service.tail());
    }

    /** Keeps an injected fault in place for its planned length: the duration is the fault, not a wait. */
    private static void holdFault(Duration length) throws InterruptedException {
        Thread.sleep(length.toMillis());
    }

    private static boolean ready(ServiceProcess service) {
        try {
            service.awaitReady(Duration.ofSeconds(30));
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    private static HttpResponse<String> post(MalformedUploads.Upload upload) throws Exception {
        String path = upload.isDataset()
                ? "/api/v1/datasets/" + upload.target()
                : "/api/v1/models/" + upload.target() + "/versions";
        String query = upload.query().entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create(stack.ingestUrl() + path + (query.isEmpty() ? "" : "?" + query)))
                .header(
                        "Authorization",
                        "Basic "
                                + Base64.getEncoder()
                                        .encodeToString(("uploader:" + FaultStack.UPLOADER_PASSWORD)
                                                .getBytes(StandardCharsets.UTF_8)))
                .header(
                        "Content-Type",
                        upload.body().toString().endsWith(".onnx") ? "application/octet-stream" : "application/zip")
                .POST(HttpRequest.BodyPublishers.ofFile(upload.body()))
                .timeout(Duration.ofMinutes(2))
                .build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static Path zip(Path dir, String name) {
        Path zip = work.resolve(name);
        BundleArchive.zip(dir, zip);
        return zip;
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (var files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
    }

    private static String fmt(double value) {
        return String.format(Locale.ROOT, "%.4f", value);
    }
}
