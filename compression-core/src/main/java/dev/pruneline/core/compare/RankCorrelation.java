package dev.pruneline.core.compare;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/** Spearman rank correlation (ties get their average rank), per channel group and pooled over groups. */
public final class RankCorrelation {
    private RankCorrelation() {}

    /** Spearman's rho of two score vectors of equal length; 0 when either is constant. */
    public static double spearman(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("score vectors differ in length: " + a.length + " vs " + b.length);
        }
        return pearson(ranks(a), ranks(b));
    }

    /**
     * Mean of the per-group rho weighted by the group's channels: channel scores of different
     * groups are not on one scale, so rankings are compared within each group.
     */
    public static double weighted(Map<String, float[]> reference, Map<String, float[]> other) {
        double sum = 0;
        double weight = 0;
        for (Map.Entry<String, float[]> e : reference.entrySet()) {
            float[] o = other.get(e.getKey());
            if (o != null && o.length > 1) {
                sum += spearman(e.getValue(), o) * o.length;
                weight += o.length;
            }
        }
        return weight == 0 ? Double.NaN : sum / weight;
    }

    /** The weighted rho of {@code reference} against uniformly random rankings, averaged over {@code draws}. */
    public static double randomBaseline(Map<String, float[]> reference, int draws, long seed) {
        Random rnd = new Random(seed);
        double sum = 0;
        for (int d = 0; d < draws; d++) {
            Map<String, float[]> random = new LinkedHashMap<>();
            reference.forEach((id, s) -> {
                float[] r = new float[s.length];
                for (int i = 0; i < r.length; i++) {
                    r[i] = rnd.nextFloat();
                }
                random.put(id, r);
            });
            sum += weighted(reference, random);
        }
        return sum / draws;
    }

    static double[] ranks(float[] v) {
        Integer[] idx = new Integer[v.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (x, y) -> Float.compare(v[x], v[y]));
        double[] r = new double[v.length];
        int i = 0;
        while (i < idx.length) {
            int j = i;
            while (j + 1 < idx.length && v[idx[j + 1]] == v[idx[i]]) {
                j++;
            }
            double avg = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                r[idx[k]] = avg;
            }
            i = j + 1;
        }
        return r;
    }

    private static double pearson(double[] x, double[] y) {
        int n = x.length;
        double mx = Arrays.stream(x).average().orElse(0);
        double my = Arrays.stream(y).average().orElse(0);
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < n; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxx == 0 || syy == 0 ? 0 : sxy / Math.sqrt(sxx * syy);
    }
}
