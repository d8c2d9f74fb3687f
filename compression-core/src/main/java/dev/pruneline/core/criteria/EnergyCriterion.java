package dev.pruneline.core.criteria;

import ai.djl.ndarray.NDArray;
import dev.pruneline.core.bundle.LayerSpec;
import dev.pruneline.core.bundle.Normalization;
import dev.pruneline.core.bundle.Tensor;
import dev.pruneline.core.data.ChannelNormalization;
import dev.pruneline.core.data.ImageSet;
import dev.pruneline.core.measure.LayerCost;
import dev.pruneline.core.measure.ModelCost;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Energy-aware pruning (Yang, Chen, Sze, "Designing Energy-Efficient Convolutional Neural Networks
 * using Energy-Aware Pruning", CVPR 2017, Sec. 4 and Fig. 3), as a per-weight removal order that the
 * weight pruner cuts under one global target (use it with the energy target, {@code target=energy} /
 * {@code --energy-reduction}). Weights only.
 *
 * <p>What is done, step by step as in Fig. 3:
 * <ol>
 * <li><b>Energy estimate and layer order</b> (Sec. 3 and 4.1): each conv/linear layer's energy E_L
 * comes from the cost model ({@link dev.pruneline.core.measure.EnergyModel}: computation plus data
 * movement) and the layers are visited from the most energy-hungry to the least.</li>
 * <li><b>Magnitude candidates</b> (Sec. 4.2, "remove weights"): within a layer the weights are taken by
 * magnitude, smallest first, in rounds of {@code window} (a share of the layer's weights, at least one
 * weight).</li>
 * <li><b>Restore</b> (Sec. 4.3, "restore weights"): in each round, the output error each candidate's
 * removal causes is measured on the calibration images and the {@code restore} share of the round's
 * candidates (rounded) with the largest error is restored: they leave the candidate list and go to the
 * end of the layer's removal order, so they are kept unless the target needs every other weight of the
 * layer (among themselves, smallest output error first). Removing weight w that multiplies input
 * channel (or feature) c changes the layer output by {@code w * x_c} at every position it touches, so
 * its squared output error over the calibration set is {@code w^2 E[x_c^2]} (times the position count,
 * the same for all weights of a layer); E[x_c^2] is
 * measured with one forward pass. For a linear layer this is exact; for a conv layer it ignores the
 * zero-padded border (E[x_c^2] is the mean over the whole input map, not per kernel offset).</li>
 * <li><b>Energy order across layers</b>: a weight at position p of its layer's removal order (n weights)
 * gets the score {@code (p + 1) / n / (E_L / mean_L E_L)^energy_power}. Under the global threshold a
 * layer therefore loses its removal order's prefix (magnitude candidates minus the restored ones), and
 * the more energy a layer takes the earlier and further it is pruned: the most energy-hungry layer is
 * always the most pruned. {@code energy_power=0} prunes every layer by the same share.</li>
 * </ol>
 *
 * <p>What is not done: the paper prunes one layer at a time, choosing each layer's amount so that the
 * accuracy drop stays bounded, then fine-tunes that layer locally by least squares (Sec. 4.4) before visiting the
 * next one, and re-measures the inputs of later layers after earlier ones are pruned. Here the amounts
 * come from the one global target with the energy weighting above, every output error is measured once
 * on the unpruned model, and there is no local least-squares fine-tuning (the pipeline's global
 * fine-tuning, Sec. 4.5, follows pruning as usual; {@code schedule=iterative} rescoring between rounds is the
 * closest to the paper's iterations).
 *
 * <p>Parameters: {@code images} (default 256), {@code energy_power} (default 1), {@code window}
 * (default 0.1), {@code restore} (default 0.1; 0 is plain magnitude pruning in energy order).
 */
public final class EnergyCriterion extends WeightStatisticsCriterion {
    /** Registry name. */
    public static final String NAME = "energy";

    static final CriterionParameter IMAGES = CriterionParameter.images(256);
    static final CriterionParameter POWER = CriterionParameter.number(
            "energy_power", 1, 0, 8, "how much further a layer with a larger share of the energy is pruned");
    static final CriterionParameter WINDOW = CriterionParameter.number(
            "window", 0.1, 0.0001, 1, "share of a layer's weights taken as magnitude candidates per round");
    static final CriterionParameter RESTORE = CriterionParameter.number(
            "restore",
            0.1,
            0,
            1,
            "share of each round's candidates restored: those whose removal causes the largest output error");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<CriterionParameter> parameters() {
        return List.of(IMAGES, POWER, WINDOW, RESTORE);
    }

    @Override
    protected Map<String, float[]> scoreTensors(CriterionContext context) {
        List<LayerSpec> layers = weightLayers(context);
        Map<String, double[]> meanSquare = inputMeanSquares(context, layers);
        Map<String, Double> energy = new HashMap<>();
        for (LayerCost c : ModelCost.of(context.bundle()).layers()) {
            energy.put(c.layer(), c.energyMicrojoules());
        }
        double meanEnergy =
                layers.stream().mapToDouble(l -> energy.get(l.name())).average().orElse(1);
        double power = POWER.numberOf(NAME, context.parameters());
        double window = WINDOW.numberOf(NAME, context.parameters());
        double restore = RESTORE.numberOf(NAME, context.parameters());
        // visit the layers from the most energy-hungry down (Fig. 3); ties in graph order
        List<LayerSpec> byEnergy = new ArrayList<>(layers);
        byEnergy.sort(Comparator.comparingDouble((LayerSpec l) -> -energy.get(l.name())));
        Map<String, float[]> scored = new HashMap<>();
        for (LayerSpec l : byEnergy) {
            Tensor w = context.bundle().tensor(l.name() + ".weight");
            int[] order = removalOrder(w, meanSquare.get(l.name()), window, restore);
            double factor = meanEnergy > 0 ? Math.pow(energy.get(l.name()) / meanEnergy, power) : 1;
            factor = factor > 0 ? factor : Double.MIN_NORMAL;
            float[] s = new float[order.length];
            for (int p = 0; p < order.length; p++) {
                s[order[p]] = (float) ((p + 1.0) / order.length / factor);
            }
            scored.put(w.name(), s);
        }
        Map<String, float[]> out = new LinkedHashMap<>();
        for (LayerSpec l : layers) {
            out.put(l.name() + ".weight", scored.get(l.name() + ".weight"));
        }
        return out;
    }

    /**
     * A layer's removal order (weight indices, first removed first): rounds of magnitude candidates,
     * smallest first, each less its {@code restore} share with the largest output error
     * {@code w^2 E[x_c^2]}; the restored weights follow, smallest output error first.
     */
    static int[] removalOrder(Tensor w, double[] inputMeanSquare, double window, double restore) {
        float[] v = w.data();
        int in = w.shape()[1];
        int per = v.length / w.shape()[0] / in;
        double[] error = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            error[i] = (double) v[i] * v[i] * inputMeanSquare[(i / per) % in];
        }
        List<Integer> byMagnitude = new ArrayList<>();
        for (int i = 0; i < v.length; i++) {
            byMagnitude.add(i);
        }
        byMagnitude.sort(
                Comparator.comparingDouble((Integer i) -> Math.abs(v[i])).thenComparingInt(i -> i));
        int size = Math.max(1, (int) Math.round(window * v.length));
        int[] order = new int[v.length];
        int removed = 0;
        List<Integer> restored = new ArrayList<>();
        for (int from = 0; from < v.length; from += size) {
            List<Integer> candidates = new ArrayList<>(byMagnitude.subList(from, Math.min(v.length, from + size)));
            int keep = (int) Math.round(restore * candidates.size());
            List<Integer> byError = new ArrayList<>(candidates);
            byError.sort(Comparator.comparingDouble((Integer i) -> -error[i]).thenComparingInt(i -> i));
            Set<Integer> back = new HashSet<>(byError.subList(0, keep));
            for (int i : candidates) {
                if (back.contains(i)) {
                    restored.add(i);
                } else {
                    order[removed++] = i;
                }
            }
        }
        restored.sort(Comparator.comparingDouble((Integer i) -> error[i]).thenComparingInt(i -> i));
        for (int i : restored) {
            order[removed++] = i;
        }
        return order;
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
                float[] v = a.square()
                        .sum(new int[] {2})
                        .div(a.getShape().get(2))
                        .sum(new int[] {0})
                        .toFloatArray();
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
            double[] ms =
                    in == null ? pixelMeanSquare(context, images) : sums.get(in).clone();
            if (in != null) {
                for (int c = 0; c < ms.length; c++) {
                    ms[c] /= Math.max(1, n[0]);
                }
            }
            out.put(l.name(), ms);
        }
        return out;
    }

    /** E[x_c^2] of each channel of the normalised model input, for a layer reading the input directly. */
    private static double[] pixelMeanSquare(CriterionContext context, int images) {
        ImageSet set = context.data(NAME).validation().head(images);
        Normalization n = context.bundle().spec().normalization();
        ChannelNormalization norm = ChannelNormalization.of(
                "model '" + context.bundle().spec().name() + "'", n.mean(), n.std(), set.channels());
        int plane = set.rows() * set.cols();
        double[] acc = new double[set.channels()];
        byte[] px = set.pixels();
        for (int i = 0; i < set.size(); i++) {
            for (int c = 0; c < acc.length; c++) {
                int base = (i * acc.length + c) * plane;
                for (int p = 0; p < plane; p++) {
                    double x = norm.apply(c, px[base + p]);
                    acc[c] += x * x;
                }
            }
        }
        for (int c = 0; c < acc.length; c++) {
            acc[c] = set.size() == 0 ? 1 : acc[c] / ((double) set.size() * plane);
        }
        return acc;
    }
}
