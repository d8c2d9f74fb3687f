package dev.pruneline.core.bundle;

import java.util.List;

/**
 * Input normalization applied to pixel values scaled to [0, 1]: {@code (x - mean[c]) / std[c]}.
 *
 * @param mean per-channel mean
 * @param std per-channel standard deviation
 */
public record Normalization(List<Double> mean, List<Double> std) {
    public Normalization {
        mean = List.copyOf(mean);
        std = List.copyOf(std);
        if (mean.size() != std.size() || mean.isEmpty()) {
            throw new BundleException("normalization: mean and std must be non-empty lists of equal length");
        }
        for (double s : std) {
            if (!(s > 0)) {
                throw new BundleException("normalization: std values must be > 0, found " + s);
            }
        }
    }

    /** The usual MNIST statistics. */
    public static Normalization mnist() {
        return new Normalization(List.of(0.1307), List.of(0.3081));
    }
}
