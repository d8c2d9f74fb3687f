package dev.pruneline.ingest;

import static org.hamcrest.Matchers.equalTo;

import dev.pruneline.devstack.DevStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * With credentials required (the default) and no uploader password configured, no credentials can be valid: every
 * upload is answered 403 saying what to set, with or without credentials.
 */
@QuarkusTest
@QuarkusTestResource(value = DevStackResource.class, restrictToAnnotatedClass = false)
@TestProfile(UploadsOffTest.NoPassword.class)
class UploadsOffTest {

    /** The default: credentials required; but no password set. */
    public static class NoPassword implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("pruneline.ingest.uploader.password", "");
        }
    }

    @Test
    void shouldRefuseEveryUploadSayingWhatToSet() {
        RestAssured.given()
                .body("anything")
                .post("/api/v1/datasets/{name}", "digits")
                .then()
                .statusCode(403)
                .body("error", equalTo(ErrorResponses.UPLOADS_OFF));
        RestAssured.given()
                .auth()
                .preemptive()
                .basic(UploaderIdentityProvider.USER, "")
                .body("anything")
                .queryParam("version", "1")
                .post("/api/v1/models/{name}/versions", "lenet5")
                .then()
                .statusCode(403)
                .body("error", equalTo(ErrorResponses.UPLOADS_OFF));
    }
}
