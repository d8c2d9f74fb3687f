package dev.pruneline.core.plan;

import java.util.List;

/**
 * How validation accuracy falls when one unit alone (a channel group or a weight tensor) is pruned
 * at rising ratios (Han et al. 2015, Fig. 6; Li et al. 2017, Fig. 2).
 *
 * @param unit channel group id or weight tensor name
 * @param size channels of the group or weights of the tensor
 * @param baseline validation accuracy of the unpruned model
 * @param points measurements in ascending ratio order
 */
public record SensitivityCurve(String unit, int size, double baseline, List<SensitivityPoint> points) {

    public SensitivityCurve {
        points = List.copyOf(points);
    }

    /** Accuracy at a ratio, linearly interpolated (ratio 0 is the baseline). */
    public double accuracyAt(double ratio) {
        double prevR = 0;
        double prevA = baseline;
        for (SensitivityPoint p : points) {
            if (ratio <= p.ratio()) {
                double span = p.ratio() - prevR;
                return span <= 0 ? p.accuracy() : prevA + (p.accuracy() - prevA) * (ratio - prevR) / span;
            }
            prevR = p.ratio();
            prevA = p.accuracy();
        }
        return prevA;
    }

    /**
     * The largest ratio up to which the accuracy stays within {@code drop} of the baseline, walking
     * up from 0 and stopping at the first crossing (interpolated), so it never grows when
     * {@code drop} shrinks. Never beyond the largest measured ratio.
     */
    public double maxRatioWithin(double drop) {
        double floor = baseline - drop;
        double prevR = 0;
        double prevA = baseline;
        for (SensitivityPoint p : points) {
            if (p.accuracy() < floor) {
                if (prevA <= floor || p.accuracy() == prevA) {
                    return prevR;
                }
                return prevR + (p.ratio() - prevR) * (prevA - floor) / (prevA - p.accuracy());
            }
            prevR = p.ratio();
            prevA = p.accuracy();
        }
        return prevR;
    }
}
