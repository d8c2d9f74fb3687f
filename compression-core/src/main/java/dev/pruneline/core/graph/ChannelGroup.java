package dev.pruneline.core.graph;

import java.util.List;

/**
 * Channels that must be removed together: the output channels of every producer joined (directly
 * or through residual adds), the batch-norms on them and the input channels of every consumer.
 * Removing channel {@code i} of the group removes index {@code i} in every member.
 *
 * @param id stable name: the first producer in graph order
 * @param channels channel count
 * @param members every coupled layer, in graph order
 */
public record ChannelGroup(String id, int channels, List<Coupling> members) {

    public ChannelGroup {
        members = List.copyOf(members);
    }

    /** The layers whose output channels form this group. */
    public List<Coupling> producers() {
        return members.stream().filter(c -> c.role() == CouplingRole.PRODUCER).toList();
    }

    /** The layers reading this group's channels. */
    public List<Coupling> consumers() {
        return members.stream().filter(c -> c.role() == CouplingRole.CONSUMER).toList();
    }

    /** True when producers are joined by a residual add. */
    public boolean isResidual() {
        return producers().size() > 1;
    }
}
