package dev.pruneline.registry.it;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import io.restassured.RestAssured;
import io.restassured.config.JsonConfig;
import io.restassured.path.json.config.JsonPathConfig.NumberReturnType;
import io.restassured.response.ValidatableResponse;
import java.time.Duration;
import java.util.function.Supplier;

/** The registry's REST API as the tests call it: JSON numbers read as doubles, polling waits (no sleeps). */
final class Registry {

    static final Duration WAIT = Duration.ofSeconds(60);

    private Registry() {}

    /** Reads JSON numbers as doubles, so that metrics compare exactly. */
    static void readNumbersAsDoubles() {
        RestAssured.config =
                RestAssured.config().jsonConfig(JsonConfig.jsonConfig().numberReturnType(NumberReturnType.DOUBLE));
    }

    /**
     * Builds a Kafka client with the test's class loader as the thread's context class loader: Kafka loads its
     * plugins (metrics reporters, serializers) through that loader, and they must come from the same loader as the
     * Kafka classes the test sees, whatever loader the thread happens to hold.
     */
    static <T> T withTestClassLoader(Supplier<T> client) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(Registry.class.getClassLoader());
        try {
            return client.get();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** Polls a version until it has {@code status}, then returns it. */
    static ValidatableResponse awaitStatus(String model, String version, String status) {
        return awaitField(model, version, "status", status);
    }

    /**
     * Polls a version until the JSON path {@code field} reads {@code value}, then returns it. Events of a release
     * travel on different topics, so the registry may see them in any order.
     */
    static ValidatableResponse awaitField(String model, String version, String field, String value) {
        String path = "/api/v1/models/" + model + "/versions/" + version;
        await().atMost(WAIT)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> given().get(path).then().extract().path(field), value::equals);
        return given().get(path).then().statusCode(200);
    }
}
