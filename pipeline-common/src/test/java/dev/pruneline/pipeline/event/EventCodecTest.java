package dev.pruneline.pipeline.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventCodecTest {

    private final EventCodec codec = new EventCodec();

    private static ModelReleased released() {
        String sha = "a".repeat(64);
        return new ModelReleased(
                1,
                EventIds.of("r1", "released"),
                "r1",
                "lenet5",
                "3",
                Instant.parse("2026-11-29T10:15:30Z"),
                new ArtifactRef("releases/r1/released/bundle.zip", sha, 1234),
                new DatasetRef("mnist", new ArtifactRef("datasets/mnist/x.zip", "b".repeat(64), 99)),
                new CompressionPolicy("magnitude", "weight", 0.8, 2, 0.001, 1.0, Map.of("norm", "l1")));
    }

    @Test
    void shouldReadBackWhatItWrites() {
        ModelReleased event = released();

        ModelReleased read = codec.decode(codec.encode(event), ModelReleased.class);

        assertEquals(event, read);
    }

    @Test
    void shouldIgnoreFieldsAddedByANewerWriterOfTheSameSchema() throws Exception {
        ObjectNode tree = (ObjectNode) codec.mapper().readTree(codec.encode(released()));
        tree.put("addedLater", "x");

        ModelReleased read = codec.decode(tree.toString(), ModelReleased.class);

        assertEquals(released(), read);
    }

    @Test
    void shouldRefuseASchemaVersionItDoesNotKnow() throws Exception {
        ObjectNode tree = (ObjectNode) codec.mapper().readTree(codec.encode(released()));
        tree.put("schemaVersion", 2);

        MalformedEventException e =
                assertThrows(MalformedEventException.class, () -> codec.decode(tree.toString(), ModelReleased.class));

        assertTrue(e.getMessage().contains("schemaVersion 2"), e.getMessage());
    }

    @Test
    void shouldNameAMissingField() throws Exception {
        ObjectNode tree = (ObjectNode) codec.mapper().readTree(codec.encode(released()));
        tree.remove("bundle");

        MalformedEventException e =
                assertThrows(MalformedEventException.class, () -> codec.decode(tree.toString(), ModelReleased.class));

        assertEquals("ModelReleased: missing field 'bundle'", e.getMessage());
    }

    @Test
    void shouldNameAMissingHeaderField() throws Exception {
        ObjectNode tree = (ObjectNode) codec.mapper().readTree(codec.encode(released()));
        tree.remove("releaseId");

        MalformedEventException e =
                assertThrows(MalformedEventException.class, () -> codec.decode(tree.toString(), ModelReleased.class));

        assertEquals("ModelReleased: missing field 'releaseId'", e.getMessage());
    }

    @Test
    void shouldRefuseAVersionLongerThanTheContractAllows() throws Exception {
        ObjectNode tree = (ObjectNode) codec.mapper().readTree(codec.encode(released()));
        tree.put("version", "v".repeat(PipelineEvent.MAX_NAME_LENGTH + 1));

        MalformedEventException e =
                assertThrows(MalformedEventException.class, () -> codec.decode(tree.toString(), ModelReleased.class));

        assertEquals(
                "ModelReleased: field 'version' is 101 characters long, more than the 100 allowed", e.getMessage());
    }

    @Test
    void shouldRejectTextThatIsNotJson() {
        MalformedEventException e =
                assertThrows(MalformedEventException.class, () -> codec.decode("{not json", ModelReleased.class));

        assertTrue(e.getMessage().startsWith("ModelReleased: not valid JSON"), e.getMessage());
    }

    @Test
    void shouldRejectAPolicyOutOfRangeNamingTheField() throws Exception {
        ObjectNode tree = (ObjectNode) codec.mapper().readTree(codec.encode(released()));
        ((ObjectNode) tree.get("policy")).put("sparsity", 1.5);

        MalformedEventException e =
                assertThrows(MalformedEventException.class, () -> codec.decode(tree.toString(), ModelReleased.class));

        assertTrue(e.getMessage().contains("sparsity must be in (0, 1), got 1.5"), e.getMessage());
    }

    @Test
    void shouldDeriveTheSameIdsFromTheSameInputs() {
        assertEquals(EventIds.of("r1", "pruned"), EventIds.of("r1", "pruned"));
        assertTrue(!EventIds.of("r1", "pruned").equals(EventIds.of("r1", "retrained")));
        assertEquals(EventIds.releaseId("m", "1", "a".repeat(64)), EventIds.releaseId("m", "1", "a".repeat(64)));
        assertTrue(!EventIds.releaseId("m", "1", "a".repeat(64)).equals(EventIds.releaseId("m", "2", "a".repeat(64))));
    }
}
