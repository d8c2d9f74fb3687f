package dev.pruneline.prune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pruneline.core.criteria.CriterionRegistry;
import dev.pruneline.core.criteria.ImportanceCriterion;
import dev.pruneline.devstack.DevStackResource;
import dev.pruneline.devstack.TopicReader;
import dev.pruneline.pipeline.event.ArtifactRef;
import dev.pruneline.pipeline.event.CompressionPolicy;
import dev.pruneline.pipeline.event.DatasetRef;
import dev.pruneline.pipeline.event.EventCodec;
import dev.pruneline.pipeline.event.EventIds;
import dev.pruneline.pipeline.event.ModelPruned;
import dev.pruneline.pipeline.event.ModelReleased;
import dev.pruneline.pipeline.event.Topics;
import dev.pruneline.pipeline.store.ArtifactStore;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every registered criterion can be named in a release and runs in the prune worker: a channel criterion yields a
 * physically smaller model, a weight criterion a sparser one.
 */
@QuarkusTest
@QuarkusTestResource(value = DevStackResource.class, restrictToAnnotatedClass = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EveryCriterionThroughTheWorkerTest {

    private static final Duration WAIT = Duration.ofMinutes(3);

    @Inject
    ArtifactStore store;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private final EventCodec codec = new EventCodec();
    private ArtifactRef bundle;
    private DatasetRef dataset;

    static Stream<String> criteria() {
        return CriterionRegistry.known().stream();
    }

    @BeforeAll
    void storeATrainedModelAndItsData() throws Exception {
        StoredModel model = StoredModel.trainAndStore(store, 5);
        bundle = model.bundle();
        dataset = model.dataset();
    }

    @ParameterizedTest
    @MethodSource("criteria")
    void shouldPruneWithTheCriterionARelease(String name) {
        ImportanceCriterion criterion = CriterionRegistry.get(name);
        boolean channels = criterion.scoresChannels();
        Map<String, String> parameters = "random-search".equals(name) ? Map.of("masks", "8") : Map.of();
        String releaseId = UUID.randomUUID().toString();
        ModelReleased released = new ModelReleased(
                1,
                EventIds.of(releaseId, "released"),
                releaseId,
                "lenet5",
                "1",
                Instant.now(),
                bundle,
                dataset,
                new CompressionPolicy(name, channels ? "channel" : "weight", 0.5, 0, 0.001, 1.0, parameters));
        try (TopicReader pruned = new TopicReader(bootstrap, Topics.PRUNED)) {
            TopicReader.send(bootstrap, Topics.RELEASED, releaseId, codec.encode(released));

            ModelPruned event = codec.decode(
                    pruned.await(r -> releaseId.equals(r.key()), WAIT).value(), ModelPruned.class);

            assertEquals(name, event.policy().criterion());
            if (channels) {
                assertTrue(event.pruned().parameters() < event.baseline().parameters(), name + ": " + event.pruned());
                assertTrue(event.pruned().macs() < event.baseline().macs(), name + ": " + event.pruned());
            } else {
                assertTrue(event.pruned().sparsity() >= 0.3, name + ": " + event.pruned());
            }
        }
    }
}
