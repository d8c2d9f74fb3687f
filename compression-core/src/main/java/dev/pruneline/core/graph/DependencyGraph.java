package dev.pruneline.core.graph;

import dev.pruneline.core.bundle.LayerShapes;
import dev.pruneline.core.bundle.LayerSpec;
import dev.pruneline.core.bundle.LayerType;
import dev.pruneline.core.bundle.ModelSpec;
import dev.pruneline.core.bundle.ShapeInference;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the {@link ChannelGroup}s of a graph in one pass over model.json. Every conv or linear
 * layer opens a channel space; batch-norm, activation, pooling and dropout pass it on; flatten
 * passes it on with a block size; an {@code add} merges the spaces of its inputs (union-find), so
 * both sides of a residual connection land in one group. Spaces that reach the model input or the
 * model output (the logits), or that mix block sizes, are fixed: they are never offered for pruning.
 */
public final class DependencyGraph {
    private static final String INPUT = "<input>";

    private final List<ChannelGroup> groups;

    private DependencyGraph(List<ChannelGroup> groups) {
        this.groups = List.copyOf(groups);
    }

    /** The prunable groups in graph order of their first producer. */
    public List<ChannelGroup> groups() {
        return groups;
    }

    /** The group of that id. */
    public Optional<ChannelGroup> group(String id) {
        return groups.stream().filter(g -> g.id().equals(id)).findFirst();
    }

    /** Builds the graph of a (valid) spec. */
    public static DependencyGraph of(ModelSpec spec) {
        return new Builder(spec).build();
    }

    /** A channel space flowing along an edge: its union-find key and the features per channel. */
    private record Flow(String space, int block) {}

    private static final class Builder {
        private final ModelSpec spec;
        private final Map<String, String> parent = new HashMap<>();
        private final Set<String> fixed = new HashSet<>();
        private final Map<String, Integer> channels = new HashMap<>();
        private final List<Coupling> couplings = new ArrayList<>();
        private final List<String> couplingSpace = new ArrayList<>();

        Builder(ModelSpec spec) {
            this.spec = spec;
        }

        DependencyGraph build() {
            parent.put(INPUT, INPUT);
            fixed.add(INPUT);
            Map<String, Flow> outputs = new HashMap<>();
            Flow previous = new Flow(INPUT, 1);
            for (LayerShapes s : ShapeInference.infer(spec)) {
                LayerSpec l = s.layer();
                Flow in =
                        l.inputs().isEmpty() ? previous : outputs.get(l.inputs().get(0));
                Flow out = step(l, s, in, outputs);
                outputs.put(l.name(), out);
                previous = out;
            }
            fixed.add(find(previous.space()));
            return new DependencyGraph(collect());
        }

        private Flow step(LayerSpec l, LayerShapes s, Flow in, Map<String, Flow> outputs) {
            LayerType t = l.type();
            switch (t) {
                case CONV2D, LINEAR -> {
                    add(new Coupling(l.name(), t, CouplingRole.CONSUMER, in.block()), in.space());
                    parent.put(l.name(), l.name());
                    channels.put(l.name(), s.output()[0]);
                    add(new Coupling(l.name(), t, CouplingRole.PRODUCER, 1), l.name());
                    return new Flow(l.name(), 1);
                }
                case BATCHNORM -> {
                    if (in.block() != 1) {
                        fixed.add(find(in.space()));
                    }
                    add(new Coupling(l.name(), t, CouplingRole.NORM, 1), in.space());
                    return in;
                }
                case FLATTEN -> {
                    int perChannel = s.input().length == 3 ? s.input()[1] * s.input()[2] : 1;
                    return new Flow(in.space(), in.block() * perChannel);
                }
                case ADD -> {
                    for (String other : l.inputs().subList(1, l.inputs().size())) {
                        Flow o = outputs.get(other);
                        union(in.space(), o.space());
                        if (o.block() != in.block()) {
                            fixed.add(find(in.space()));
                        }
                    }
                    return in;
                }
                default -> {
                    return in; // relu, pooling, dropout keep channels
                }
            }
        }

        private void add(Coupling c, String space) {
            couplings.add(c);
            couplingSpace.add(space);
        }

        private List<ChannelGroup> collect() {
            Map<String, List<Coupling>> byRoot = new LinkedHashMap<>();
            Map<String, String> firstProducer = new HashMap<>();
            for (int i = 0; i < couplings.size(); i++) {
                String root = find(couplingSpace.get(i));
                Coupling c = couplings.get(i);
                byRoot.computeIfAbsent(root, k -> new ArrayList<>()).add(c);
                if (c.role() == CouplingRole.PRODUCER) {
                    firstProducer.putIfAbsent(root, c.layer());
                }
            }
            List<ChannelGroup> out = new ArrayList<>();
            byRoot.forEach((root, members) -> {
                if (!fixed.contains(root) && firstProducer.containsKey(root)) {
                    String id = firstProducer.get(root);
                    out.add(new ChannelGroup(id, channels.get(id), members));
                }
            });
            return out;
        }

        private String find(String x) {
            String p = parent.get(x);
            if (p.equals(x)) {
                return x;
            }
            String r = find(p);
            parent.put(x, r);
            return r;
        }

        private void union(String a, String b) {
            String ra = find(a);
            String rb = find(b);
            if (!ra.equals(rb)) {
                boolean anyFixed = fixed.contains(ra) || fixed.contains(rb);
                parent.put(rb, ra);
                if (anyFixed) {
                    fixed.add(ra);
                }
            }
        }
    }
}
