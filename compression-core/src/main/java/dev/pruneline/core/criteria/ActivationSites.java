package dev.pruneline.core.criteria;

import dev.pruneline.core.bundle.LayerSpec;
import dev.pruneline.core.bundle.LayerType;
import dev.pruneline.core.bundle.ModelSpec;
import dev.pruneline.core.graph.ChannelGroup;
import dev.pruneline.core.graph.Coupling;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where in a graph a criterion reads a layer's channels. Data-driven criteria look at a producer's
 * channels after its activation: the output of the first activation (ReLU, clip, leaky ReLU,
 * sigmoid, hard sigmoid, hard swish) reached from the producer through
 * per-channel layers (batch-norm, dropout) and residual adds. That is also where channel removal
 * acts: a removed channel (zero filter, zero batch-norm scale and shift) is exactly zero there.
 */
final class ActivationSites {
    private static final Set<LayerType> PASS = EnumSet.of(LayerType.BATCHNORM, LayerType.DROPOUT, LayerType.ADD);

    private final ModelSpec spec;
    private final Map<String, List<LayerSpec>> consumers = new LinkedHashMap<>();
    private final Map<String, String> inputOf = new LinkedHashMap<>();

    ActivationSites(ModelSpec spec) {
        this.spec = spec;
        String previous = null;
        for (LayerSpec l : spec.layers()) {
            List<String> ins = l.inputs().isEmpty() ? (previous == null ? List.of() : List.of(previous)) : l.inputs();
            inputOf.put(l.name(), ins.isEmpty() ? null : ins.get(0));
            for (String in : ins) {
                consumers.computeIfAbsent(in, k -> new ArrayList<>()).add(l);
            }
            previous = l.name();
        }
    }

    /**
     * The layer whose output holds {@code producer}'s channels after the activation: follows
     * batch-norm, dropout and add to the first activation; without one the last such layer (the
     * pre-activation value; zero-counting criteria then count values {@code <= 0}).
     */
    String postActivation(String producer) {
        String current = producer;
        while (true) {
            LayerSpec next = null;
            for (LayerSpec c : consumers.getOrDefault(current, List.of())) {
                if (c.type().isActivation() || PASS.contains(c.type())) {
                    next = c;
                    break;
                }
            }
            if (next == null) {
                return current;
            }
            if (next.type().isActivation()) {
                return next.name();
            }
            current = next.name();
        }
    }

    /** The post-activation layer of each producer of {@code group}, in graph order, without repeats. */
    List<String> sitesOf(ChannelGroup group) {
        Set<String> out = new LinkedHashSet<>();
        for (Coupling p : group.producers()) {
            out.add(postActivation(p.layer()));
        }
        return List.copyOf(out);
    }

    /** The layer feeding {@code layer}, or null when it reads the model input. */
    String inputOf(String layer) {
        return inputOf.get(layer);
    }

    /** The model output layer (logits). */
    String output() {
        return spec.layers().get(spec.layers().size() - 1).name();
    }
}
