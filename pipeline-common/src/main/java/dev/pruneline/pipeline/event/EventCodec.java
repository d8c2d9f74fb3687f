package dev.pruneline.pipeline.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.lang.reflect.RecordComponent;
import java.util.Set;

/**
 * JSON for events. Writing is plain Jackson; reading is versioned: an event must name a
 * {@code schemaVersion} no newer than {@link PipelineEvent#SCHEMA_VERSION}, and every header field must be
 * present. Unknown fields are ignored, so a newer writer may add fields without breaking older readers.
 * Thread-safe.
 */
public final class EventCodec {

    private static final Set<String> REQUIRED = Set.of("schemaVersion", "eventId", "releaseId", "model", "version");

    private final ObjectMapper mapper = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** The event as JSON. */
    public String encode(PipelineEvent event) {
        try {
            return mapper.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + event.getClass().getSimpleName(), e);
        }
    }

    /**
     * Reads an event of the given type.
     *
     * @throws MalformedEventException naming what is wrong: not JSON, a missing field, a newer schema
     */
    public <T extends PipelineEvent> T decode(String json, Class<T> type) {
        String what = type.getSimpleName();
        if (json == null || json.isBlank()) {
            throw new MalformedEventException(what + ": empty message");
        }
        JsonNode tree;
        try {
            tree = mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new MalformedEventException(what + ": not valid JSON (" + e.getOriginalMessage() + ")", e);
        }
        if (!tree.isObject()) {
            throw new MalformedEventException(what + ": expected a JSON object, got " + tree.getNodeType());
        }
        for (String field : REQUIRED) {
            if (!tree.hasNonNull(field)) {
                throw new MalformedEventException(what + ": missing field '" + field + "'");
            }
        }
        requireLength(tree, "eventId", PipelineEvent.MAX_ID_LENGTH, what);
        requireLength(tree, "releaseId", PipelineEvent.MAX_ID_LENGTH, what);
        requireLength(tree, "model", PipelineEvent.MAX_NAME_LENGTH, what);
        requireLength(tree, "version", PipelineEvent.MAX_NAME_LENGTH, what);
        int version = tree.get("schemaVersion").asInt(-1);
        if (version < 1 || version > PipelineEvent.SCHEMA_VERSION) {
            throw new MalformedEventException(what + ": schemaVersion " + tree.get("schemaVersion")
                    + " is not supported (this service reads 1.." + PipelineEvent.SCHEMA_VERSION + ")");
        }
        T event;
        try {
            event = mapper.treeToValue(tree, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new MalformedEventException(what + ": " + rootMessage(e), e);
        }
        requireComponents(event, what);
        return event;
    }

    /** The mapper, configured for events, for services that render the same records over REST. */
    public ObjectMapper mapper() {
        return mapper;
    }

    private static void requireLength(JsonNode tree, String field, int max, String what) {
        int length = tree.get(field).asText().length();
        if (length > max) {
            throw new MalformedEventException(what + ": field '" + field + "' is " + length + " characters long, more"
                    + " than the " + max + " allowed");
        }
    }

    private static void requireComponents(Object event, String what) {
        for (RecordComponent component : event.getClass().getRecordComponents()) {
            if (component.getType().isPrimitive()) {
                continue;
            }
            try {
                if (component.getAccessor().invoke(event) == null
                        && !OPTIONAL.contains(component.getName())
                        && !OPTIONAL.contains(event.getClass().getSimpleName() + "." + component.getName())) {
                    throw new MalformedEventException(what + ": missing field '" + component.getName() + "'");
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Fields that may be absent (null) in a valid event: by name in every event, or as {@code Event.field}. */
    private static final Set<String> OPTIONAL = Set.of(
            "reason",
            "engineMode",
            "occurredAt",
            "artifacts",
            "candidateArtifacts",
            "claimedAccuracy",
            "ModelRetrained.dataset");

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String message = t instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : t.getMessage();
        return message == null ? t.getClass().getSimpleName() : message;
    }
}
