package dev.pruneline.registry.messaging;

import dev.pruneline.pipeline.event.MalformedEventException;
import dev.pruneline.registry.store.DeadLetter;
import dev.pruneline.registry.store.RegistryStore;
import dev.pruneline.registry.store.UnrecordableEventException;
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
 * names no release (or a release id, model or version too long to store), one too large to read, and one with a
 * field too long for its column are refused ({@link Refusals}), never retried.
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

    private final Refusals refusals;

    public DeadLetterConsumer(RegistryStore store, RegistryMetrics metrics, Refusals refusals) {
        this.store = store;
        this.metrics = metrics;
        this.refusals = refusals;
    }

    @Incoming("dead-letters")
    @Blocking
    @Retry(maxRetries = 3, delay = 500)
    @ExponentialBackoff(maxDelay = 10_000)
    public void onDeadLetter(ConsumerRecord<String, String> record) {
        if (refusals.refuseIfTooLarge(record)) {
            return;
        }
        Optional<DeadLetter> deadLetter = reader.read(record);
        if (deadLetter.isEmpty()) {
            refusals.refuse(
                    record,
                    true,
                    "names no release the registry can store (" + reader.reason(record) + ")",
                    MalformedEventException.class);
            return;
        }
        DeadLetter d = deadLetter.get();
        boolean recorded;
        try {
            recorded = store.recordDeadLetter(d);
        } catch (UnrecordableEventException e) {
            refusals.refuse(record, true, "cannot be stored: " + e.getMessage(), e.getClass());
            return;
        }
        if (recorded) {
            changes.fire(new RegistryChanged(d.model(), d.version(), d.releaseId(), record.topic()));
            metrics.deadLettered(record.topic());
            LOG.warnf("release %s failed at %s: %s", d.releaseId(), d.stage(), d.reason());
        }
    }
}
