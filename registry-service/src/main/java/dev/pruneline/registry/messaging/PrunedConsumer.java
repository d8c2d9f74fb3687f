package dev.pruneline.registry.messaging;

import dev.pruneline.pipeline.event.ModelPruned;
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

/** {@code model.pruned} -> the pruned bundle and metrics of a release; failures as in {@link ReleasedConsumer}. */
@ApplicationScoped
public class PrunedConsumer {

    private final RegistryStore store;
    private final EventReader events;

    /** Tells the console's live pages what was recorded. */
    @Inject
    Event<RegistryChanged> changes;

    public PrunedConsumer(RegistryStore store, EventReader events) {
        this.store = store;
        this.events = events;
    }

    @Incoming("pruned")
    @Blocking
    @Retry(maxRetries = 3, delay = 500)
    @ExponentialBackoff(maxDelay = 10_000)
    public void onPruned(ConsumerRecord<String, String> record) {
        events.handle(record, ModelPruned.class, event -> {
            if (store.recordPruned(event, record.value())) {
                changes.fire(RegistryChanged.of(event, Topics.PRUNED));
            }
        });
    }
}
