package dev.pruneline.retrain;

import dev.pruneline.core.CompressionException;
import dev.pruneline.core.deadline.JobTimeoutException;
import dev.pruneline.pipeline.event.EventCodec;
import dev.pruneline.pipeline.event.MalformedEventException;
import dev.pruneline.pipeline.event.ModelPruned;
import dev.pruneline.pipeline.event.ModelRetrained;
import dev.pruneline.pipeline.store.ArtifactIntegrityException;
import dev.pruneline.pipeline.store.ArtifactNotFoundException;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Outgoing;

/**
 * {@code model.pruned} -> {@code model.retrained}, one job at a time per replica (DJL allows one open gradient
 * collector per JVM). Transient failures are retried with backoff; malformed events, models the engine refuses,
 * training that diverges and jobs past {@code pruneline.worker.max-job-duration} fail at once, as do missing or
 * corrupt artifacts; then the event is parked on {@code
 * model.pruned.dlq} with the reason.
 *
 * <p>Two layers of retries, nested: each artifact store call already rides out an S3 outage of up to
 * {@code pruneline.s3.retry-for} (2 min) by itself, and this job-level {@code @Retry} runs the whole job again on what
 * is left. A store that stays down therefore holds an event for at most about four windows (8 min by default), well
 * inside {@code max.poll.interval.ms}, before it is parked.
 */
@ApplicationScoped
public class PrunedConsumer {

    private final EventCodec codec = new EventCodec();
    private final RetrainStage stage;

    public PrunedConsumer(RetrainStage stage) {
        this.stage = stage;
    }

    @Incoming("pruned")
    @Outgoing("retrained")
    @Blocking
    @Retry(
            maxRetries = 3,
            delay = 500,
            abortOn = {
                MalformedEventException.class,
                CompressionException.class,
                JobTimeoutException.class,
                ArtifactIntegrityException.class,
                ArtifactNotFoundException.class,
                IllegalArgumentException.class
            })
    @ExponentialBackoff(maxDelay = 10_000)
    public Record<String, String> onPruned(String payload) {
        ModelRetrained retrained = stage.run(codec.decode(payload, ModelPruned.class));
        return Record.of(retrained.releaseId(), codec.encode(retrained));
    }
}
