package dev.pruneline.registry.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pruneline.registry.store.DeadLetter;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class DeadLetterReaderTest {

    private static final String EVENT = "{\"schemaVersion\":1,\"eventId\":\"e-1\",\"releaseId\":\"r-1\","
            + "\"model\":\"lenet5\",\"version\":\"3\",\"policy\":{\"sparsity\":0.9,\"fineTuneEpochs\":1,"
            + "\"learningRate\":0.01,\"tolerancePp\":2.0}}";

    private final DeadLetterReader reader = new DeadLetterReader();

    private static ConsumerRecord<String, String> record(String topic, String value, String reason) {
        ConsumerRecord<String, String> record = new ConsumerRecord<>(topic, 0, 42, "r-1", value);
        if (reason != null) {
            record.headers().add(DeadLetterReader.REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8));
        }
        return record;
    }

    @Test
    void shouldTakeTheReasonFromTheHeaderAndTheStageFromTheTopic() {
        DeadLetter d = reader.read(record("model.released.dlq", EVENT, "layer conv2: shape mismatch"))
                .orElseThrow();

        assertEquals("r-1", d.releaseId());
        assertEquals("lenet5", d.model());
        assertEquals("3", d.version());
        assertEquals("pruned", d.stage());
        assertEquals("layer conv2: shape mismatch", d.reason());
        assertEquals(2.0, d.policy().tolerancePp());
    }

    @Test
    void shouldNameTheTopicWhenThereIsNoReason() {
        DeadLetter d = reader.read(record("model.retrained.dlq", EVENT, null)).orElseThrow();

        assertEquals("decided", d.stage());
        assertEquals("parked on model.retrained.dlq without a reason", d.reason());
    }

    @Test
    void shouldGiveTheSameEventADifferentIdOnEachDeadLetterTopic() {
        String onPruned = reader.read(record("model.pruned.dlq", EVENT, "x"))
                .orElseThrow()
                .eventId();
        String onReleased = reader.read(record("model.released.dlq", EVENT, "x"))
                .orElseThrow()
                .eventId();

        assertNotEquals(onPruned, onReleased);
        assertNotEquals("e-1", onPruned, "the original event's id is already audited");
    }

    @Test
    void shouldReadNothingFromAPayloadWithoutAReleaseId() {
        assertTrue(reader.read(record("model.pruned.dlq", "not json", "x")).isEmpty());
        assertTrue(reader.read(record("model.pruned.dlq", "{\"model\":\"m\"}", "x"))
                .isEmpty());
        assertTrue(reader.read(record("model.pruned.dlq", null, "x")).isEmpty());
    }
}
