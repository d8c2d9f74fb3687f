package dev.pruneline.core.compare;

import dev.pruneline.core.criteria.CriterionContext;
import dev.pruneline.core.criteria.CriterionParameter;
import dev.pruneline.core.criteria.ImportanceCriterion;
import dev.pruneline.core.graph.ChannelGroup;
import java.util.List;
import java.util.Map;

/**
 * A criterion that adds up the wall time spent inside its scoring calls: the cost of the criterion
 * itself, apart from planning, surgery and fine-tuning. Criteria cache the scores of the model they
 * scored last, so repeated calls during planning add almost nothing.
 */
public final class TimedCriterion implements ImportanceCriterion {
    private final ImportanceCriterion inner;
    private long nanos;

    /** Times {@code inner}. */
    public TimedCriterion(ImportanceCriterion inner) {
        this.inner = inner;
    }

    /** The wrapped criterion. */
    public ImportanceCriterion inner() {
        return inner;
    }

    /** Seconds spent scoring so far. */
    public synchronized double seconds() {
        return nanos / 1e9;
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public boolean scoresWeights() {
        return inner.scoresWeights();
    }

    @Override
    public boolean scoresChannels() {
        return inner.scoresChannels();
    }

    @Override
    public List<CriterionParameter> parameters() {
        return inner.parameters();
    }

    @Override
    public void validate(Map<String, String> values) {
        inner.validate(values);
    }

    @Override
    public float[] weightScores(CriterionContext context, String weightTensor) {
        long t0 = System.nanoTime();
        try {
            return inner.weightScores(context, weightTensor);
        } finally {
            add(System.nanoTime() - t0);
        }
    }

    @Override
    public float[] channelScores(CriterionContext context, ChannelGroup group) {
        long t0 = System.nanoTime();
        try {
            return inner.channelScores(context, group);
        } finally {
            add(System.nanoTime() - t0);
        }
    }

    private synchronized void add(long n) {
        nanos += n;
    }
}
