package dev.pruneline.core.measure;

import dev.pruneline.core.bundle.LayerShapes;
import dev.pruneline.core.bundle.LayerType;

/**
 * Energy estimate of one conv or linear layer per image, after the Eyeriss-style model of
 * energy-aware pruning (T.-J. Yang, Y.-H. Chen, V. Sze, "Designing Energy-Efficient Convolutional
 * Neural Networks using Energy-Aware Pruning", CVPR 2017, Sec. 3):
 *
 * <pre>
 * E = E_compute + E_data
 * E_compute = nonzero MACs * e_MAC                (zero weights are skipped, as in the paper)
 * E_data    = sum over levels L of accesses_L * e_L
 *   DRAM   : non-zero weights + input activations + output activations     (each moved once)
 *   buffer : non-zero weights + input activations * kh*kw + output activations
 *            (an input is re-read from the global buffer for each kernel position it serves)
 *   RF     : 3 * non-zero MACs  (weight, activation, partial sum per MAC)
 * </pre>
 *
 * Per-access costs are relative to one MAC as in Eyeriss (Y.-H. Chen, J. Emer, V. Sze, ISCA 2016,
 * used by Yang et al. 2017): register file 1x, global buffer 6x, DRAM 200x. The absolute MAC cost
 * is a 32-bit float multiply (3.7 pJ) plus add (0.9 pJ) at 45 nm, 0.9 V (M. Horowitz, "Computing's
 * Energy Problem", ISSCC 2014), so e_MAC = 4.6 pJ, e_RF = 4.6 pJ, e_buffer = 27.6 pJ, e_DRAM = 920 pJ
 * (Horowitz lists 640 pJ for a 32-bit DRAM read: the same order). Only conv and linear layers are
 * counted; batch-norm, activation and pooling are folded or cheap on such hardware. The numbers are
 * a model for ranking and planning, not a measurement.
 *
 * @param macPicojoules energy of one MAC
 * @param registerFile relative cost of a register-file access
 * @param buffer relative cost of a global-buffer access
 * @param dram relative cost of a DRAM access
 */
public record EnergyModel(double macPicojoules, double registerFile, double buffer, double dram) {
    /** The costs above. */
    public static final EnergyModel EYERISS_45NM = new EnergyModel(4.6, 1, 6, 200);

    /** Energy in picojoules of one layer per image. */
    public double layerPicojoules(LayerShapes s, long nonzeroWeights, long nonzeroMacs) {
        LayerType t = s.layer().type();
        if (!t.hasPrunableWeight()) {
            return 0;
        }
        long in = elements(s.input());
        long out = elements(s.output());
        int window = 1;
        if (t == LayerType.CONV2D) {
            int[] k = s.layer().pairAttr("kernel", null);
            window = k[0] * k[1];
        }
        double dramAccesses = nonzeroWeights + in + out;
        double bufferAccesses = nonzeroWeights + (double) in * window + out;
        double rfAccesses = 3.0 * nonzeroMacs;
        return macPicojoules
                * (nonzeroMacs + rfAccesses * registerFile + bufferAccesses * buffer + dramAccesses * dram);
    }

    private static long elements(int[] shape) {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }
}
