package dev.pruneline.registry.messaging;

import dev.pruneline.pipeline.event.EventCodec;
import dev.pruneline.pipeline.event.MalformedEventException;
import dev.pruneline.pipeline.event.ModelReleased;
import dev.pruneline.registry.store.RegistryStore;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * {@code model.released} -> a new release in the registry. Database failures are retried with backoff; a malformed
 * event fails at once and goes to {@code model.released.dlq}. The record is acknowledged, and its offset later
 * committed, only after the transaction committed.
 */
@ApplicationScoped
public class ReleasedConsumer {

    private final EventCodec codec = new EventCodec();
    private final RegistryStore store;

    public ReleasedConsumer(RegistryStore store) {
        this.store = store;
    }

    @Incoming("released")
    @Blocking
    @Retry(maxRetries = 3, delay = 500, abortOn = MalformedEventException.class)
    @ExponentialBackoff(maxDelay = 10_000)
    public void onReleased(String payload) {
        store.recordReleased(codec.decode(payload, ModelReleased.class), payload);
    }
}
