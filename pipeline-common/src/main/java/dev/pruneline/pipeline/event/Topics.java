package dev.pruneline.pipeline.event;

import java.util.List;

/**
 * Topic names of the pipeline; every consumed topic has a dead-letter twin named {@code <topic>.dlq}, and the
 * registry parks the records it cannot record on {@link #REGISTRY_DLQ}.
 */
public final class Topics {
    public static final String RELEASED = "model.released";
    public static final String PRUNED = "model.pruned";
    public static final String RETRAINED = "model.retrained";
    public static final String PROMOTED = "model.promoted";
    public static final String REJECTED = "model.rejected";

    /**
     * The registry's own dead-letter topic: records of the consumed topics (and their twins) that the registry cannot
     * record, with the SmallRye dead-letter headers naming the reason, the source topic, partition and offset.
     */
    public static final String REGISTRY_DLQ = "registry.dlq";

    /** Topics a service consumes, so each has a dead-letter twin. */
    public static final List<String> CONSUMED = List.of(RELEASED, PRUNED, RETRAINED);

    private Topics() {}

    /** The dead-letter twin of a topic. */
    public static String dlq(String topic) {
        return topic + ".dlq";
    }

    /** Every topic the pipeline uses, dead-letter topics included. */
    public static List<String> all() {
        return List.of(
                RELEASED,
                PRUNED,
                RETRAINED,
                PROMOTED,
                REJECTED,
                dlq(RELEASED),
                dlq(PRUNED),
                dlq(RETRAINED),
                REGISTRY_DLQ);
    }
}
