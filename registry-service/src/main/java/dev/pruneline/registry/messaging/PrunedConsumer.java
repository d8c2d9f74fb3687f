package dev.pruneline.registry.messaging;

import dev.pruneline.pipeline.event.EventCodec;
import dev.pruneline.pipeline.event.MalformedEventException;
import dev.pruneline.pipeline.event.ModelPruned;
import dev.pruneline.registry.store.RegistryStore;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** {@code model.pruned} -> the pruned bundle and metrics of a release; failures as in {@link ReleasedConsumer}. */
@ApplicationScoped
public class PrunedConsumer {

    private final EventCodec codec = new EventCodec();
    private final RegistryStore store;

    public PrunedConsumer(RegistryStore store) {
        this.store = store;
    }

    @Incoming("pruned")
    @Blocking
    @Retry(maxRetries = 3, delay = 500, abortOn = MalformedEventException.class)
    @ExponentialBackoff(maxDelay = 10_000)
    public void onPruned(String payload) {
        store.recordPruned(codec.decode(payload, ModelPruned.class), payload);
    }
}
