package dev.pruneline.core.criteria;

import dev.pruneline.core.graph.ChannelGroup;
import dev.pruneline.core.graph.DependencyGraph;
import java.util.List;
import java.util.Map;

/**
 * Base of the channel criteria that score every group of a model in one pass over calibration data
 * (APoZ, entropy, LDA, Taylor, oracle): {@link #scoreGroups} runs once per model and the result is
 * cached ({@link ScoreCache}), so planning, which asks for scores many times, costs one pass.
 */
abstract class ChannelStatisticsCriterion implements ImportanceCriterion {
    private final ScoreCache cache = new ScoreCache();

    @Override
    public final boolean scoresChannels() {
        return true;
    }

    @Override
    public final float[] channelScores(CriterionContext context, ChannelGroup group) {
        validate(context.parameters());
        float[] s = cache.get(
                        context,
                        c -> scoreGroups(
                                c, DependencyGraph.of(c.bundle().spec()).groups()))
                .get(group.id());
        if (s == null) {
            throw new CriterionException("criterion '" + name() + "': no channel group '" + group.id() + "' in model '"
                    + context.bundle().spec().name() + "'");
        }
        return s.clone();
    }

    /** Scores of every group, by group id; higher = more important. */
    protected abstract Map<String, float[]> scoreGroups(CriterionContext context, List<ChannelGroup> groups);
}
