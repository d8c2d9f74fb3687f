package dev.pruneline.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * docs/rest-api.md against the OpenAPI document each service writes at build time
 * ({@code target/openapi/openapi.json}): every endpoint, query parameter and body or answer field
 * of a service is named in that service's section, and the section names no endpoint the service
 * does not have.
 */
class RestApiDocsTest {
    private static final Pattern ENDPOINT = Pattern.compile("`(GET|POST|PUT|PATCH|DELETE) (/api/[^`\\s]*)`");
    private static final List<String> METHODS = List.of("get", "post", "put", "patch", "delete");

    @ParameterizedTest
    @ValueSource(strings = {"ingest-service", "registry-service"})
    void shouldDocumentEveryEndpointParameterAndField(String service) throws IOException {
        JsonNode api = openApi(service);
        String section = section(service);
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : fields(api.path("paths"))) {
            for (String method : METHODS) {
                JsonNode op = path.getValue().path(method);
                if (op.isMissingNode()) {
                    continue;
                }
                String endpoint = method.toUpperCase(Locale.ROOT) + " " + path.getKey();
                if (!section.contains("`" + endpoint + "`")) {
                    missing.add("endpoint " + endpoint);
                }
                for (JsonNode p : op.path("parameters")) {
                    if (p.path("in").asText().equals("query")
                            && !section.contains("`" + p.path("name").asText() + "`")) {
                        missing.add(
                                endpoint + ": query parameter " + p.path("name").asText());
                    }
                }
                for (String field : fieldsOf(api, op)) {
                    if (!Pattern.compile("\\b" + Pattern.quote(field) + "\\b")
                            .matcher(section)
                            .find()) {
                        missing.add(endpoint + ": field " + field);
                    }
                }
            }
        }
        assertEquals(
                List.of(), missing, "what " + service + "'s OpenAPI document has and docs/rest-api.md does not name");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ingest-service", "registry-service"})
    void shouldNameOnlyEndpointsTheServiceHas(String service) throws IOException {
        JsonNode paths = openApi(service).path("paths");
        List<String> unknown = new ArrayList<>();
        Matcher m = ENDPOINT.matcher(section(service));
        while (m.find()) {
            if (paths.path(m.group(2)).path(m.group(1).toLowerCase(Locale.ROOT)).isMissingNode()) {
                unknown.add(m.group(1) + " " + m.group(2));
            }
        }
        assertEquals(
                List.of(), unknown, "endpoints docs/rest-api.md names under " + service + " that it does not serve");
    }

    /** Property names of the request body and of every answer's schema, nested objects included. */
    private static Set<String> fieldsOf(JsonNode api, JsonNode op) {
        Set<String> names = new TreeSet<>();
        List<JsonNode> schemas = new ArrayList<>();
        op.path("requestBody").path("content").forEach(c -> schemas.add(c.path("schema")));
        op.path("responses").forEach(r -> r.path("content").forEach(c -> schemas.add(c.path("schema"))));
        Set<String> seenRefs = new LinkedHashSet<>();
        while (!schemas.isEmpty()) {
            JsonNode s = schemas.remove(schemas.size() - 1);
            if (!s.isObject()) {
                continue;
            }
            String ref = s.path("$ref").asText("");
            if (!ref.isEmpty()) {
                if (seenRefs.add(ref)) {
                    schemas.add(api.at(ref.substring(1)));
                }
                continue;
            }
            for (Map.Entry<String, JsonNode> p : fields(s.path("properties"))) {
                names.add(p.getKey());
                schemas.add(p.getValue());
            }
            schemas.add(s.path("items"));
            schemas.add(s.path("additionalProperties"));
            s.path("allOf").forEach(schemas::add);
        }
        return names;
    }

    private static List<Map.Entry<String, JsonNode>> fields(JsonNode node) {
        List<Map.Entry<String, JsonNode>> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            out.add(it.next());
        }
        return out;
    }

    private static JsonNode openApi(String service) throws IOException {
        Path file = Repository.path(service).resolve("target/openapi/openapi.json");
        assertTrue(Files.isRegularFile(file), file + " is missing: the service's build writes it (mvn package)");
        return new ObjectMapper().readTree(file.toFile());
    }

    /** The part of docs/rest-api.md from {@code ## service} to the next second-level heading. */
    private static String section(String service) {
        String doc = Repository.read("docs/rest-api.md");
        int start = doc.indexOf("\n## " + service);
        assertTrue(start >= 0, "docs/rest-api.md has no section '## " + service + "'");
        int end = doc.indexOf("\n## ", start + 1);
        return doc.substring(start, end < 0 ? doc.length() : end);
    }
}
