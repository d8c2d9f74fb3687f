package dev.pruneline.core.criteria;

import dev.pruneline.core.bundle.LayerSpec;
import dev.pruneline.core.bundle.ModelBundle;
import dev.pruneline.core.bundle.Tensor;
import dev.pruneline.core.graph.ChannelGroup;
import dev.pruneline.core.graph.DependencyGraph;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Random mask search (Anwar, Hwang, Sung, "Structured Pruning of Deep Convolutional Neural
 * Networks", ACM JETC 13(3), 2017, Sec. 4, "evolutionary particle filter" simplified to its
 * selection step): draw N random masks that remove a share a of every layer (weight granularity: of
 * every conv/linear weight tensor) or of every channel group (channel granularity), evaluate each
 * masked model on the validation split, and keep the best. Channel masks switch channels off in a
 * same-shape model ({@link ChannelMask}), so each candidate costs one batched validation pass.
 *
 * <p>Scores: each candidate is a random order of every unit's elements; its mask at ratio a is the
 * lowest {@code floor(a n)} of that order (at least one channel kept). The chosen candidate's order
 * is returned as scores ({@code rank / n}), so a pruner at ratio a applies exactly the chosen mask,
 * and at another ratio a nested one. Set {@code ratio} to the ratio the plan will use.
 * {@link #lastSearch()} reports every candidate's accuracy. Both granularities.
 *
 * <p>Parameters: {@code masks} (N, default 50), {@code ratio} (a, default 0.5).
 */
public final class RandomSearchCriterion implements ImportanceCriterion {
    /** Registry name. */
    public static final String NAME = "random-search";

    static final CriterionParameter MASKS =
            CriterionParameter.integer("masks", 50, 1, 100_000, "random masks N drawn and evaluated");
    static final CriterionParameter RATIO = CriterionParameter.number(
            "ratio", 0.5, 0, 0.99, "share a removed from every layer (weights) or group (channels) by each mask");

    private final ScoreCache weightCache = new ScoreCache();
    private final ScoreCache channelCache = new ScoreCache();
    private SearchSummary last;

    /**
     * What a search found.
     *
     * @param granularity {@code weight} or {@code channel}
     * @param ratio share a each mask removed per unit
     * @param accuracies validation accuracy of every candidate, in drawing order
     * @param chosen index of the kept candidate (the first best)
     */
    public record SearchSummary(String granularity, double ratio, double[] accuracies, int chosen) {
        /** Validation accuracy of the kept mask. */
        public double best() {
            return accuracies[chosen];
        }

        /** Median validation accuracy of all candidates. */
        public double median() {
            double[] s = accuracies.clone();
            Arrays.sort(s);
            int n = s.length;
            return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean scoresWeights() {
        return true;
    }

    @Override
    public boolean scoresChannels() {
        return true;
    }

    @Override
    public List<CriterionParameter> parameters() {
        return List.of(MASKS, RATIO);
    }

    /** The last search this instance ran. */
    public synchronized Optional<SearchSummary> lastSearch() {
        return Optional.ofNullable(last);
    }

    @Override
    public float[] weightScores(CriterionContext context, String weightTensor) {
        validate(context.parameters());
        return found(weightCache.get(context, c -> search(c, false)), weightTensor);
    }

    @Override
    public float[] channelScores(CriterionContext context, ChannelGroup group) {
        validate(context.parameters());
        return found(channelCache.get(context, c -> search(c, true)), group.id());
    }

    private float[] found(Map<String, float[]> scores, String unit) {
        float[] s = scores.get(unit);
        if (s == null) {
            throw new CriterionException("criterion '" + NAME + "': no prunable unit '" + unit + "'");
        }
        return s.clone();
    }

    private Map<String, float[]> search(CriterionContext context, boolean channels) {
        ModelBundle model = context.bundle();
        int masks = MASKS.intOf(NAME, context.parameters());
        double ratio = RATIO.numberOf(NAME, context.parameters());
        List<ChannelGroup> groups = channels ? DependencyGraph.of(model.spec()).groups() : List.of();
        Map<String, Integer> sizes = new LinkedHashMap<>();
        if (channels) {
            groups.forEach(g -> sizes.put(g.id(), g.channels()));
        } else {
            for (LayerSpec l : model.spec().layers()) {
                if (l.type().hasPrunableWeight()) {
                    sizes.put(
                            l.name() + ".weight",
                            model.tensor(l.name() + ".weight").data().length);
                }
            }
        }
        Random rnd = new Random(context.seed());
        double[] acc = new double[masks];
        Map<String, float[]> best = null;
        int chosen = -1;
        for (int m = 0; m < masks; m++) {
            Map<String, float[]> order = new LinkedHashMap<>();
            sizes.forEach((unit, n) -> order.put(unit, randomOrder(n, rnd)));
            ModelBundle candidate =
                    channels ? maskChannels(model, groups, order, ratio) : maskWeights(model, order, ratio);
            acc[m] = context.accuracyOf(NAME, candidate);
            if (chosen < 0 || acc[m] > acc[chosen]) {
                chosen = m;
                best = order;
            }
        }
        synchronized (this) {
            last = new SearchSummary(channels ? "channel" : "weight", ratio, acc, chosen);
        }
        return best;
    }

    /** A random permutation of 0..n-1 as scores {@code rank / n}. */
    private static float[] randomOrder(int n, Random rnd) {
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            int j = rnd.nextInt(i + 1);
            perm[i] = perm[j];
            perm[j] = i;
        }
        float[] s = new float[n];
        for (int rank = 0; rank < n; rank++) {
            s[perm[rank]] = (float) rank / n;
        }
        return s;
    }

    /** Elements with the {@code k} lowest scores ({@code rank / n}, so ranks below k). */
    private static boolean[] lowest(float[] scores, int k) {
        boolean[] r = new boolean[scores.length];
        for (int i = 0; i < scores.length; i++) {
            r[i] = Math.round(scores[i] * scores.length) < k;
        }
        return r;
    }

    private static ModelBundle maskWeights(ModelBundle model, Map<String, float[]> order, double ratio) {
        List<Tensor> masked = new ArrayList<>();
        order.forEach((name, s) -> {
            Tensor t = model.tensor(name);
            float[] d = t.data().clone();
            boolean[] r = lowest(s, (int) Math.floor(ratio * s.length));
            for (int i = 0; i < d.length; i++) {
                if (r[i]) {
                    d[i] = 0f;
                }
            }
            masked.add(new Tensor(name, t.shape().clone(), d));
        });
        return model.withTensors(masked);
    }

    private static ModelBundle maskChannels(
            ModelBundle model, List<ChannelGroup> groups, Map<String, float[]> order, double ratio) {
        Map<ChannelGroup, int[]> removed = new LinkedHashMap<>();
        for (ChannelGroup g : groups) {
            float[] s = order.get(g.id());
            int k = Math.min(s.length - 1, (int) Math.floor(ratio * s.length));
            boolean[] r = lowest(s, k);
            removed.put(g, IntStream.range(0, r.length).filter(i -> r[i]).toArray());
        }
        return ChannelMask.zero(model, removed);
    }
}
