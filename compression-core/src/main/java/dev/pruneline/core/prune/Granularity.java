package dev.pruneline.core.prune;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What one pruning decision removes: a single weight (unstructured) or a whole channel/neuron. */
public enum Granularity {
    /** Individual weights; the result is a sparse model of the same shape. */
    WEIGHT,
    /** Whole output channels of convs / neurons of linear layers, with coupled layers updated. */
    CHANNEL;

    /** The lower-case name used in requests. */
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code weight} or {@code channel}. */
    public static Granularity parse(String text) {
        for (Granularity g : values()) {
            if (g.jsonName().equals(text)) {
                return g;
            }
        }
        throw new PruneException("unknown granularity '" + text + "' (known: "
                + Arrays.stream(values()).map(Granularity::jsonName).collect(Collectors.joining(", ")) + ")");
    }
}
