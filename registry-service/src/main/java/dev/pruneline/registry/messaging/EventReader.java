package dev.pruneline.registry.messaging;

import dev.pruneline.pipeline.event.EventCodec;
import dev.pruneline.pipeline.event.MalformedEventException;
import dev.pruneline.pipeline.event.PipelineEvent;
import dev.pruneline.registry.store.UnrecordableEventException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reads the events of the consumed topics and hands each to its handler. A record the registry cannot record is
 * refused ({@link Refusals}: parked on {@code registry.dlq}, audited, its release failed): one larger than
 * {@code pruneline.registry.max-event-bytes}, one that is not a readable event (not JSON, an unknown
 * {@code schemaVersion}, a missing or invalid field), and one whose handler finds a field too long for its column.
 * Retrying cannot mend any of these; anything else the handler throws (a database outage) propagates.
 */
@ApplicationScoped
public class EventReader {

    private final EventCodec codec = new EventCodec();
    private final Refusals refusals;

    public EventReader(Refusals refusals) {
        this.refusals = refusals;
    }

    /** Reads the event in {@code record} and passes it to {@code handler}, or refuses the record. */
    public <T extends PipelineEvent> void handle(
            ConsumerRecord<String, String> record, Class<T> type, Consumer<T> handler) {
        if (refusals.refuseIfTooLarge(record)) {
            return;
        }
        T event;
        try {
            event = codec.decode(record.value(), type);
        } catch (MalformedEventException e) {
            refusals.refuse(record, true, "is unreadable: " + e.getMessage(), e.getClass());
            return;
        }
        try {
            handler.accept(event);
        } catch (UnrecordableEventException e) {
            refusals.refuse(record, true, "cannot be stored: " + e.getMessage(), e.getClass());
        }
    }
}
