package dev.pruneline.registry.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pruneline.pipeline.event.EventCodec;
import dev.pruneline.pipeline.event.Topics;
import dev.pruneline.registry.store.RegistryConfig;
import dev.pruneline.registry.store.RegistryStore;
import dev.pruneline.registry.store.RejectedRecord;
import dev.pruneline.registry.store.Rejection;
import dev.pruneline.registry.store.Release;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.jboss.logging.Logger;

/**
 * What the registry does with a record it cannot record: parks it on {@code registry.dlq} with the reason, audits
 * it, and fails the release it names (the record key, which is the release id on every pipeline topic, or else the
 * {@code releaseId} of its JSON) with a reason naming the topic, the offset and the problem. The store does the
 * audit, the publication and the failure in one transaction, so the record is acknowledged only once all three are
 * done; a database or broker failure propagates, to be retried and then to stop the channel.
 */
@ApplicationScoped
public class Refusals {

    private static final Logger LOG = Logger.getLogger(Refusals.class);

    private final ObjectMapper json = new EventCodec().mapper();
    private final RegistryStore store;
    private final RegistryDeadLetters deadLetters;
    private final RegistryMetrics metrics;
    private final Event<RegistryChanged> changes;
    private final int maxEventBytes;

    public Refusals(
            RegistryStore store,
            RegistryDeadLetters deadLetters,
            RegistryMetrics metrics,
            Event<RegistryChanged> changes,
            RegistryConfig config) {
        this.store = store;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.changes = changes;
        this.maxEventBytes = config.maxEventBytes();
    }

    /** Refuses the record if its value is larger than {@code pruneline.registry.max-event-bytes}; true if it did. */
    public boolean refuseIfTooLarge(ConsumerRecord<String, String> record) {
        int size = record.serializedValueSize();
        if (size <= maxEventBytes) {
            return false;
        }
        refuse(
                record,
                false,
                "is " + size + " bytes, more than the " + maxEventBytes
                        + " the registry reads (pruneline.registry.max-event-bytes); its value is not kept",
                RecordTooLargeException.class);
        return true;
    }

    /**
     * Parks, audits and fails as described above.
     *
     * @param withValue false to keep the value out of the dead letter and the audit (too large)
     * @param problem   what is wrong, to follow "&lt;topic&gt; event at partition p, offset o "
     * @param kind      the kind of problem, named in the {@code dead-letter-exception-class-name} header
     */
    public void refuse(ConsumerRecord<String, String> record, boolean withValue, String problem, Class<?> kind) {
        String reason = record.topic() + (record.topic().endsWith(".dlq") ? " record" : " event") + " at partition "
                + record.partition() + ", offset " + record.offset() + " " + problem;
        RejectedRecord rejected = new RejectedRecord(
                DeadLetterReader.recordId(record),
                releaseId(record, withValue),
                record.topic(),
                stage(record.topic()),
                reason,
                withValue ? record.value() : null);
        Rejection done = store.recordRejected(rejected, r -> deadLetters.park(record, withValue, reason, kind));
        if (!done.first()) {
            return;
        }
        metrics.refused(record.topic());
        Release failed = done.failed();
        if (failed == null) {
            LOG.warnf("%s; parked on %s (no release of the registry failed)", reason, Topics.REGISTRY_DLQ);
            return;
        }
        changes.fire(new RegistryChanged(failed.model(), failed.version(), failed.releaseId(), record.topic()));
        LOG.warnf(
                "%s; parked on %s, release %s (%s %s) failed",
                reason, Topics.REGISTRY_DLQ, failed.releaseId(), failed.model(), failed.version());
    }

    /** The release the record names: its key, or the {@code releaseId} of its JSON; null if neither. */
    private String releaseId(ConsumerRecord<String, String> record, boolean readable) {
        if (record.key() != null && !record.key().isBlank()) {
            return record.key();
        }
        if (!readable || record.value() == null) {
            return null;
        }
        try {
            JsonNode id = json.readTree(record.value()).path("releaseId");
            return id.isTextual() && !id.asText().isBlank() ? id.asText() : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /**
     * The stage a refused record fails its release at: the stage whose output it is ({@code model.pruned} is the
     * prune stage's, so a re-drive runs that stage again), or for a dead letter the stage it reports.
     */
    static String stage(String topic) {
        return switch (topic) {
            case Topics.RELEASED -> "released";
            case Topics.PRUNED -> "pruned";
            case Topics.RETRAINED -> "retrained";
            default ->
                topic.endsWith(".dlq") ? DeadLetterReader.stageOf(topic.substring(0, topic.length() - 4)) : "recorded";
        };
    }
}
