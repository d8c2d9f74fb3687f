package dev.pruneline.registry.it;

import dev.pruneline.pipeline.event.ArtifactRef;
import dev.pruneline.pipeline.event.CompressionPolicy;
import dev.pruneline.pipeline.event.DatasetRef;
import dev.pruneline.pipeline.event.EventCodec;
import dev.pruneline.pipeline.event.EventIds;
import dev.pruneline.pipeline.event.ModelArtifact;
import dev.pruneline.pipeline.event.ModelMetrics;
import dev.pruneline.pipeline.event.ModelPruned;
import dev.pruneline.pipeline.event.ModelReleased;
import dev.pruneline.pipeline.event.ModelRetrained;
import dev.pruneline.pipeline.event.PipelineEvent;
import dev.pruneline.pipeline.event.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Plays the other services for one release: publishes its {@code model.released}, {@code model.pruned} and
 * {@code model.retrained} events (or a dead-letter record) with a plain Kafka producer, as the workers would.
 */
final class Pipeline implements AutoCloseable {

    static final ModelMetrics BASELINE = new ModelMetrics(0.981, 61_706, 61_706, 416_520, 0.0);
    static final ModelMetrics PRUNED = new ModelMetrics(0.902, 61_706, 12_341, 416_520, 0.8);
    /** What the released model.json states: more than the measured baseline, and never used by the gate. */
    static final Double CLAIMED = 0.999;

    private final EventCodec codec = new EventCodec();
    private final KafkaProducer<String, String> producer;

    Pipeline(String bootstrapServers) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        producer = new KafkaProducer<>(props);
    }

    /**
     * The events of one release of {@code model} {@code version}, whose bundles are {@code bundle}; with {@code onnx}
     * the stages also list that ONNX file, without it they are events of before the artifact lists.
     */
    record Release(String releaseId, String model, String version, ArtifactRef bundle, ArtifactRef onnx) {
        Release(String model, String version, ArtifactRef bundle) {
            this(model, version, bundle, null);
        }

        Release(String model, String version, ArtifactRef bundle, ArtifactRef onnx) {
            this(UUID.randomUUID().toString(), model, version, bundle, onnx);
        }

        private List<ModelArtifact> artifacts() {
            return onnx == null
                    ? null
                    : List.of(
                            ModelArtifact.of(ModelArtifact.PRUNELINE, bundle),
                            ModelArtifact.of(ModelArtifact.ONNX, onnx));
        }

        ModelReleased released() {
            return new ModelReleased(
                    1,
                    EventIds.of(releaseId, "released"),
                    releaseId,
                    model,
                    version,
                    Instant.now(),
                    bundle,
                    new DatasetRef("mnist-sample", bundle),
                    CompressionPolicy.defaults());
        }

        ModelPruned pruned() {
            return new ModelPruned(
                    1,
                    EventIds.of(releaseId, "pruned"),
                    releaseId,
                    model,
                    version,
                    Instant.now(),
                    bundle,
                    bundle,
                    new DatasetRef("mnist-sample", bundle),
                    CompressionPolicy.defaults(),
                    BASELINE,
                    PRUNED,
                    "cpu, oneDNN on",
                    artifacts(),
                    CLAIMED);
        }

        ModelRetrained retrained(double accuracy) {
            return new ModelRetrained(
                    1,
                    EventIds.of(releaseId, "retrained"),
                    releaseId,
                    model,
                    version,
                    Instant.now(),
                    bundle,
                    bundle,
                    CompressionPolicy.defaults(),
                    BASELINE,
                    PRUNED,
                    new ModelMetrics(accuracy, 61_706, 12_341, 416_520, 0.8),
                    2,
                    "cpu, oneDNN on",
                    artifacts(),
                    new DatasetRef("mnist-sample", bundle));
        }
    }

    void publish(String topic, PipelineEvent event) {
        send(new ProducerRecord<>(topic, event.releaseId(), codec.encode(event)));
    }

    /** Runs a release through all three stages. */
    void publishAll(Release release, double retrainedAccuracy) {
        publish(Topics.RELEASED, release.released());
        publish(Topics.PRUNED, release.pruned());
        publish(Topics.RETRAINED, release.retrained(retrainedAccuracy));
    }

    /** Publishes {@code payload} as it is, without a key. */
    void publishRaw(String topic, String payload) {
        send(new ProducerRecord<>(topic, null, payload));
    }

    /** Publishes {@code payload} as it is under {@code key}; returns where the broker put it. */
    RecordMetadata publishRaw(String topic, String key, String payload) {
        return send(new ProducerRecord<>(topic, key, payload));
    }

    void deadLetter(String dlqTopic, String key, String payload, Map<String, String> headers) {
        ProducerRecord<String, String> record = new ProducerRecord<>(dlqTopic, key, payload);
        headers.forEach((k, v) -> record.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
        send(record);
    }

    private RecordMetadata send(ProducerRecord<String, String> record) {
        try {
            return producer.send(record).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot publish to " + record.topic(), e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
