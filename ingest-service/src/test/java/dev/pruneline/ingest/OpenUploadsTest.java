package dev.pruneline.ingest;

import static org.hamcrest.Matchers.equalTo;

import dev.pruneline.devstack.DevStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code pruneline.ingest.uploader.auth-enabled=false} (local runs only) lets anyone upload without credentials, and
 * does not check credentials that come anyway.
 */
@QuarkusTest
@QuarkusTestResource(value = DevStackResource.class, restrictToAnnotatedClass = false)
@TestProfile(OpenUploadsTest.AuthDisabled.class)
class OpenUploadsTest {

    /** Uploads without credentials, and no uploader password either. */
    public static class AuthDisabled implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("pruneline.ingest.uploader.auth-enabled", "false", "pruneline.ingest.uploader.password", "");
        }
    }

    @Test
    void shouldAcceptUploadsWithoutCredentials() throws Exception {
        Files.createDirectories(Path.of("target"));
        Uploads uploads = new Uploads(Files.createTempDirectory(Path.of("target"), "ingest-open"));
        String dataset = UploadAccessTest.unique("digits");
        RestAssured.given()
                .contentType("application/zip")
                .body(uploads.mnist.toFile())
                .post("/api/v1/datasets/{name}", dataset)
                .then()
                .statusCode(201)
                .body("name", equalTo(dataset));
        RestAssured.given()
                .contentType("application/zip")
                .body(uploads.lenet5.toFile())
                .queryParam("version", "1")
                .queryParam("dataset", dataset)
                .post("/api/v1/models/{name}/versions", UploadAccessTest.unique("open"))
                .then()
                .statusCode(202);
        RestAssured.given()
                .auth()
                .preemptive()
                .basic("anyone", "anything")
                .contentType("application/zip")
                .body(uploads.lenet5.toFile())
                .queryParam("version", "1")
                .queryParam("dataset", dataset)
                .post("/api/v1/models/{name}/versions", UploadAccessTest.unique("open"))
                .then()
                .statusCode(202);
    }
}
