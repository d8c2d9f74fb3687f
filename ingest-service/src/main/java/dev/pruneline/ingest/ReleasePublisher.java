package dev.pruneline.ingest;

import dev.pruneline.pipeline.event.EventCodec;
import dev.pruneline.pipeline.event.ModelReleased;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Publishes {@link ModelReleased} on channel {@code released} (topic {@code model.released}), keyed by release id
 * so that every event of a release lands on one partition, and waits until the broker acknowledges it.
 */
@ApplicationScoped
public class ReleasePublisher {

    private final EventCodec codec = new EventCodec();

    @Inject
    @Channel("released")
    Emitter<String> emitter;

    @Inject
    IngestConfig config;

    /**
     * Sends the event and blocks until Kafka has it.
     *
     * @throws PublishFailedException if the broker refuses it or does not answer within the publish timeout
     */
    void publish(ModelReleased event) {
        CompletableFuture<Void> acked = new CompletableFuture<>();
        Message<String> message = Message.of(codec.encode(event))
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                        .withKey(event.releaseId())
                        .build())
                .withAck(() -> {
                    acked.complete(null);
                    return CompletableFuture.completedFuture(null);
                })
                .withNack(failure -> {
                    acked.completeExceptionally(failure);
                    return CompletableFuture.completedFuture(null);
                });
        try {
            emitter.send(message);
            acked.get(config.publishTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishFailedException("interrupted while publishing release " + event.releaseId(), e);
        } catch (ExecutionException e) {
            throw new PublishFailedException(
                    "Kafka refused release " + event.releaseId() + ": "
                            + e.getCause().getMessage(),
                    e.getCause());
        } catch (TimeoutException e) {
            throw new PublishFailedException(
                    "Kafka did not acknowledge release " + event.releaseId() + " within "
                            + config.publishTimeout().toSeconds() + " s",
                    e);
        } catch (RuntimeException e) {
            throw new PublishFailedException("cannot publish release " + event.releaseId() + ": " + e.getMessage(), e);
        }
    }
}
