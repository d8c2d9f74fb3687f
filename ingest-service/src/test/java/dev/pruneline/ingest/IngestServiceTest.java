package dev.pruneline.ingest;

import static dev.pruneline.ingest.UploaderAuth.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
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
import dev.pruneline.pipeline.event.Topics;
import dev.pruneline.pipeline.store.ArtifactKeys;
import dev.pruneline.pipeline.store.ArtifactStore;
import dev.pruneline.pipeline.store.Sha256;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The ingest service against a real Kafka broker and a real S3 server (devstack). */
@QuarkusTest
@QuarkusTestResource(value = DevStackResource.class, restrictToAnnotatedClass = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IngestServiceTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    /** How long a test listens to be sure that nothing was published. */
    private static final Duration QUIET = Duration.ofSeconds(2);

    @Inject
    ArtifactStore store;

    @Inject
    IngestConfig config;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private final EventCodec codec = new EventCodec();
    private Path work;
    private Uploads uploads;

    @BeforeAll
    void makeUploads() throws Exception {
        Files.createDirectories(Path.of("target"));
        work = Files.createTempDirectory(Path.of("target"), "ingest-test"); // removed by mvn clean
        uploads = new Uploads(work);
    }

    @Test
    void shouldStoreADatasetAndMakeItTheLatestOfItsName() {
        String name = unique("digits");
        String sha = Sha256.of(uploads.mnist);

        postDataset(name, uploads.mnist)
                .statusCode(201)
                .body("name", equalTo(name))
                .body("archive.key", equalTo(ArtifactKeys.dataset(name, sha)))
                .body("archive.sha256", equalTo(sha))
                .body("train", equalTo(8000))
                .body("test", equalTo(2000));

        assertEquals(
                sha, store.stat(ArtifactKeys.dataset(name, sha)).orElseThrow().sha256());
        assertTrue(store.stat(DatasetCatalog.latestKey(name)).isPresent());
    }

    @Test
    void shouldStoreTheBundleThenPublishExactlyOneReleaseEvent() throws Exception {
        String dataset = unique("digits");
        postDataset(dataset, uploads.mnist).statusCode(201);
        String sha = Sha256.of(uploads.lenet5);
        String releaseId = EventIds.releaseId("lenet5", "1.0.0", sha);

        try (TopicReader released = new TopicReader(bootstrap, Topics.RELEASED)) {
            given().contentType("application/zip")
                    .body(uploads.lenet5.toFile())
                    .queryParam("version", "1.0.0")
                    .queryParam("dataset", dataset)
                    .queryParam("sparsity", "0.5")
                    .queryParam("param.norm", "l2")
                    .post("/api/v1/models/{name}/versions", "lenet5")
                    .then()
                    .statusCode(202)
                    .body("releaseId", equalTo(releaseId))
                    .body("bundle.key", equalTo(ArtifactKeys.releasedBundle(releaseId)))
                    .body("bundle.sha256", equalTo(sha))
                    .body("dataset.name", equalTo(dataset))
                    .body("policy.sparsity", equalTo(0.5f))
                    .body("statusUrl", equalTo("/api/v1/models/lenet5/versions/1.0.0"));

            ArtifactRef expected =
                    new ArtifactRef(ArtifactKeys.releasedBundle(releaseId), sha, Files.size(uploads.lenet5));
            store.get(expected, work.resolve("downloaded.zip")); // verifies size and SHA-256 of the stored bytes

            ConsumerRecord<String, String> record = released.await(r -> releaseId.equals(r.key()), WAIT);
            ModelReleased event = codec.decode(record.value(), ModelReleased.class);
            assertEquals(EventIds.of(releaseId, "released"), event.eventId());
            assertEquals(expected, event.bundle());
            assertEquals(dataset, event.dataset().name());
            assertEquals(latestDataset(dataset), event.dataset());
            assertEquals(
                    new CompressionPolicy("magnitude", "weight", 0.5, 2, 0.001, 1.0, Map.of("norm", "l2")),
                    event.policy());
            assertTrue(
                    released.drain(QUIET).stream().noneMatch(r -> releaseId.equals(r.key())),
                    "exactly one model.released per release");
        }
    }

    @Test
    void shouldAcceptTheSameUploadTwiceAsOneReleaseAndRefuseOtherContentUnderThatVersion() {
        String dataset = unique("digits");
        String model = unique("twice");
        postDataset(dataset, uploads.mnist).statusCode(201);
        String releaseId = postBundle(model, uploads.lenet5, "version", "1", "dataset", dataset)
                .statusCode(202)
                .extract()
                .path("releaseId");

        postBundle(model, uploads.lenet5, "version", "1", "dataset", dataset)
                .statusCode(202)
                .body("releaseId", equalTo(releaseId));
        postBundle(model, uploads.lenet5, "version", "1", "dataset", dataset, "sparsity", "0.5")
                .statusCode(409)
                .body(
                        "error",
                        equalTo(
                                "version 1 of model " + model + " was already released (release " + releaseId
                                        + ") with a different bundle, policy or data set; release the change as a new version"));
    }

    @Test
    void shouldTakeVersionDatasetAndPolicyDefaultsWhenTheQueryOmitsThem() {
        postDataset("mnist", uploads.mnist).statusCode(201);

        given().body(uploads.lenet5Versioned.toFile())
                .post("/api/v1/models/{name}/versions", "digits")
                .then()
                .statusCode(202)
                .body("version", equalTo("2.0"))
                .body("dataset.name", equalTo("mnist"))
                .body("policy.criterion", equalTo(CompressionPolicy.DEFAULT_CRITERION))
                .body("policy.sparsity", equalTo((float) CompressionPolicy.DEFAULT_SPARSITY))
                .body("statusUrl", equalTo("/api/v1/models/digits/versions/2.0"));
    }

    @Test
    void shouldRefuseABundleWhoseWeightsDoNotMatchModelJsonAndLeaveNoTrace() {
        String model = unique("broken");
        String releaseId = EventIds.releaseId(model, "1", Sha256.of(uploads.shapeMismatch));
        try (TopicReader released = new TopicReader(bootstrap, Topics.RELEASED)) {
            postBundle(model, uploads.shapeMismatch, "version", "1")
                    .statusCode(422)
                    .body("error", containsString("layer conv2"));

            assertTrue(store.list("releases/" + releaseId).isEmpty(), "nothing stored for a refused release");
            assertTrue(
                    released.drain(QUIET).stream().noneMatch(r -> r.value().contains(model)),
                    "nothing published for a refused release");
        }
    }

    @Test
    void shouldRefuseAnArchiveEntryThatEscapesTheBundleFolder() {
        postBundle(unique("evil"), uploads.escaping, "version", "1")
                .statusCode(400)
                .body("error", containsString("../evil"));
    }

    @Test
    void shouldRefuseABodyThatIsNotAZipAsCurlSendsIt() {
        given().contentType("application/x-www-form-urlencoded")
                .body("definitely not a zip")
                .queryParam("version", "1")
                .post("/api/v1/models/{name}/versions", "lenet5")
                .then()
                .statusCode(400)
                .body("error", containsString("not a zip archive"));
    }

    @Test
    void shouldRefuseABundleOverTheSizeLimitWith413() throws Exception {
        byte[] big = new byte[1_500_000]; // test profile limit: 1 MiB
        new Random(1).nextBytes(big);
        Path file = Files.write(work.resolve("big.zip"), big);
        postBundle("lenet5", file, "version", "1")
                .statusCode(413)
                .body("error", containsString("larger than the limit of 1048576 bytes"));
    }

    @Test
    void shouldRefuseAReleaseOfADatasetNeverUploaded() {
        String dataset = unique("never");
        postBundle("lenet5", uploads.lenet5, "version", "1", "dataset", dataset)
                .statusCode(422)
                .body(
                        "error",
                        equalTo("dataset '" + dataset + "' has not been uploaded; POST it to /api/v1/datasets/"
                                + dataset + " first"));
    }

    @Test
    void shouldRefuseASparsityOutsideZeroToOneNamingTheParameter() {
        postBundle("lenet5", uploads.lenet5, "version", "1", "sparsity", "1.5")
                .statusCode(400)
                .body("error", containsString("'sparsity'"));
    }

    @Test
    void shouldRefuseACriterionParameterTheCriterionDoesNotTakeAtUpload() {
        postBundle(
                        "lenet5",
                        uploads.lenet5,
                        "version",
                        "1",
                        "criterion",
                        "entropy",
                        "granularity",
                        "channel",
                        "param.bin",
                        "50")
                .statusCode(400)
                .body("error", containsString("criterion 'entropy' has no parameter 'bin'"));
        postBundle("lenet5", uploads.lenet5, "version", "1", "criterion", "apoz", "granularity", "weight")
                .statusCode(400)
                .body("error", containsString("'apoz' scores channels only"));
    }

    @Test
    void shouldRefuseADatasetThatLacksTheTestLabelsNamingTheFile() {
        String name = unique("incomplete");
        postDataset(name, uploads.mnistWithoutTestLabels)
                .statusCode(422)
                .body("error", equalTo("the archive lacks t10k-labels-idx1-ubyte(.gz)"));
        assertTrue(store.list("datasets/" + name + "/").isEmpty(), "nothing stored for a refused data set");
    }

    @Test
    void shouldExportIngestMetricsAndReportHealthy() {
        shouldRefuseAnArchiveEntryThatEscapesTheBundleFolder();

        given().get("/q/metrics")
                .then()
                .statusCode(200)
                .body(containsString("pruneline_releases_ingested_total"))
                .body(containsString("pruneline_uploads_rejected_total{kind=\"bundle\"}"));
        given().get("/q/health").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/openapi").then().statusCode(200).body(containsString("/api/v1/models/{name}/versions"));
    }

    @Test
    void shouldLeaveNoScratchFilesBehind() throws Exception {
        shouldRefuseABundleWhoseWeightsDoNotMatchModelJsonAndLeaveNoTrace();
        shouldRefuseAnArchiveEntryThatEscapesTheBundleFolder();

        try (Stream<Path> left = Files.list(config.workDir())) {
            assertEquals(List.of(), left.toList());
        }
    }

    private ValidatableResponse postBundle(String model, Path zip, String... query) {
        var request = given().contentType("application/octet-stream").body(zip.toFile());
        for (int i = 0; i < query.length; i += 2) {
            request = request.queryParam(query[i], query[i + 1]);
        }
        return request.post("/api/v1/models/{name}/versions", model).then();
    }

    private static ValidatableResponse postDataset(String name, Path zip) {
        return given().contentType("application/zip")
                .body(zip.toFile())
                .post("/api/v1/datasets/{name}", name)
                .then();
    }

    private DatasetRef latestDataset(String name) {
        Path pointer = work.resolve(UUID.randomUUID() + ".json");
        store.get(store.stat(DatasetCatalog.latestKey(name)).orElseThrow(), pointer);
        try {
            return codec.mapper().readValue(pointer.toFile(), DatasetRef.class);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
