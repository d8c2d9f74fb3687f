package dev.pruneline.registry.messaging;

import dev.pruneline.pipeline.event.Topics;
import dev.pruneline.registry.store.Redrive;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

/**
 * Sends a re-driven release's input event to the stage that failed ({@code model.released} for the prune worker,
 * {@code model.pruned} for the retrain worker), keyed by release id, and waits for the broker's acknowledgement.
 */
@ApplicationScoped
public class RedrivePublisher {

    private static final long ACK_TIMEOUT_SECONDS = 30;

    private final Emitter<Record<String, String>> released;
    private final Emitter<Record<String, String>> pruned;

    public RedrivePublisher(
            @Channel("redrive-released") Emitter<Record<String, String>> released,
            @Channel("redrive-pruned") Emitter<Record<String, String>> pruned) {
        this.released = released;
        this.pruned = pruned;
    }

    /** Publishes the event and returns once the broker has it; {@link IllegalStateException} if it does not. */
    public void publish(Redrive redrive) {
        Emitter<Record<String, String>> emitter = switch (redrive.topic()) {
            case Topics.RELEASED -> released;
            case Topics.PRUNED -> pruned;
            default -> throw new IllegalArgumentException("no stage consumes " + redrive.topic());
        };
        try {
            emitter.send(Record.of(redrive.releaseId(), redrive.payload()))
                    .toCompletableFuture()
                    .get(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while re-driving release " + redrive.releaseId(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot publish to " + redrive.topic() + ": " + e.getMessage(), e);
        }
    }
}
