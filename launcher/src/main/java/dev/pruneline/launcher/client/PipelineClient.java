package dev.pruneline.launcher.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Calls the ingest and registry REST APIs. */
public final class PipelineClient {

    /** Release states after which nothing more happens to a release. */
    public static final Set<String> FINAL_STATES = Set.of("PROMOTED", "REJECTED", "FAILED");

    private final URI ingest;
    private final URI registry;
    /** The uploader's password that uploads send (HTTP Basic, user uploader); null: none. */
    private final String uploaderPassword;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();

    /** A client whose uploads send no credentials (accepted only by an ingest-service that needs none). */
    public PipelineClient(URI ingest, URI registry) {
        this(ingest, registry, null);
    }

    /**
     * A client whose uploads send the uploader's credentials.
     *
     * @param uploaderPassword ingest-service's {@code pruneline.ingest.uploader.password}; null sends none
     */
    public PipelineClient(URI ingest, URI registry, String uploaderPassword) {
        this.ingest = ingest;
        this.registry = registry;
        this.uploaderPassword = uploaderPassword;
    }

    /** A client of the registry alone (for queries and operators' changes; no uploads). */
    public static PipelineClient forRegistry(URI registry) {
        return new PipelineClient(null, registry, null);
    }

    /** Uploads a data set archive (a zip of IDX files, CIFAR-10 binary batches or an image tree) under a name. */
    public Response uploadDataset(String name, Path zip) {
        return post(ingest.resolve("/api/v1/datasets/" + encode(name)), zip);
    }

    /**
     * Releases a model version: uploads its bundle archive, or a bare {@code .onnx} file, with the compression policy
     * as query parameters.
     */
    public Response release(String model, String version, Path bundleZip, Map<String, String> policy) {
        String query = policy.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&", "?version=" + encode(version) + (policy.isEmpty() ? "" : "&"), ""));
        return post(ingest.resolve("/api/v1/models/" + encode(model) + "/versions" + query), bundleZip);
    }

    /** What the registry knows about a version, if anything yet. */
    public Optional<JsonNode> version(String model, String version) {
        Response response = get(registry.resolve("/api/v1/models/" + encode(model) + "/versions/" + encode(version)));
        return response.status() == 404
                ? Optional.empty()
                : Optional.of(response.ok().body());
    }

    /** The production model of a name with the download link of one format ({@code pruneline} or {@code onnx}). */
    public Response production(String model, String format) {
        return get(registry.resolve("/api/v1/models/" + encode(model) + "/production?format=" + encode(format)));
    }

    /** The promoted compressed model of a name, if any. */
    public Optional<JsonNode> production(String model) {
        Response response = get(registry.resolve("/api/v1/models/" + encode(model) + "/production"));
        return response.status() == 404
                ? Optional.empty()
                : Optional.of(response.ok().body());
    }

    /**
     * Makes a decided version production, as an operator (HTTP Basic, user {@code operator}); with
     * {@code expectedVersion} (may be null) only if that version is production now.
     */
    public Response promote(String model, String version, String reason, String expectedVersion, String password) {
        Map<String, String> body = new LinkedHashMap<>(Map.of("version", version, "reason", reason));
        if (expectedVersion != null) {
            body.put("expectedVersion", expectedVersion);
        }
        return postJson(registry.resolve("/api/v1/models/" + encode(model) + "/production"), body, password);
    }

    /** Returns a model's production to the release the newest change replaced, as an operator; see {@link #promote}. */
    public Response rollback(String model, String reason, String expectedVersion, String password) {
        Map<String, String> body = new LinkedHashMap<>(Map.of("reason", reason));
        if (expectedVersion != null) {
            body.put("expectedVersion", expectedVersion);
        }
        return postJson(registry.resolve("/api/v1/models/" + encode(model) + "/production/rollback"), body, password);
    }

    /** Runs a failed release again from the stage that failed, as an operator (answer 202 with the release). */
    public Response retry(String model, String version, String reason, String password) {
        return postJson(
                registry.resolve("/api/v1/models/" + encode(model) + "/versions/" + encode(version) + "/retry"),
                Map.of("reason", reason),
                password);
    }

    /** Polls the registry until the version reaches a final state (promoted, rejected or failed). */
    public JsonNode awaitFinalState(String model, String version, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        String last = "not yet known to the registry";
        while (Instant.now().isBefore(deadline)) {
            Optional<JsonNode> state = version(model, version);
            if (state.isPresent()) {
                last = state.get().path("status").asText();
                if (FINAL_STATES.contains(last)) {
                    return state.get();
                }
            }
            pause(Duration.ofMillis(500));
        }
        throw new IllegalStateException(model + " " + version + " did not reach a final state within "
                + timeout.toSeconds() + " s (last status: " + last + ")");
    }

    private Response post(URI uri, Path body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                    .timeout(Duration.ofMinutes(2))
                    .header("Content-Type", isOnnx(body) ? "application/octet-stream" : "application/zip")
                    .POST(HttpRequest.BodyPublishers.ofFile(body));
            if (uploaderPassword != null) {
                request.header("Authorization", basic("uploader", uploaderPassword));
            }
            return send(request.build());
        } catch (FileNotFoundException e) {
            throw new IllegalArgumentException("no such file: " + body, e);
        }
    }

    private static boolean isOnnx(Path file) {
        return file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".onnx");
    }

    private Response postJson(URI uri, Map<String, String> body, String password) {
        try {
            return send(HttpRequest.newBuilder(uri)
                    .timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "application/json")
                    .header("Authorization", basic("operator", password))
                    .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
                    .build());
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the request body: " + e.getMessage(), e);
        }
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private Response get(URI uri) {
        return send(HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(30))
                .GET()
                .build());
    }

    private Response send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            String text = response.body();
            JsonNode body = text == null || text.isBlank() ? json.nullNode() : parse(text);
            return new Response(request.method() + " " + request.uri(), response.statusCode(), body);
        } catch (IOException e) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + request.uri(), e);
        }
    }

    private JsonNode parse(String text) {
        try {
            return json.readTree(text);
        } catch (IOException e) {
            return json.getNodeFactory().textNode(text);
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * An HTTP answer.
     *
     * @param request what was asked, for error messages
     * @param status  the HTTP status
     * @param body    the JSON body (a text node if the body was not JSON)
     */
    public record Response(String request, int status, JsonNode body) {
        /** This response, if its status is 2xx; otherwise an exception with the server's message. */
        public Response ok() {
            if (status < 200 || status >= 300) {
                throw new IllegalStateException(request + " answered " + status + ": "
                        + (body.has("error") ? body.get("error").asText() : body.toString()));
            }
            return this;
        }
    }
}
