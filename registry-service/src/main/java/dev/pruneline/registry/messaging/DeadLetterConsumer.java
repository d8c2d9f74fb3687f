package dev.pruneline.registry.messaging;

import dev.pruneline.registry.store.DeadLetter;
import dev.pruneline.registry.store.RegistryStore;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * The dead-letter topics ({@code model.released.dlq}, {@code model.pruned.dlq}, {@code model.retrained.dlq}) ->
 * the release is marked failed with the reason from the record's {@code dead-letter-reason} header. A record that
 * names no release is logged and audited, never retried.
 */
@ApplicationScoped
public class DeadLetterConsumer {

    private static final Logger LOG = Logger.getLogger(DeadLetterConsumer.class);

    private final DeadLetterReader reader = new DeadLetterReader();
    private final RegistryStore store;
    private final RegistryMetrics metrics;

    /** Tells the console's live pages what was recorded. */
    @Inject
    Event<RegistryChanged> changes;

    public DeadLetterConsumer(RegistryStore store, RegistryMetrics metrics) {
        this.store = store;
        this.metrics = metrics;
    }

    @Incoming("dead-letters")
    @Blocking
    @Retry(maxRetries = 3, delay = 500)
    @ExponentialBackoff(maxDelay = 10_000)
    public void onDeadLetter(ConsumerRecord<String, String> record) {
        Optional<DeadLetter> deadLetter = reader.read(record);
        if (deadLetter.isEmpty()) {
            if (store.recordUnreadable(DeadLetterReader.recordId(record), record.topic(), record.value())) {
                LOG.warnf(
                        "%s: record at offset %d names no release (%s); audited and skipped",
                        record.topic(), record.offset(), reader.reason(record));
            }
            return;
        }
        DeadLetter d = deadLetter.get();
        if (store.recordDeadLetter(d)) {
            changes.fire(new RegistryChanged(d.model(), d.version(), d.releaseId(), record.topic()));
            metrics.deadLettered(record.topic());
            LOG.warnf("release %s failed at %s: %s", d.releaseId(), d.stage(), d.reason());
        }
    }
}
