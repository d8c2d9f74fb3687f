package dev.pruneline.registry.store;

import dev.pruneline.pipeline.event.CompressionPolicy;
import java.util.Objects;

/**
 * An event some consumer gave up on and parked on a dead-letter topic, with the reason it gave.
 *
 * @param eventId   id of this dead-letter record, unique per parked event and topic
 * @param releaseId the release the parked event belongs to
 * @param model     model name, or null if the payload did not say
 * @param version   model version, or null if the payload did not say
 * @param policy    the payload's policy, or null
 * @param topic     the dead-letter topic
 * @param stage     the stage that failed
 * @param reason    why the consumer gave up
 * @param payload   the parked event as received, for the audit
 */
public record DeadLetter(
        String eventId,
        String releaseId,
        String model,
        String version,
        CompressionPolicy policy,
        String topic,
        String stage,
        String reason,
        String payload) {
    public DeadLetter {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(releaseId, "releaseId");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(reason, "reason");
    }
}
