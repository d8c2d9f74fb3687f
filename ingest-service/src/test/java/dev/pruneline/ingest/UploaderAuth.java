package dev.pruneline.ingest;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

/** Requests as the uploader, with the password of the test profile ({@code %test.pruneline.ingest.uploader.password}). */
final class UploaderAuth {

    static final String PASSWORD = "test-uploader-password";

    private UploaderAuth() {}

    /** A request that sends the uploader's credentials (HTTP Basic, sent at once rather than after a challenge). */
    static RequestSpecification given() {
        return RestAssured.given().auth().preemptive().basic(UploaderIdentityProvider.USER, PASSWORD);
    }
}
