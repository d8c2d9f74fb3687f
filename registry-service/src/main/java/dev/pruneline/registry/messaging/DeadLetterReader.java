package dev.pruneline.registry.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pruneline.pipeline.event.CompressionPolicy;
import dev.pruneline.pipeline.event.EventCodec;
import dev.pruneline.pipeline.event.EventIds;
import dev.pruneline.pipeline.event.PipelineEvent;
import dev.pruneline.pipeline.event.Topics;
import dev.pruneline.registry.store.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Reads a dead-letter record: the parked event as published (possibly malformed, which may be why it was parked)
 * and the SmallRye dead-letter headers. Only the release id is required of the payload.
 */
final class DeadLetterReader {

    /** Header SmallRye's dead-letter-queue strategy writes: the failure's message. */
    static final String REASON_HEADER = "dead-letter-reason";
    /** Header SmallRye's dead-letter-queue strategy writes: the topic the event was consumed from. */
    static final String TOPIC_HEADER = "dead-letter-topic";

    private final ObjectMapper json = new EventCodec().mapper();

    Optional<DeadLetter> read(ConsumerRecord<String, String> record) {
        JsonNode tree = tree(record.value());
        String releaseId = text(tree, "releaseId");
        if (releaseId == null
                || releaseId.length() > PipelineEvent.MAX_ID_LENGTH
                || tooLong(text(tree, "model"))
                || tooLong(text(tree, "version"))) {
            return Optional.empty();
        }
        String eventId = text(tree, "eventId");
        String id = EventIds.of(eventId != null ? eventId : recordId(record), record.topic());
        return Optional.of(new DeadLetter(
                id,
                releaseId,
                text(tree, "model"),
                text(tree, "version"),
                policy(tree),
                record.topic(),
                stage(record),
                reason(record),
                record.value()));
    }

    private static boolean tooLong(String name) {
        return name != null && name.length() > PipelineEvent.MAX_NAME_LENGTH;
    }

    /** The reason the consumer gave, or a stand-in naming the topic. */
    String reason(ConsumerRecord<String, String> record) {
        String reason = header(record, REASON_HEADER);
        return reason == null || reason.isBlank() ? "parked on " + record.topic() + " without a reason" : reason;
    }

    /** An id for a record that depends only on where it is, so a redelivery has the same id. */
    static String recordId(ConsumerRecord<String, String> record) {
        return EventIds.of(record.topic() + "-" + record.partition(), Long.toString(record.offset()));
    }

    /** The stage that failed: the one that consumes the topic the event was parked from. */
    static String stage(ConsumerRecord<String, String> record) {
        String source = header(record, TOPIC_HEADER);
        if (source == null) {
            source = record.topic().endsWith(".dlq")
                    ? record.topic().substring(0, record.topic().length() - ".dlq".length())
                    : record.topic();
        }
        return stageOf(source);
    }

    /** The stage that consumes {@code source}: the one that failed when an event of it is parked. */
    static String stageOf(String source) {
        return switch (source) {
            case Topics.RELEASED -> "pruned";
            case Topics.PRUNED -> "retrained";
            case Topics.RETRAINED -> "decided";
            default -> source;
        };
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private JsonNode tree(String payload) {
        if (payload == null) {
            return null;
        }
        try {
            JsonNode tree = json.readTree(payload);
            return tree != null && tree.isObject() ? tree : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static String text(JsonNode tree, String field) {
        JsonNode node = tree == null ? null : tree.get(field);
        return node != null && node.isTextual() && !node.asText().isBlank() ? node.asText() : null;
    }

    private CompressionPolicy policy(JsonNode tree) {
        JsonNode node = tree == null ? null : tree.get("policy");
        if (node == null || !node.isObject()) {
            return null;
        }
        try {
            return json.treeToValue(node, CompressionPolicy.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return null;
        }
    }
}
