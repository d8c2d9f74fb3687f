package dev.pruneline.registry.store;

import java.util.Objects;

/**
 * A record of a consumed topic that the registry cannot record (unreadable, too large, or with a field that does not
 * fit its column), as it is parked on {@code registry.dlq}.
 *
 * @param eventId   id of the record, from where it is (topic, partition, offset), so a redelivery has the same id
 * @param releaseId the release the record names (its key, or the {@code releaseId} of its JSON), or null
 * @param topic     the topic it was read from
 * @param stage     the stage whose output it is: {@code released}, {@code pruned}, {@code retrained}, or the
 *                  stage a dead letter reports; the release fails at this stage
 * @param reason    what is wrong, naming the topic and the offset
 * @param payload   the record's value for the audit, or null when it is too large to keep
 */
public record RejectedRecord(
        String eventId, String releaseId, String topic, String stage, String reason, String payload) {
    public RejectedRecord {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(reason, "reason");
    }
}
