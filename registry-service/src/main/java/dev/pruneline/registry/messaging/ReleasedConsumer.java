package dev.pruneline.registry.messaging;

import dev.pruneline.pipeline.event.ModelReleased;
import dev.pruneline.pipeline.event.Topics;
import dev.pruneline.registry.store.RegistryStore;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * {@code model.released} -> a new release in the registry. Database failures are retried with backoff, then stop the
 * channel (the record is read again after a restart); a record the registry cannot record is refused (see
 * {@link EventReader}). The record is acknowledged, and its offset later committed, only after the transaction
 * committed.
 */
@ApplicationScoped
public class ReleasedConsumer {

    private final RegistryStore store;
    private final EventReader events;

    /** Tells the console's live pages what was recorded. */
    @Inject
    Event<RegistryChanged> changes;

    public ReleasedConsumer(RegistryStore store, EventReader events) {
        this.store = store;
        this.events = events;
    }

    @Incoming("released")
    @Blocking
    @Retry(maxRetries = 3, delay = 500)
    @ExponentialBackoff(maxDelay = 10_000)
    public void onReleased(ConsumerRecord<String, String> record) {
        events.handle(record, ModelReleased.class, event -> {
            if (store.recordReleased(event, record.value())) {
                changes.fire(RegistryChanged.of(event, Topics.RELEASED));
            }
        });
    }
}
