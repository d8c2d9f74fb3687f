package dev.pruneline.core.criteria;

import ai.djl.ndarray.NDArray;
import dev.pruneline.core.bundle.LayerSpec;
import dev.pruneline.core.bundle.Tensor;
import dev.pruneline.core.data.ImageSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Connection pruning by activation correlation (Sun, Wang, Tang, "Sparsifying Neural Network
 * Connections for Face Recognition", CVPR 2016, Sec. 3, eq. 1-2): a connection between neuron i of
 * one layer and neuron j of the next is worth keeping when their activations are correlated,
 * {@code r_ij = cov(x_i, y_j) / (sigma_i sigma_j)} over the calibration images; strongly positive
 * and strongly negative correlations are kept, weakly correlated connections are pruned, and a small
 * random share of the weak ones is kept as the paper does (it found that helps). The score of a
 * weight is {@code |r_ij|} (one scale, [0, 1], for every layer, so one global threshold works), and
 * a random {@code keep_random} share of all weights gets {@code 1 + |r_ij|}, above every plain
 * score: among the weak ones that share survives. x is the layer's input (the previous layer's
 * post-activation output), y its own post-activation output. Linear layers: per neuron. Conv layers
 * are treated per channel: x_i, y_j are the channels' global averages per image, and all kh x kw
 * weights between input channel i and output channel j share {@code |r_ij|}. Only running sums
 * (of x, x^2, y, y^2 and the y^T x products) are kept. Weights only.
 *
 * <p>Parameters: {@code images} (default 512), {@code keep_random} (default 0.05).
 */
public final class CorrelationCriterion extends WeightStatisticsCriterion {
    /** Registry name. */
    public static final String NAME = "correlation";

    static final CriterionParameter IMAGES = CriterionParameter.images(512);
    static final CriterionParameter KEEP_RANDOM = CriterionParameter.number(
            "keep_random", 0.05, 0, 0.5, "share of connections kept at random whatever their correlation");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<CriterionParameter> parameters() {
        return List.of(IMAGES, KEEP_RANDOM);
    }

    /** Running sums for the correlations between one layer's inputs and outputs. */
    private static final class Moments {
        double n;
        double[] sx;
        double[] sxx;
        double[] sy;
        double[] syy;
        double[] sxy;

        void add(float[] x, float[] y, float[] cross, int batch) {
            int in = x.length / batch;
            int out = y.length / batch;
            if (sx == null) {
                sx = new double[in];
                sxx = new double[in];
                sy = new double[out];
                syy = new double[out];
                sxy = new double[out * in];
            }
            for (int i = 0; i < x.length; i++) {
                sx[i % in] += x[i];
                sxx[i % in] += (double) x[i] * x[i];
            }
            for (int i = 0; i < y.length; i++) {
                sy[i % out] += y[i];
                syy[i % out] += (double) y[i] * y[i];
            }
            for (int i = 0; i < cross.length; i++) {
                sxy[i] += cross[i];
            }
            n += batch;
        }

        /** r (out x in), 0 where either side does not vary. */
        double[] correlation() {
            int in = sx.length;
            int out = sy.length;
            double[] r = new double[out * in];
            for (int j = 0; j < out; j++) {
                double my = sy[j] / n;
                double vy = syy[j] / n - my * my;
                for (int i = 0; i < in; i++) {
                    double mx = sx[i] / n;
                    double vx = sxx[i] / n - mx * mx;
                    double cov = sxy[j * in + i] / n - mx * my;
                    r[j * in + i] = vx > 1e-12 && vy > 1e-12 ? Math.max(-1, Math.min(1, cov / Math.sqrt(vx * vy))) : 0;
                }
            }
            return r;
        }
    }

    @Override
    protected Map<String, float[]> scoreTensors(CriterionContext context) {
        List<LayerSpec> layers = weightLayers(context);
        ActivationSites sites = new ActivationSites(context.bundle().spec());
        int images = IMAGES.intOf(NAME, context.parameters());
        Set<String> wanted = new LinkedHashSet<>();
        for (LayerSpec l : layers) {
            wanted.add(sites.postActivation(l.name()));
            if (sites.inputOf(l.name()) != null) {
                wanted.add(sites.inputOf(l.name()));
            }
        }
        ImageSet pixels = context.data(NAME).validation();
        Map<String, Moments> moments = new HashMap<>();
        int[] offset = {0};
        context.activations(NAME, new ActivationRequest(wanted, images, false), (acts, grads, labels) -> {
            int batch = labels.length;
            for (LayerSpec l : layers) {
                String in = sites.inputOf(l.name());
                NDArray y = pooled(acts.get(sites.postActivation(l.name())));
                float[] yv = y.toFloatArray();
                float[] xv;
                float[] cross;
                if (in == null) {
                    xv = imageMeans(pixels, offset[0], batch);
                    int out = yv.length / batch;
                    int channels = pixels.channels();
                    cross = new float[out * channels];
                    for (int b = 0; b < batch; b++) {
                        for (int j = 0; j < out; j++) {
                            for (int c = 0; c < channels; c++) {
                                cross[j * channels + c] += yv[b * out + j] * xv[b * channels + c];
                            }
                        }
                    }
                } else {
                    NDArray x = pooled(acts.get(in));
                    xv = x.toFloatArray();
                    cross = y.transpose().matMul(x).toFloatArray();
                }
                moments.computeIfAbsent(l.name(), k -> new Moments()).add(xv, yv, cross, batch);
            }
            offset[0] += batch;
        });
        double keep = KEEP_RANDOM.numberOf(NAME, context.parameters());
        Random rnd = new Random(context.seed());
        Map<String, float[]> out = new LinkedHashMap<>();
        for (LayerSpec l : layers) {
            Tensor w = context.bundle().tensor(l.name() + ".weight");
            double[] r = moments.get(l.name()).correlation();
            int in = w.shape()[1];
            int per = w.data().length / w.shape()[0] / in;
            float[] s = new float[w.data().length];
            for (int i = 0; i < s.length; i++) {
                int j = i / (per * in);
                int k = (i / per) % in;
                s[i] = (float) Math.abs(r[j * in + k]) + (rnd.nextDouble() < keep ? 1f : 0f);
            }
            out.put(w.name(), s);
        }
        return out;
    }

    /** (batch, channels) global averages of a layer output. */
    private static NDArray pooled(NDArray a) {
        NDArray v = ChannelReductions.perChannel(a);
        return v.sum(new int[] {2}).div(v.getShape().get(2));
    }

    /**
     * (count, channels) mean raw pixel of each image's channels: correlation ignores the input normalisation, an
     * affine map per channel.
     */
    private static float[] imageMeans(ImageSet set, int from, int count) {
        int channels = set.channels();
        int plane = set.rows() * set.cols();
        float[] out = new float[count * channels];
        for (int b = 0; b < count; b++) {
            for (int c = 0; c < channels; c++) {
                int base = ((from + b) * channels + c) * plane;
                long sum = 0;
                for (int p = 0; p < plane; p++) {
                    sum += set.pixels()[base + p] & 0xff;
                }
                out[b * channels + c] = (float) sum / plane;
            }
        }
        return out;
    }
}
