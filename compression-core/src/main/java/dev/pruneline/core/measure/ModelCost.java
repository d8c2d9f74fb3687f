package dev.pruneline.core.measure;

import dev.pruneline.core.bundle.LayerShapes;
import dev.pruneline.core.bundle.LayerType;
import dev.pruneline.core.bundle.ModelBundle;
import dev.pruneline.core.bundle.ShapeInference;
import dev.pruneline.core.bundle.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Cost of a whole model, per layer and in total.
 *
 * @param layers per-layer costs in graph order
 * @param parameters total trainable parameters
 * @param nonzeroParameters total non-zero trainable parameters
 * @param macs total MACs per image
 * @param nonzeroMacs total MACs of non-zero weights per image
 * @param prunableWeights elements of the conv and linear weight tensors
 * @param sparsity share of those prunable weights that are zero
 * @param energyMicrojoules estimated energy per image, summed over layers ({@link EnergyModel#EYERISS_45NM})
 */
public record ModelCost(
        List<LayerCost> layers,
        long parameters,
        long nonzeroParameters,
        long macs,
        long nonzeroMacs,
        long prunableWeights,
        double sparsity,
        double energyMicrojoules) {

    /** Measures a bundle. */
    public static ModelCost of(ModelBundle bundle) {
        List<LayerCost> out = new ArrayList<>();
        long params = 0;
        long nonzero = 0;
        long macs = 0;
        long nzMacs = 0;
        long prunable = 0;
        long prunableZeros = 0;
        double energy = 0;
        for (LayerShapes s : ShapeInference.infer(bundle.spec())) {
            long p = 0;
            long nz = 0;
            for (Map.Entry<String, int[]> e : s.parameters().entrySet()) {
                if (e.getKey().endsWith(".running_mean") || e.getKey().endsWith(".running_var")) {
                    continue;
                }
                Tensor t = bundle.tensor(e.getKey());
                p += t.data().length;
                nz += t.data().length - t.zeroCount();
            }
            long m = 0;
            long nzm = 0;
            double sparsity = 0;
            double layerEnergy = 0;
            LayerType type = s.layer().type();
            if (type.hasPrunableWeight()) {
                Tensor w = bundle.tensor(s.layer().name() + ".weight");
                long zeros = w.zeroCount();
                long perWeight = type == LayerType.CONV2D ? (long) s.output()[1] * s.output()[2] : 1;
                m = w.data().length * perWeight;
                nzm = (w.data().length - zeros) * perWeight;
                sparsity = (double) zeros / w.data().length;
                prunable += w.data().length;
                prunableZeros += zeros;
                layerEnergy = EnergyModel.EYERISS_45NM.layerPicojoules(s, w.data().length - zeros, nzm) / 1e6;
                energy += layerEnergy;
            }
            out.add(new LayerCost(
                    s.layer().name(), type.jsonName(), p, nz, m, nzm, sparsity, layerEnergy, width(type, s.output())));
            params += p;
            nonzero += nz;
            macs += m;
            nzMacs += nzm;
        }
        return new ModelCost(
                List.copyOf(out),
                params,
                nonzero,
                macs,
                nzMacs,
                prunable,
                prunable == 0 ? 0 : (double) prunableZeros / prunable,
                energy);
    }

    /** Output channels of a conv or batch norm, output features of a linear layer; 0 for other layers. */
    private static int width(LayerType type, int[] output) {
        boolean widthOf = type == LayerType.CONV2D || type == LayerType.LINEAR || type == LayerType.BATCHNORM;
        return widthOf && output.length > 0 ? output[0] : 0;
    }
}
