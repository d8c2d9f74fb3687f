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
 * layer opens a channel space; batch-norm, activations, pooling and dropout pass it on; a depthwise
 * convolution passes it on as a per-channel member (its filter {@code i} reads channel {@code i});
 * flatten passes it on with a block size; a concat lays the spaces of its inputs side by side
 * (segments, each consumer reading each at an offset); an {@code add} or a channel {@code mul}
 * merges the spaces of its inputs (union-find), so both sides of a residual connection, and a
 * squeeze-and-excitation gate and the channels it scales, land in one group. Spaces that reach the
 * model input or the model output (the logits), that mix block sizes, that a grouped (not
 * depthwise) convolution reads or writes, or that merge with unequal segments are fixed: they are
 * never offered for pruning.
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

    /** Channels {@code [offset, offset + channels)} of an edge come from one space (union-find key). */
    private record Segment(String space, int offset, int channels) {}

    /** The channel spaces flowing along an edge, side by side, and the features per channel. */
    private record Flow(List<Segment> segments, int block) {
        static Flow of(String space, int channels) {
            return new Flow(List.of(new Segment(space, 0, channels)), 1);
        }

        int channels() {
            Segment last = segments.get(segments.size() - 1);
            return last.offset() + last.channels();
        }
    }

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
            int[] inputShape =
                    spec.inputShape().stream().mapToInt(Integer::intValue).toArray();
            Flow previous = Flow.of(INPUT, inputShape[0]);
            for (LayerShapes s : ShapeInference.infer(spec)) {
                LayerSpec l = s.layer();
                Flow in =
                        l.inputs().isEmpty() ? previous : outputs.get(l.inputs().get(0));
                Flow out = step(l, s, in, outputs);
                outputs.put(l.name(), out);
                previous = out;
            }
            previous.segments().forEach(seg -> fix(seg.space()));
            return new DependencyGraph(collect());
        }

        private Flow step(LayerSpec l, LayerShapes s, Flow in, Map<String, Flow> outputs) {
            LayerType t = l.type();
            switch (t) {
                case CONV2D, LINEAR -> {
                    int groupCount = t == LayerType.CONV2D ? l.intAttr("groups", 1) : 1;
                    int outChannels = s.output()[0];
                    if (groupCount > 1 && groupCount == in.channels() && outChannels == groupCount) {
                        couple(l, CouplingRole.NORM, in);
                        if (in.block() != 1) {
                            in.segments().forEach(seg -> fix(seg.space()));
                        }
                        return in;
                    }
                    couple(l, CouplingRole.CONSUMER, in);
                    parent.put(l.name(), l.name());
                    channels.put(l.name(), outChannels);
                    add(new Coupling(l.name(), t, CouplingRole.PRODUCER, 1), l.name());
                    if (groupCount > 1) {
                        in.segments().forEach(seg -> fix(seg.space()));
                        fix(l.name());
                    }
                    return Flow.of(l.name(), outChannels);
                }
                case BATCHNORM -> {
                    if (in.block() != 1) {
                        in.segments().forEach(seg -> fix(seg.space()));
                    }
                    couple(l, CouplingRole.NORM, in);
                    return in;
                }
                case FLATTEN -> {
                    int perChannel = s.input().length == 3 ? s.input()[1] * s.input()[2] : 1;
                    return new Flow(in.segments(), in.block() * perChannel);
                }
                case ADD, MUL -> {
                    Flow result = in;
                    for (String other : l.inputs().subList(1, l.inputs().size())) {
                        result = merge(result, outputs.get(other));
                    }
                    return result;
                }
                case CONCAT -> {
                    List<Segment> segments = new ArrayList<>();
                    int offset = 0;
                    for (String input : l.inputs()) {
                        for (Segment seg : outputs.get(input).segments()) {
                            segments.add(new Segment(seg.space(), offset + seg.offset(), seg.channels()));
                        }
                        offset += outputs.get(input).channels();
                    }
                    return new Flow(List.copyOf(segments), 1);
                }
                default -> {
                    return in; // activations, pooling, dropout keep channels
                }
            }
        }

        /**
         * Joins the spaces of two inputs of an element-wise add or mul: segment by segment where
         * both split their channels alike (a gate of one space broadcasts over it the same way),
         * and otherwise fixes every space involved.
         */
        private Flow merge(Flow a, Flow b) {
            boolean alike = a.block() == b.block()
                    && a.segments().size() == b.segments().size();
            for (int i = 0; alike && i < a.segments().size(); i++) {
                alike = a.segments().get(i).channels() == b.segments().get(i).channels();
            }
            if (!alike) {
                a.segments().forEach(seg -> fix(seg.space()));
                b.segments().forEach(seg -> fix(seg.space()));
                return a;
            }
            for (int i = 0; i < a.segments().size(); i++) {
                union(a.segments().get(i).space(), b.segments().get(i).space());
            }
            return a;
        }

        /** Adds {@code l} to the space of every segment of {@code in}, at the segment's offset. */
        private void couple(LayerSpec l, CouplingRole role, Flow in) {
            for (Segment seg : in.segments()) {
                add(new Coupling(l.name(), l.type(), role, in.block(), seg.offset()), seg.space());
            }
        }

        private void add(Coupling c, String space) {
            couplings.add(c);
            couplingSpace.add(space);
        }

        private void fix(String space) {
            fixed.add(find(space));
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
