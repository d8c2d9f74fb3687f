package dev.pruneline.prune;

import dev.pruneline.core.CompressionException;
import dev.pruneline.core.deadline.JobTimeoutException;
import dev.pruneline.pipeline.event.EventCodec;
import dev.pruneline.pipeline.event.MalformedEventException;
import dev.pruneline.pipeline.event.ModelPruned;
import dev.pruneline.pipeline.event.ModelReleased;
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
 * {@code model.released} -> {@code model.pruned}. One job at a time (ordered blocking), since a JVM trains one
 * model at a time; more throughput comes from more replicas and partitions. Transient failures (storage, network)
 * are retried with backoff; a malformed event, a missing or corrupt artifact, a model the engine refuses or a job
 * past {@code pruneline.worker.max-job-duration} fails at once. After that the failure strategy parks the event on {@code model.released.dlq} with the reason, and the
 * offset moves on.
 *
 * <p>Two layers of retries, nested: each artifact store call already rides out an S3 outage of up to
 * {@code pruneline.s3.retry-for} (2 min) by itself, and this job-level {@code @Retry} runs the whole job again on what
 * is left. A store that stays down therefore holds an event for at most about four windows (8 min by default), well
 * inside {@code max.poll.interval.ms}, before it is parked.
 */
@ApplicationScoped
public class ReleasedConsumer {

    private final EventCodec codec = new EventCodec();
    private final PruneStage stage;

    public ReleasedConsumer(PruneStage stage) {
        this.stage = stage;
    }

    @Incoming("released")
    @Outgoing("pruned")
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
    public Record<String, String> onReleased(String payload) {
        ModelPruned pruned = stage.run(codec.decode(payload, ModelReleased.class));
        return Record.of(pruned.releaseId(), codec.encode(pruned));
    }
}
