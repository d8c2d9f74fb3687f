package dev.pruneline.registry.messaging;

import dev.pruneline.pipeline.event.EventCodec;
import dev.pruneline.pipeline.event.MalformedEventException;
import dev.pruneline.pipeline.event.PipelineEvent;
import dev.pruneline.registry.store.RegistryStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

/**
 * Reads the events of the consumed topics. A record that is not a readable event is audited with the reason and
 * skipped: retrying cannot mend it, and the dead-letter twins belong to the workers whose failures they report.
 */
@ApplicationScoped
public class EventReader {

    private static final Logger LOG = Logger.getLogger(EventReader.class);

    private final EventCodec codec = new EventCodec();
    private final RegistryStore store;

    public EventReader(RegistryStore store) {
        this.store = store;
    }

    /** The event in {@code record}, or empty (after auditing it) if it cannot be read. */
    public <T extends PipelineEvent> Optional<T> read(ConsumerRecord<String, String> record, Class<T> type) {
        try {
            return Optional.of(codec.decode(record.value(), type));
        } catch (MalformedEventException e) {
            if (store.recordUnreadable(DeadLetterReader.recordId(record), record.topic(), record.value())) {
                LOG.warnf(
                        "%s: record at offset %d is unreadable (%s); audited and skipped",
                        record.topic(), record.offset(), e.getMessage());
            }
            return Optional.empty();
        }
    }
}
