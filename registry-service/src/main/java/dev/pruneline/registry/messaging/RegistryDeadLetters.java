package dev.pruneline.registry.messaging;

import static io.smallrye.reactive.messaging.kafka.fault.KafkaDeadLetterQueue.DEAD_LETTER_EXCEPTION_CLASS_NAME;
import static io.smallrye.reactive.messaging.kafka.fault.KafkaDeadLetterQueue.DEAD_LETTER_OFFSET;
import static io.smallrye.reactive.messaging.kafka.fault.KafkaDeadLetterQueue.DEAD_LETTER_PARTITION;
import static io.smallrye.reactive.messaging.kafka.fault.KafkaDeadLetterQueue.DEAD_LETTER_REASON;
import static io.smallrye.reactive.messaging.kafka.fault.KafkaDeadLetterQueue.DEAD_LETTER_TOPIC;

import dev.pruneline.pipeline.event.Topics;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Parks a record the registry cannot record on {@value Topics#REGISTRY_DLQ}: same key, the value as read (none for a
 * record too large to read), and the headers SmallRye's dead-letter-queue strategy writes ({@code dead-letter-reason},
 * {@code dead-letter-topic}, {@code dead-letter-partition}, {@code dead-letter-offset},
 * {@code dead-letter-exception-class-name}), so tools read both kinds of dead letter alike. Waits for the broker's
 * acknowledgement.
 */
@ApplicationScoped
public class RegistryDeadLetters {

    private static final long ACK_TIMEOUT_SECONDS = 30;

    private final Emitter<String> emitter;

    public RegistryDeadLetters(@Channel("registry-dlq") Emitter<String> emitter) {
        this.emitter = emitter;
    }

    /**
     * Publishes {@code record} with {@code reason} and returns once the broker has it.
     *
     * @param withValue  false to leave the value out (a record too large to read)
     * @param problem    the kind of problem, as an exception class name
     * @throws IllegalStateException if the broker does not take it
     */
    public void park(ConsumerRecord<String, String> record, boolean withValue, String reason, Class<?> problem) {
        RecordHeaders headers = new RecordHeaders();
        header(headers, DEAD_LETTER_REASON, reason);
        header(headers, DEAD_LETTER_TOPIC, record.topic());
        header(headers, DEAD_LETTER_PARTITION, Integer.toString(record.partition()));
        header(headers, DEAD_LETTER_OFFSET, Long.toString(record.offset()));
        header(headers, DEAD_LETTER_EXCEPTION_CLASS_NAME, problem.getName());
        CompletableFuture<Void> acked = new CompletableFuture<>();
        Message<String> message = Message.of(withValue ? record.value() : null)
                .withAck(() -> {
                    acked.complete(null);
                    return CompletableFuture.completedFuture(null);
                })
                .withNack(failure -> {
                    acked.completeExceptionally(failure);
                    return CompletableFuture.completedFuture(null);
                })
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                        .withKey(record.key())
                        .withHeaders(headers)
                        .build());
        try {
            emitter.send(message);
            acked.get(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while parking a record of " + record.topic(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(
                    "cannot park the record of " + record.topic() + " at offset " + record.offset() + " on "
                            + Topics.REGISTRY_DLQ + ": " + e.getMessage(),
                    e);
        }
    }

    private static void header(RecordHeaders headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
