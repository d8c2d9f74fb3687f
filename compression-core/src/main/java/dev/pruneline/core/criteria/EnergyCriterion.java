package dev.pruneline.core.criteria;

import ai.djl.ndarray.NDArray;
import dev.pruneline.core.bundle.LayerSpec;
import dev.pruneline.core.bundle.Tensor;
import dev.pruneline.core.data.ImageSet;
import dev.pruneline.core.measure.LayerCost;
import dev.pruneline.core.measure.ModelCost;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Energy-aware pruning (Yang, Chen, Sze, "Designing Energy-Efficient Convolutional Neural Networks
 * using Energy-Aware Pruning", CVPR 2017, Sec. 4 and Fig. 3): layers are pruned in order of their
 * estimated energy, the most energy-hungry first; within a layer weights are removed by magnitude,
 * then the weights whose removal causes the largest output error on calibration data are restored
 * (Sec. 4.2, "restore weights").
 *
 * <p>Here that becomes one score per weight. Removing weight w that multiplies input channel (or
 * feature) i changes the layer output by {@code w * x_i} at every position it touches, so its
 * output error on the calibration set is {@code w^2 E[x_i^2]}; ranking a layer's weights by
 * {@code |w| sqrt(E[x_i^2])} is magnitude pruning with the restoration step folded in (a small weight
 * on a strong input ranks as kept; on a dead input it goes first, whatever its size). Per layer the
 * scores are divided by their mean and then by {@code (E_L / mean_L E_L)^energy_power}, E_L the layer
 * energy from the cost model ({@link dev.pruneline.core.measure.EnergyModel}: computation plus data
 * movement), so under one global threshold the energy-hungry layers are pruned first and furthest.
 * The paper prunes layers strictly one after the other with local least-squares fine-tuning; that
 * sequential search is not done here, the energy weighting stands in for the order. Use it with the
 * energy target ({@code target=energy}, {@code --energy-reduction}). Weights only.
 *
 * <p>Parameters: {@code images} (default 256), {@code energy_power} (default 1; 0 ignores energy).
 */
public final class EnergyCriterion extends WeightStatisticsCriterion {
    /** Registry name. */
    public static final String NAME = "energy";
    static final CriterionParameter IMAGES = CriterionParameter.images(256);
    static final CriterionParameter POWER = CriterionParameter.number("energy_power", 1, 0, 8,
            "how strongly a layer's share of the energy lowers its weights' scores");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<CriterionParameter> parameters() {
        return List.of(IMAGES, POWER);
    }

    @Override
    protected Map<String, float[]> scoreTensors(CriterionContext context) {
        List<LayerSpec> layers = weightLayers(context);
        Map<String, double[]> meanSquare = inputMeanSquares(context, layers);
        Map<String, Double> energy = new HashMap<>();
        for (LayerCost c : ModelCost.of(context.bundle()).layers()) {
            energy.put(c.layer(), c.energyMicrojoules());
        }
        double meanEnergy = layers.stream().mapToDouble(l -> energy.get(l.name())).average().orElse(1);
        double power = POWER.numberOf(NAME, context.parameters());
        Map<String, float[]> out = new LinkedHashMap<>();
        for (LayerSpec l : layers) {
            Tensor w = context.bundle().tensor(l.name() + ".weight");
            double[] ms = meanSquare.get(l.name());
            int in = w.shape()[1];
            int per = w.data().length / w.shape()[0] / in;
            double[] e = new double[w.data().length];
            double sum = 0;
            for (int i = 0; i < e.length; i++) {
                e[i] = Math.abs(w.data()[i]) * Math.sqrt(ms[(i / per) % in]);
                sum += e[i];
            }
            double mean = sum / e.length;
            double factor = meanEnergy > 0 ? Math.pow(energy.get(l.name()) / meanEnergy, power) : 1;
            float[] s = new float[e.length];
            for (int i = 0; i < s.length; i++) {
                s[i] = (float) (mean > 0 && factor > 0 ? e[i] / mean / factor : e[i]);
            }
            out.put(w.name(), s);
        }
        return out;
    }

    /** E[x_i^2] of each weight layer's input channels (conv) or features (linear). */
    private static Map<String, double[]> inputMeanSquares(CriterionContext context, List<LayerSpec> layers) {
        ActivationSites sites = new ActivationSites(context.bundle().spec());
        int images = IMAGES.intOf(NAME, context.parameters());
        Set<String> inputs = new LinkedHashSet<>();
        for (LayerSpec l : layers) {
            String in = sites.inputOf(l.name());
            if (in != null) {
                inputs.add(in);
            }
        }
        Map<String, double[]> sums = new HashMap<>();
        long[] n = {0};
        context.activations(NAME, new ActivationRequest(inputs, images, false), (acts, grads, labels) -> {
            for (String layer : inputs) {
                NDArray a = ChannelReductions.perChannel(acts.get(layer));
                float[] v = a.square().sum(new int[] {2}).div(a.getShape().get(2)).sum(new int[] {0}).toFloatArray();
                double[] acc = sums.computeIfAbsent(layer, k -> new double[v.length]);
                for (int c = 0; c < v.length; c++) {
                    acc[c] += v[c];
                }
            }
            n[0] += labels.length;
        });
        Map<String, double[]> out = new HashMap<>();
        for (LayerSpec l : layers) {
            String in = sites.inputOf(l.name());
            double[] ms = in == null ? pixelMeanSquare(context, images) : sums.get(in).clone();
            if (in != null) {
                for (int c = 0; c < ms.length; c++) {
                    ms[c] /= Math.max(1, n[0]);
                }
            }
            out.put(l.name(), ms);
        }
        return out;
    }

    /** E[x^2] of the normalised model input (one channel), for a layer reading the input directly. */
    private static double[] pixelMeanSquare(CriterionContext context, int images) {
        ImageSet set = context.data(NAME).validation().head(images);
        double mean = context.bundle().spec().normalization().mean().get(0);
        double std = context.bundle().spec().normalization().std().get(0);
        double acc = 0;
        for (byte p : set.pixels()) {
            double x = ((p & 0xff) / 255.0 - mean) / std;
            acc += x * x;
        }
        return new double[] {set.pixels().length == 0 ? 1 : acc / set.pixels().length};
    }
}
